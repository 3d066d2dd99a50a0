import type { ControlId } from '../../promises/control-ids';
import { ALERT_LABEL, ARMOR_DENIED_ALERT, armorDeniedFilter, GCP_ACTIVITY_ALERTS, PAGING_CHANNEL_TYPES } from '../../promises/gcp-log-alerts';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence } from '../types';
import { asArray, at, get, lookup, referenced, resolve, resources, str, type TfResource } from './terraform';
import { projectWide } from './project-wide';

/**
 * DETECT and DETECT-ACTIVITY on Google Cloud: the stack's Cloud Armor denials and the project's IAM
 * changes raise Cloud Monitoring alerts that reach a person (an enabled email channel and an enabled
 * paging channel of the stack), with the strategy the API requires of them. Policies are found by
 * their `rampart_alert` user label; their queries must be exactly the catalog's
 * (lib/promises/gcp-log-alerts.ts): a query changed to match nothing relevant is no alert.
 */

const ARMOR_ALERT: EvidenceKind = {
  control: 'DETECT',
  kind: 'gcp-armor-denied-alert',
  subject: 'Cloud Armor policies on a backend whose denials raise an alert',
  expected:
    `an enabled alert policy labelled ${ALERT_LABEL}=${ARMOR_DENIED_ALERT} with a threshold condition on a log-based metric of the ` +
    "stack whose filter is exactly the catalog's query for the policy's DENY outcomes on the load balancer's request logs",
};

const REQUEST_LOGS: EvidenceKind = {
  control: 'DETECT',
  kind: 'gcp-request-logs-complete',
  subject: 'backend services behind Cloud Armor logging every request',
  expected: 'log_config.enable true and sample_rate 1 (the denial count is every denied request, not a sample)',
};

function activityKind(id: string): EvidenceKind {
  const alert = GCP_ACTIVITY_ALERTS.find((a) => a.id === id);
  return {
    control: 'DETECT-ACTIVITY',
    kind: 'gcp-activity-alert',
    subject: "IAM changes of the catalog alerting in the stack's project",
    expected: `an enabled alert policy of the project labelled ${ALERT_LABEL}=${id} whose condition_matched_log.filter is exactly ${alert?.filter}`,
  };
}

function reachesPerson(control: ControlId): EvidenceKind {
  return {
    control,
    kind: 'gcp-alert-reaches-person',
    subject: 'Rampart alert policies notifying email and a paging channel',
    expected: `notification_channels name an enabled email channel and an enabled paging channel (${PAGING_CHANNEL_TYPES.join(', ')}) of the stack`,
  };
}

function strategy(control: ControlId): EvidenceKind {
  return {
    control,
    kind: 'gcp-alert-strategy',
    subject: 'Rampart alert policies with the alert strategy their condition needs',
    expected:
      'alert_strategy.auto_close set, and on a log-match condition notification_rate_limit.period too (the API refuses a log-match ' +
      'policy without it, and a metric-based one with it)',
  };
}

const label = (policy: TfResource): string | undefined => str(get(policy, 'user_labels', ALERT_LABEL));
const enabled = (resource: TfResource): boolean => get(resource, 'enabled') !== false;

/**
 * Whether the policy's channels include an enabled email channel and an enabled paging one. A disabled
 * channel the policy names is shown at its own `enabled`, so the failure names the channel.
 */
function channelEvidence(context: CheckContext, control: ControlId, policy: TfResource): Evidence {
  const kind = reachesPerson(control);
  const names = get(policy, 'notification_channels');
  const channels = asArray(names).flatMap((name) => resolve(context.stack, name) ?? []);
  const on = channels.filter(enabled);
  const email = on.some((c) => get(c, 'type') === 'email');
  const paging = on.some((c) => (PAGING_CHANNEL_TYPES as readonly string[]).includes(str(get(c, 'type')) ?? ''));
  const disabled = channels.find((c) => !enabled(c));
  if (!(email && paging) && disabled !== undefined) return observe(context, kind, at(disabled, 'enabled'), get(disabled, 'enabled') ?? null, false);
  // No disabled channel: what fails is a channel type nobody configured (gcp.alerts.pagingEndpoint unset): missing.
  return observe(context, kind, at(policy, 'notification_channels'), asArray(names).length === 0 ? undefined : names, email && paging, 'missing');
}

function strategyEvidence(context: CheckContext, control: ControlId, policy: TfResource): Evidence {
  const logMatch = asArray(get(policy, 'conditions')).some((c) => lookup(c, ['condition_matched_log']).value !== undefined);
  const autoClose = get(policy, 'alert_strategy', 'auto_close');
  const period = get(policy, 'alert_strategy', 'notification_rate_limit', 'period');
  const ok = autoClose !== undefined && (logMatch ? period !== undefined : period === undefined);
  return observe(context, strategy(control), at(policy, 'alert_strategy'), get(policy, 'alert_strategy'), ok);
}

/** Evidence that a labelled policy reaches a person and has its strategy, judged in the stack declaring it. */
function deliveryEvidence(context: CheckContext, control: ControlId, policy: TfResource): Evidence[] {
  return [channelEvidence(context, control, policy), strategyEvidence(context, control, policy)];
}

/** The log-based metrics a threshold condition of the policy counts. */
function countedMetrics(context: CheckContext, policy: TfResource): TfResource[] {
  return asArray(get(policy, 'conditions')).flatMap((condition) =>
    referenced(context.stack, lookup(condition, ['condition_threshold', 'filter']).value).filter((r) => r.type === 'google_logging_metric'),
  );
}

const armorDenials: ControlCheck = (context) => {
  const { stack } = context;
  const evidence: Evidence[] = [];
  const alerts = resources(stack, 'google_monitoring_alert_policy').filter((p) => label(p) === ARMOR_DENIED_ALERT);
  for (const backend of resources(stack, 'google_compute_backend_service')) {
    const securityPolicy = resolve(stack, get(backend, 'security_policy'));
    if (securityPolicy === undefined) continue; // WAF and DDOS judge a backend without a policy
    const logs = get(backend, 'log_config');
    const complete = get(backend, 'log_config', 'enable') === true && get(backend, 'log_config', 'sample_rate') === 1;
    evidence.push(observe(context, REQUEST_LOGS, at(backend, 'log_config'), logs, complete));

    const expected = armorDeniedFilter(str(get(securityPolicy, 'name')) ?? '');
    const candidates = alerts.flatMap((policy) => countedMetrics(context, policy).map((metric) => ({ policy, metric })));
    const good = candidates.find(({ policy, metric }) => enabled(policy) && get(metric, 'disabled') !== true && get(metric, 'filter') === expected);
    if (good !== undefined) evidence.push(observe(context, ARMOR_ALERT, at(good.metric, 'filter'), expected, true));
    else if (candidates.length > 0) {
      const { policy, metric } = candidates[0];
      evidence.push(
        enabled(policy)
          ? observe(context, ARMOR_ALERT, at(metric, 'filter'), get(metric, 'filter') ?? null, false, 'contradicted')
          : observe(context, ARMOR_ALERT, at(policy, 'enabled'), false, false, 'contradicted'),
      );
    } else evidence.push(absent(context, ARMOR_ALERT, pointer('resource', 'google_monitoring_alert_policy')));
  }
  return [...evidence, ...alerts.flatMap((policy) => deliveryEvidence(context, 'DETECT', policy))];
};

const activity: ControlCheck = (context) => {
  // The labelled alert policies of the stack's project, wherever the project's owner declares them (project-wide.ts).
  const labelled = projectWide(context, 'google_monitoring_alert_policy')
    .filter(({ resource }) => label(resource) !== undefined)
    .map(({ context: declaring, resource }) => ({ context: declaring, policy: resource }));
  return GCP_ACTIVITY_ALERTS.flatMap((alert): Evidence[] => {
    const kind = activityKind(alert.id);
    const found = labelled.filter(({ policy }) => label(policy) === alert.id);
    if (found.length === 0) return [absent(context, kind, pointer('resource', 'google_monitoring_alert_policy'))];
    const filterOf = (policy: TfResource) => get(policy, 'conditions', 'condition_matched_log', 'filter');
    const { context: declaring, policy } = found.find(({ policy: p }) => enabled(p) && filterOf(p) === alert.filter) ?? found[0];
    const judged = enabled(policy)
      ? observe(
          declaring,
          kind,
          at(policy, 'conditions', 'condition_matched_log', 'filter'),
          filterOf(policy) ?? null,
          filterOf(policy) === alert.filter,
        )
      : observe(declaring, kind, at(policy, 'enabled'), false, false);
    return [judged, ...deliveryEvidence(declaring, 'DETECT-ACTIVITY', policy)];
  });
};

export const DETECTION_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  DETECT: [armorDenials],
  'DETECT-ACTIVITY': [activity],
};
