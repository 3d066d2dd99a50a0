import { Construct } from 'constructs';
import { LoggingMetric, MonitoringAlertPolicy } from '../bindings';
import {
  ALERT_AUTO_CLOSE_SECONDS,
  ALERT_LABEL,
  ARMOR_DENIED_ALERT,
  ARMOR_DENIED_WINDOW_SECONDS,
  armorDeniedFilter,
  GCP_ACTIVITY_ALERTS,
  LOG_ALERT_NOTIFICATION_PERIOD_SECONDS,
} from '../../promises/gcp-log-alerts';
import { AlertChannels } from './alert-channels';
import { CloudArmorPolicy } from './waf';

const seconds = (n: number): string => `${n}s`;

export interface ActivityAlertsProps {
  /** Project whose Admin Activity audit logs are watched (IAM is project-wide: one set per project). */
  readonly project: string;
  /** Name prefix of the stack: shown in each policy's display name. */
  readonly prefix: string;
  readonly channels: AlertChannels;
}

/**
 * DETECT-ACTIVITY: a log-match alert policy for each change of lib/promises/gcp-log-alerts.ts (IAM
 * policies, service account keys, custom roles). Log-match, not a log-based metric and a threshold:
 * each change matters on its own, the notification arrives within minutes of the entry with who
 * did what to which resource (the label extractors), and no metric is billed. The API allows one
 * condition per log-match policy and requires a notification rate limit on it: Google's minimum,
 * five minutes (and at most 20 notifications a day per policy, which the catalog records).
 */
export class ActivityAlerts extends Construct {
  readonly policies: MonitoringAlertPolicy[];

  constructor(scope: Construct, id: string, props: ActivityAlertsProps) {
    super(scope, id);
    this.policies = GCP_ACTIVITY_ALERTS.map(
      (alert) =>
        new MonitoringAlertPolicy(this, alert.id, {
          project: props.project,
          displayName: `${props.prefix}: ${alert.title}`,
          combiner: 'OR',
          enabled: true,
          severity: 'CRITICAL',
          userLabels: { [ALERT_LABEL]: alert.id },
          conditions: [
            {
              displayName: alert.title,
              conditionMatchedLog: {
                filter: alert.filter,
                labelExtractors: {
                  principal: 'EXTRACT(protoPayload.authenticationInfo.principalEmail)',
                  method: 'EXTRACT(protoPayload.methodName)',
                  resource: 'EXTRACT(protoPayload.resourceName)',
                },
              },
            },
          ],
          alertStrategy: {
            notificationRateLimit: { period: seconds(LOG_ALERT_NOTIFICATION_PERIOD_SECONDS) },
            autoClose: seconds(ALERT_AUTO_CLOSE_SECONDS),
          },
          notificationChannels: props.channels.names,
          documentation: {
            mimeType: 'text/markdown',
            subject: `[Rampart] ${alert.title}`,
            content:
              `${alert.title} in project ${props.project}. The labels name who, which method and which resource; the entry ` +
              'itself is in the Admin Activity audit log (and the locked audit bucket). Confirm the change was requested; if not, ' +
              'revert it and treat it as an incident.',
          },
        }),
    );
  }
}

export interface ArmorDeniedAlertProps {
  readonly project: string;
  /** Name prefix of the stack: the metric is `<prefix>-armor-denied`. */
  readonly prefix: string;
  /** The security policy on the stack's load balancer (its name selects the request log entries). */
  readonly securityPolicy: CloudArmorPolicy;
  /** Denied requests per five minutes above which on-call is notified (gcp.alerts.armorDeniedRequests; 0: any). */
  readonly threshold: number;
  readonly channels: AlertChannels;
}

/**
 * DETECT: requests the stack's Cloud Armor policy denies, counted by a log-based metric on the load
 * balancer's request logs (logged at a sample rate of 1, so the count is every request) and alerted
 * on above a threshold per five minutes. A metric and a threshold, not a log-match policy: WAF and
 * rate-limit denials are routine on a public endpoint, and a log-match policy would spend its 20
 * notifications a day on scanners; the burst is the signal. Metric-based policies take no
 * notification rate limit (the API refuses one); the incident auto-closes once the burst ends.
 */
export class ArmorDeniedAlert extends Construct {
  readonly metric: LoggingMetric;
  readonly policy: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: ArmorDeniedAlertProps) {
    super(scope, id);
    if (!Number.isInteger(props.threshold) || props.threshold < 0) {
      throw new Error(`ArmorDeniedAlert ${this.node.path}: threshold must be a whole number of requests, 0 or more, got ${props.threshold}`);
    }
    const policyName = props.securityPolicy.name;
    this.metric = new LoggingMetric(this, 'metric', {
      project: props.project,
      name: `${props.prefix}-armor-denied`,
      description: `Requests the ${policyName} Cloud Armor policy denied (WAF 403 and rate-limit 429)`,
      filter: armorDeniedFilter(policyName),
      metricDescriptor: { metricKind: 'DELTA', valueType: 'INT64', unit: '1', displayName: `${props.prefix} Cloud Armor denials` },
    });
    const title = `Cloud Armor denied more than ${props.threshold} requests in ${ARMOR_DENIED_WINDOW_SECONDS / 60} minutes`;
    this.policy = new MonitoringAlertPolicy(this, 'policy', {
      project: props.project,
      displayName: `${props.prefix}: ${title}`,
      combiner: 'OR',
      enabled: true,
      severity: 'ERROR',
      userLabels: { [ALERT_LABEL]: ARMOR_DENIED_ALERT },
      conditions: [
        {
          displayName: title,
          conditionThreshold: {
            filter: `metric.type="logging.googleapis.com/user/${this.metric.name}"`,
            comparison: 'COMPARISON_GT',
            thresholdValue: props.threshold,
            duration: '0s',
            aggregations: [
              { alignmentPeriod: seconds(ARMOR_DENIED_WINDOW_SECONDS), perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: 'REDUCE_SUM' },
            ],
            trigger: { count: 1 },
          },
        },
      ],
      alertStrategy: { autoClose: seconds(ALERT_AUTO_CLOSE_SECONDS) },
      notificationChannels: props.channels.names,
      documentation: {
        mimeType: 'text/markdown',
        subject: `[Rampart] ${title} (${props.prefix})`,
        content:
          `The ${policyName} policy is denying a burst of requests. In Logs Explorer, query \`${armorDeniedFilter(policyName)}\` ` +
          'and read jsonPayload.enforcedSecurityPolicy (which rule) and httpRequest.remoteIp (who): an attack the policy stops, ' +
          'or a rule blocking legitimate users.',
      },
    });
  }
}
