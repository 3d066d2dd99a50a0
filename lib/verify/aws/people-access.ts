import type { ControlId } from '../../promises/control-ids';
import { BREAK_GLASS_ROLE_SUFFIX, breakGlassUsePattern, MFA_CONFIG_RULES } from '../../promises/people-access';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, JsonObject } from '../types';
import { isObject, principals, referencedIds, resources, statements } from './template';

/**
 * ACCESS-MFA, in the stack that holds its account's trail: AWS Config rules report MFA on root and
 * IAM users, and a break-glass role, where there is one, trusts named principals only with MFA and
 * alarms on every use. Stacks without a trail rely on their account's trail stack.
 */

const kinds = {
  rules: {
    control: 'ACCESS-MFA',
    kind: 'mfa-config-rule',
    subject: 'AWS Config rules reporting MFA on the root user and IAM users',
    expected: `AWS::Config::ConfigRule with Source AWS ${MFA_CONFIG_RULES.join(', ')} in the stack holding the account's trail`,
  },
  trust: {
    control: 'ACCESS-MFA',
    kind: 'break-glass-trust-mfa',
    subject: 'break-glass trust statements admitting named principals with MFA only',
    expected: 'every Allow names IAM user or role ARNs (no *, no account root) under Condition Bool aws:MultiFactorAuthPresent "true"',
  },
  alarm: {
    control: 'ACCESS-MFA',
    kind: 'break-glass-use-alarmed',
    subject: 'break-glass roles whose every use alarms',
    expected: "a metric filter on the trail's log group matching AssumeRole of the role's ARN, with an alarm to an SNS topic of the stack",
  },
} satisfies Record<string, EvidenceKind>;

function mfaRequired(s: JsonObject): boolean {
  const bool = isObject(s.Condition) && isObject(s.Condition.Bool) ? s.Condition.Bool : {};
  return String(bool['aws:MultiFactorAuthPresent']) === 'true';
}

const peopleAccess: ControlCheck = (context: CheckContext) => {
  const { stack } = context;
  if (resources(stack, 'AWS::CloudTrail::Trail').length === 0) return [];
  const evidence: Evidence[] = [];
  const configRules = resources(stack, 'AWS::Config::ConfigRule');
  for (const identifier of MFA_CONFIG_RULES) {
    const rule = configRules.find(
      (r) => isObject(r.props.Source) && r.props.Source.Owner === 'AWS' && r.props.Source.SourceIdentifier === identifier,
    );
    evidence.push(
      rule === undefined
        ? absent(context, kinds.rules)
        : observe(context, kinds.rules, { resource: rule.id, pointer: pointer('Resources', rule.id, 'Properties', 'Source') }, identifier, true),
    );
  }
  const topics = new Set(resources(stack, 'AWS::SNS::Topic').map((t) => t.id));
  const filters = resources(stack, 'AWS::Logs::MetricFilter');
  const alarms = resources(stack, 'AWS::CloudWatch::Alarm');
  for (const role of resources(stack, 'AWS::IAM::Role').filter((r) => String(r.props.RoleName ?? '').endsWith(`-${BREAK_GLASS_ROLE_SUFFIX}`))) {
    statements(role.props.AssumeRolePolicyDocument).forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const who = principals(stack, s);
      const named = who.length > 0 && who.every((p) => /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\//.test(p));
      const place = { resource: role.id, pointer: pointer('Resources', role.id, 'Properties', 'AssumeRolePolicyDocument', 'Statement', i) };
      evidence.push(
        observe(context, kinds.trust, place, { Principal: who, Condition: s.Condition ?? null }, named && mfaRequired(s), 'contradicted'),
      );
    });
    const roleArn = `arn:aws:iam::${stack.account}:role/${String(role.props.RoleName)}`;
    const filter = filters.find((f) => f.props.FilterPattern === breakGlassUsePattern(roleArn));
    const metric =
      filter === undefined || !Array.isArray(filter.props.MetricTransformations) ? undefined : filter.props.MetricTransformations.find(isObject);
    const alarm = alarms.find(
      (a) =>
        metric !== undefined &&
        a.props.MetricName === metric.MetricName &&
        a.props.Namespace === metric.MetricNamespace &&
        [...referencedIds(a.props.AlarmActions)].some((t) => topics.has(t)),
    );
    evidence.push(
      observe(
        context,
        kinds.alarm,
        { resource: role.id, pointer: pointer('Resources', role.id) },
        alarm === undefined ? undefined : `${filter?.id} -> ${alarm.id}`,
        alarm !== undefined,
      ),
    );
  }
  return evidence;
};

export const PEOPLE_ACCESS_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'ACCESS-MFA': [peopleAccess],
};
