import { DIGEST_SOURCES, GUARDDUTY_HIGH_MIN_SEVERITY, GUARDDUTY_MEDIUM_MIN_SEVERITY, PAGED_SOURCES } from '../../promises/alert-routing';
import type { ControlId } from '../../promises/control-ids';
import { MACIE_SOURCE } from '../../promises/sensitive-data';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, StackArtifact } from '../types';
import { asArray, isObject, referencedLogicalId, resources, type Resource } from './template';

/**
 * DETECT's severity routing, read from the templates: in every stack with detection, high and
 * critical findings of each source reach an encrypted topic with an HTTPS subscription (the page),
 * and so does every activity alarm; medium findings reach an encrypted topic someone subscribes to
 * (the digest).
 */

const kinds = {
  paging: {
    control: 'DETECT',
    kind: 'paging-route',
    subject: 'high and critical finding sources and activity alarms that page a person',
    expected:
      'an enabled EventBridge rule admitting high findings of the source (or the alarm) targeting a KMS-encrypted SNS topic with an https subscription',
  },
  digest: {
    control: 'DETECT',
    kind: 'medium-digest',
    subject: 'medium finding sources routed to a digest',
    expected: 'an enabled EventBridge rule admitting medium findings of the source targeting a KMS-encrypted SNS topic with a subscription',
  },
} satisfies Record<string, EvidenceKind>;

export type Level = 'HIGH' | 'MEDIUM';
const GUARDDUTY_SAMPLE: Record<Level, number> = { HIGH: GUARDDUTY_HIGH_MIN_SEVERITY, MEDIUM: GUARDDUTY_MEDIUM_MIN_SEVERITY };
/** Macie spells its severities `High`, `Medium` (EventBridge matches strings exactly). */
const MACIE_LABEL: Record<Level, string> = { HIGH: 'High', MEDIUM: 'Medium' };

/** Whether one numeric matcher (`{ numeric: ['>=', 4, '<', 7] }`) admits `v`. */
function numericAdmits(matcher: Json[], v: number): boolean {
  for (let i = 0; i + 1 < matcher.length; i += 2) {
    const [op, bound] = [matcher[i], matcher[i + 1]];
    if (typeof bound !== 'number') return false;
    const ok = { '>': v > bound, '>=': v >= bound, '<': v < bound, '<=': v <= bound, '=': v === bound }[String(op)];
    if (ok !== true) return false;
  }
  return true;
}

/** The rule's severity filter for its source, or undefined when it filters none. */
function severityFilter(source: string, pattern: Json): Json | undefined {
  const detail = isObject(pattern) && isObject(pattern.detail) ? pattern.detail : {};
  if (source === 'aws.securityhub') {
    const findings = isObject(detail.findings) ? detail.findings : {};
    return isObject(findings.Severity) ? findings.Severity.Label : undefined;
  }
  if (source === MACIE_SOURCE) return isObject(detail.severity) ? detail.severity.description : detail.severity;
  return detail.severity;
}

/** Whether an event pattern of `source` admits findings of `level`. */
export function admits(source: string, pattern: Json, level: Level): boolean {
  const filter = severityFilter(source, pattern);
  if (filter === undefined) return true;
  return asArray(filter).some((m) => {
    if (typeof m === 'string') return m === (source === MACIE_SOURCE ? MACIE_LABEL[level] : level);
    if (typeof m === 'number') return source === 'aws.guardduty' && m === GUARDDUTY_SAMPLE[level];
    if (isObject(m) && Array.isArray(m.numeric)) return source === 'aws.guardduty' && numericAdmits(m.numeric, GUARDDUTY_SAMPLE[level]);
    return false;
  });
}

/** Topics of the stack that are KMS-encrypted, with the protocols of their subscriptions. */
function encryptedTopics(stack: StackArtifact): Map<string, string[]> {
  const subscriptions = resources(stack, 'AWS::SNS::Subscription');
  return new Map(
    resources(stack, 'AWS::SNS::Topic')
      .filter((t) => t.props.KmsMasterKeyId !== undefined)
      .map((t) => [
        t.id,
        subscriptions.filter((s) => referencedLogicalId(s.props.TopicArn) === t.id).map((s) => String(s.props.Protocol).toLowerCase()),
      ]),
  );
}

function ruleTopics(rule: Resource): string[] {
  return asArray(rule.props.Targets).flatMap((t) => (isObject(t) ? [referencedLogicalId(t.Arn)].filter((id): id is string => id !== undefined) : []));
}

export function routeEvidence(
  context: CheckContext,
  kind: EvidenceKind,
  source: string,
  level: Level,
  good: (protocols: string[]) => boolean,
): Evidence {
  const topics = encryptedTopics(context.stack);
  const rules = resources(context.stack, 'AWS::Events::Rule').filter(
    (r) =>
      r.props.State !== 'DISABLED' &&
      isObject(r.props.EventPattern) &&
      asArray(r.props.EventPattern.source).includes(source) &&
      admits(source, r.props.EventPattern, level),
  );
  const routed = rules.find((r) => ruleTopics(r).some((id) => good(topics.get(id) ?? [])));
  const shown = routed ?? rules[0];
  const place = { resource: shown?.id, pointer: pointer('Resources', ...(shown ? [shown.id, 'Properties', 'Targets'] : [])) };
  const value = shown ? `${source} ${level}: ${shown.id} -> ${ruleTopics(shown).join(', ') || 'no topic'}` : undefined;
  return observe(context, kind, place, value, routed !== undefined);
}

export const pagesHttps = (protocols: string[]) => protocols.includes('https');
export const subscribed = (protocols: string[]) => protocols.length > 0;

const routing: ControlCheck = (context) => {
  const { stack } = context;
  // Only the stacks with detection route findings (the control's kinds without a hub hold none).
  if (resources(stack, 'AWS::SecurityHub::Hub').length === 0) return [];
  const sourcesHere = new Set(
    resources(stack, 'AWS::Events::Rule').flatMap((r) => (isObject(r.props.EventPattern) ? asArray(r.props.EventPattern.source).map(String) : [])),
  );
  // GuardDuty and Security Hub are always judged; Inspector and Access Analyzer where the stack routes them.
  const judged = (s: string) => s === 'aws.guardduty' || s === 'aws.securityhub' || sourcesHere.has(s);
  const paging = PAGED_SOURCES.filter(judged).map((s) => routeEvidence(context, kinds.paging, s, 'HIGH', pagesHttps));
  const digest = DIGEST_SOURCES.filter(judged).map((s) => routeEvidence(context, kinds.digest, s, 'MEDIUM', subscribed));
  // Every alarm that acts on a topic the high findings go to (the alert topic) pages too.
  const topics = encryptedTopics(stack);
  const alertTopics = new Set(
    resources(stack, 'AWS::Events::Rule')
      .filter((r) => isObject(r.props.EventPattern) && asArray(r.props.EventPattern.source).some((s) => s === 'aws.guardduty'))
      .flatMap(ruleTopics)
      .filter((id) => topics.has(id)),
  );
  const alarms = resources(stack, 'AWS::CloudWatch::Alarm').filter((a) =>
    asArray(a.props.AlarmActions).some((x) => alertTopics.has(referencedLogicalId(x) ?? '')),
  );
  const alarmEvidence = alarms.map((a) => {
    const targets = asArray(a.props.AlarmActions).map((x) => referencedLogicalId(x) ?? '');
    const ok = targets.some((id) => pagesHttps(topics.get(id) ?? []));
    return observe(
      context,
      kinds.paging,
      { resource: a.id, pointer: pointer('Resources', a.id, 'Properties', 'AlarmActions') },
      `alarm ${a.id} -> ${targets.join(', ')}`,
      ok,
    );
  });
  return [...paging, ...digest, ...alarmEvidence];
};

export const ALERT_ROUTING_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { DETECT: [routing] };
