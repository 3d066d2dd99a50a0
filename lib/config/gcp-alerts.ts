import { z } from 'zod';
import { emailAddress, pagingEndpoint, wholeNumber } from './primitives';

/**
 * `gcp.alerts`: DETECT and DETECT-ACTIVITY on Google Cloud, who the log-based alerts reach (the Cloud
 * Monitoring notification channels of every recordings stack) and when Cloud Armor denials alert.
 */
export const gcpAlertsSchema = z
  .strictObject({
    /** Email notification channel of every alert policy (IAM changes, Cloud Armor denials). */
    email: emailAddress.default('security@example.com'),
    /**
     * An HTTPS URL that pages a person (an incident tool's webhook or a chat webhook): a `webhook_tokenauth`
     * notification channel on every alert policy, beside the email. The Google Cloud counterpart of
     * platform.alerts.pagingEndpoint. Unset: nothing pages, and the verifier says so (DETECT, DETECT-ACTIVITY).
     */
    pagingEndpoint: pagingEndpoint.optional(),
    /**
     * Requests Cloud Armor may deny in five minutes before on-call is notified (0: every denial). WAF and
     * rate-limit denials are routine on a public endpoint; a burst above this is an attack in progress.
     */
    armorDeniedRequests: wholeNumber(0, 1_000_000).default(100),
  })
  .default({ email: 'security@example.com', armorDeniedRequests: 100 });
