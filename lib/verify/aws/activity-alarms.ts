import { ACTIVITY_ALARMS } from '../../promises/activity-alarms';
import type { ControlId } from '../../promises/control-ids';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence } from '../types';
import { placedResources } from './assembly-index';
import { asArray, isObject, referencedIds, resources } from './template';

/**
 * DETECT-ACTIVITY: in the stack that holds its account's trail, every activity of the catalog has a
 * metric filter with its exact pattern on the trail's log group, and an alarm on that metric whose
 * action is the stack's alert topic. Other stacks of the account rely on that stack (one set per
 * account); an account with no trail in the assembly has none.
 */

const kinds = {
  alarm: {
    control: 'DETECT-ACTIVITY',
    kind: 'activity-alarm',
    subject: "activities of people alarmed on the account trail's log group",
    expected:
      "an AWS::Logs::MetricFilter with the catalog's pattern (lib/promises/activity-alarms.ts) on the trail's CloudWatchLogsLogGroupArn, and an AWS::CloudWatch::Alarm on its metric whose AlarmActions name an SNS topic of the stack",
  },
  account: {
    control: 'DETECT-ACTIVITY',
    kind: 'activity-alarms-in-account',
    subject: 'stacks whose account has a trail with activity alarms in the assembly',
    expected: 'an AWS::CloudTrail::Trail in a stack of the same account',
  },
} satisfies Record<string, EvidenceKind>;

const activityAlarms: ControlCheck = (context: CheckContext) => {
  const { stack, assembly } = context;
  const trails = resources(stack, 'AWS::CloudTrail::Trail');
  if (trails.length === 0) {
    // The first stack of the account holding a trail, as a scan of the assembly would meet it.
    const holder = placedResources(assembly, 'AWS::CloudTrail::Trail', { account: stack.account })[0]?.stack;
    if (holder === undefined) return [absent(context, kinds.account)];
    return [observe(context, kinds.account, { pointer: pointer('Resources') }, holder.id, true)];
  }
  const trailGroups = new Set(trails.flatMap((t) => [...referencedIds(t.props.CloudWatchLogsLogGroupArn)]));
  const topics = new Set(resources(stack, 'AWS::SNS::Topic').map((t) => t.id));
  const filters = resources(stack, 'AWS::Logs::MetricFilter');
  const alarms = resources(stack, 'AWS::CloudWatch::Alarm');
  const evidence: Evidence[] = [];
  for (const wanted of ACTIVITY_ALARMS) {
    const filter = filters.find(
      (f) => f.props.FilterPattern === wanted.pattern && [...referencedIds(f.props.LogGroupName)].some((g) => trailGroups.has(g)),
    );
    const metric = filter === undefined ? undefined : asArray(filter.props.MetricTransformations).find(isObject);
    const alarm =
      metric === undefined
        ? undefined
        : alarms.find(
            (a) =>
              a.props.MetricName === metric.MetricName &&
              a.props.Namespace === metric.MetricNamespace &&
              [...referencedIds(a.props.AlarmActions)].some((t) => topics.has(t)),
          );
    const at = alarm ?? filter;
    evidence.push(
      observe(
        context,
        kinds.alarm,
        { resource: at?.id, pointer: at === undefined ? pointer('Resources') : pointer('Resources', at.id, 'Properties') },
        filter === undefined ? undefined : `${wanted.id}: ${filter.id}${alarm === undefined ? ' (no alarm to the alert topic)' : ` -> ${alarm.id}`}`,
        alarm !== undefined,
      ),
    );
  }
  return evidence;
};

export const ACTIVITY_ALARM_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'DETECT-ACTIVITY': [activityAlarms],
};
