/**
 * DETECT: which findings page a person and which wait for the digest, as data the config schema,
 * the constructs and the verifier share.
 */

/** A paging endpoint: an HTTPS URL (SNS delivers to it with retries; incident tools and chat webhooks accept SNS). */
export const PAGING_ENDPOINT = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** GuardDuty severities 7.0-8.9 are High, 9.0-10.0 Critical: these page. */
export const GUARDDUTY_HIGH_MIN_SEVERITY = 7;

/** GuardDuty severities 4.0-6.9 are Medium: the digest's (7.0 and above page). */
export const GUARDDUTY_MEDIUM_MIN_SEVERITY = 4;

/** Security Hub labels the digest receives (HIGH and CRITICAL page). */
export const SECURITY_HUB_DIGEST_LABELS = ['MEDIUM'] as const;

/** The lowest Amazon Inspector severity the digest receives (those below the paging threshold). */
export const DIGEST_INSPECTOR_SEVERITY = 'MEDIUM' as const;

/** The finding sources whose high and critical findings must page (the activity alarms are checked apart). */
export const PAGED_SOURCES = ['aws.guardduty', 'aws.securityhub', 'aws.inspector2', 'aws.access-analyzer'] as const;

/** The finding sources whose medium findings must reach the digest. */
export const DIGEST_SOURCES = ['aws.guardduty', 'aws.securityhub', 'aws.inspector2'] as const;
