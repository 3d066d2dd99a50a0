/**
 * DETECT and DETECT-ACTIVITY on Google Cloud: the log queries that reach on-call, as data the config
 * schema, the constructs and the verifier share (the verifier expects each filter exactly).
 */

/** Admin Activity audit logs: written for every IAM change, free, and routed by `_Required`, which no exclusion can drop. */
const ADMIN_ACTIVITY = 'logName:"cloudaudit.googleapis.com%2Factivity"';

function anyMethod(...methods: readonly string[]): string {
  return `(${methods.map((m) => `protoPayload.methodName=${JSON.stringify(m)}`).join(' OR ')})`;
}

/** One change people make that pages on-call: a log-match alert policy per entry (one condition each, as the API requires). */
export interface GcpActivityAlert {
  /** Stable id, also the policy's `rampart_alert` user label (how the verifier finds it). */
  readonly id: string;
  readonly title: string;
  /** The Cloud Logging query, exactly as the alert policy's condition_matched_log.filter carries it. */
  readonly filter: string;
}

/**
 * What people do that must reach a person (the Google Cloud counterpart of the CIS AWS section 4
 * alarms; CIS Google Cloud Foundations 2.4 to 2.6 name the same changes): IAM policies of the project
 * and of any resource in it (service accounts, keys, buckets, the audit configuration, which
 * SetIamPolicy carries too), service account keys, and custom roles.
 */
export const GCP_ACTIVITY_ALERTS: readonly GcpActivityAlert[] = [
  {
    id: 'iam-policy-change',
    title: 'IAM policy changed (project, service account, key, bucket or audit configuration)',
    filter:
      `${ADMIN_ACTIVITY} AND (protoPayload.methodName:"SetIamPolicy" OR ` +
      'protoPayload.methodName="google.iam.admin.v1.SetIAMPolicy" OR protoPayload.methodName="storage.setIamPermissions")',
  },
  {
    id: 'service-account-key',
    title: 'Service account key created or uploaded',
    filter: `${ADMIN_ACTIVITY} AND ${anyMethod('google.iam.admin.v1.CreateServiceAccountKey', 'google.iam.admin.v1.UploadServiceAccountKey')}`,
  },
  {
    id: 'custom-role-change',
    title: 'Custom IAM role created, changed or deleted',
    filter:
      `${ADMIN_ACTIVITY} AND ` +
      anyMethod(
        'google.iam.admin.v1.CreateRole',
        'google.iam.admin.v1.UpdateRole',
        'google.iam.admin.v1.DeleteRole',
        'google.iam.admin.v1.UndeleteRole',
      ),
  },
];

/** The id (and `rampart_alert` label) of the alert on requests Cloud Armor denies. */
export const ARMOR_DENIED_ALERT = 'armor-denied';

/** The user label that names which Rampart alert a policy is. */
export const ALERT_LABEL = 'rampart_alert';

/**
 * Requests the stack's Cloud Armor policy denied (WAF 403s and rate-limit 429s), in the global load
 * balancer's request logs: the log-based metric's filter.
 */
export function armorDeniedFilter(securityPolicyName: string): string {
  return (
    'resource.type="http_load_balancer" AND ' +
    `jsonPayload.enforcedSecurityPolicy.name=${JSON.stringify(securityPolicyName)} AND ` +
    'jsonPayload.enforcedSecurityPolicy.outcome="DENY"'
  );
}

/**
 * Cloud Monitoring sends at most one notification per five minutes for a log-match alert, and the API
 * requires the period to be set on one: the shortest it accepts. Service limit, not a policy number.
 */
export const LOG_ALERT_NOTIFICATION_PERIOD_SECONDS = 300;

/** Window the Cloud Armor denials are counted over (the threshold is per window). Not a policy number. */
export const ARMOR_DENIED_WINDOW_SECONDS = 300;

/** An incident closes this long after its last matching entry, so the next change opens (and notifies) a new one. Not a policy number. */
export const ALERT_AUTO_CLOSE_SECONDS = 1800;

/** Notification channel types that page a person (an incident tool or a chat webhook); `email` does not. */
export const PAGING_CHANNEL_TYPES = ['webhook_tokenauth', 'webhook_basicauth', 'pagerduty', 'slack'] as const;
