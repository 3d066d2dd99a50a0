import { z } from 'zod';
import { PAGING_ENDPOINT } from '../promises/alert-routing';
import { wholeNumber } from './primitives';

const email = z.string({ error: 'expected an email address' }).regex(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i, { error: 'expected an email address' });

/**
 * `gcp.alerts`: DETECT and DETECT-ACTIVITY on Google Cloud, who the log-based alerts reach (the Cloud
 * Monitoring notification channels of every recordings stack) and when Cloud Armor denials alert.
 */
export const gcpAlertsSchema = z
  .strictObject({
    /** Email notification channel of every alert policy (IAM changes, Cloud Armor denials). */
    email: email.default('security@example.com'),
    /**
     * An HTTPS URL that pages a person (an incident tool's webhook or a chat webhook): a `webhook_tokenauth`
     * notification channel on every alert policy, beside the email. The Google Cloud counterpart of
     * platform.alerts.pagingEndpoint. Unset: nothing pages, and the verifier says so (DETECT, DETECT-ACTIVITY).
     */
    pagingEndpoint: z
      .string({ error: 'expected an https:// URL' })
      .regex(PAGING_ENDPOINT, { error: 'expected an https:// URL such as "https://events.pagerduty.com/integration/<key>/enqueue"' })
      .optional(),
    /**
     * Requests Cloud Armor may deny in five minutes before on-call is notified (0: every denial). WAF and
     * rate-limit denials are routine on a public endpoint; a burst above this is an attack in progress.
     */
    armorDeniedRequests: wholeNumber(0, 1_000_000).default(100),
  })
  .default({ email: 'security@example.com', armorDeniedRequests: 100 });
