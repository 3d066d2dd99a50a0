import type { ControlId } from '../../promises/control-ids';
import { BREAK_GLASS_ROLE_SUFFIX, breakGlassUsePattern, MFA_CONFIG_RULES, PERMISSION_SETS, WRITE_SESSION_MAX } from '../../promises/people-access';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, JsonObject } from '../types';
import { isObject, principals, referencedIds, resources, statements } from './template';
import { managedConfigRuleEvidence } from './managed-config-rule';

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
  session: {
    control: 'ACCESS-MFA',
    kind: 'permission-set-write-session',
    subject: 'Identity Center permission sets that can write, with sessions of at most an hour',
    expected: `SessionDuration at most ${WRITE_SESSION_MAX} on every permission set other than the read-only auditor's`,
  },
  noMfaKey: {
    control: 'ACCESS-MFA',
    kind: 'permission-set-no-mfa-condition',
    subject: 'permission sets without an aws:MultiFactorAuthPresent condition',
    expected:
      "no aws:MultiFactorAuthPresent in an inline policy: Identity Center sessions do not carry the key, so such a deny locks everyone out or does nothing; MFA is Identity Center's sign-in setting",
  },
} satisfies Record<string, EvidenceKind>;

/** Minutes of an ISO 8601 duration such as PT1H, PT30M or PT1H30M; undefined when not of that form. */
function minutes(duration: unknown): number | undefined {
  const match = typeof duration === 'string' ? /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration) : null;
  return match === null || (match[1] === undefined && match[2] === undefined) ? undefined : Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

const READ_ONLY_SETS: readonly string[] = Object.values(PERMISSION_SETS)
  .filter((s) => !s.writes)
  .map((s) => s.name);

const permissionSets: ControlCheck = (context: CheckContext) =>
  resources(context.stack, 'AWS::SSO::PermissionSet').flatMap((set) => {
    const evidence: Evidence[] = [];
    const name = String(set.props.Name);
    if (!READ_ONLY_SETS.includes(name)) {
      const got = minutes(set.props.SessionDuration ?? 'PT1H');
      const place = { resource: set.id, pointer: pointer('Resources', set.id, 'Properties', 'SessionDuration') };
      evidence.push(
        observe(
          context,
          kinds.session,
          place,
          `${name}: ${String(set.props.SessionDuration ?? 'PT1H (default)')}`,
          got !== undefined && got <= (minutes(WRITE_SESSION_MAX) ?? 0),
          'contradicted',
        ),
      );
    }
    const inline = JSON.stringify(set.props.InlinePolicy ?? {});
    const place = { resource: set.id, pointer: pointer('Resources', set.id, 'Properties', 'InlinePolicy') };
    evidence.push(observe(context, kinds.noMfaKey, place, name, !/aws:MultiFactorAuthPresent/i.test(inline), 'contradicted'));
    return evidence;
  });

function mfaRequired(s: JsonObject): boolean {
  const bool = isObject(s.Condition) && isObject(s.Condition.Bool) ? s.Condition.Bool : {};
  return String(bool['aws:MultiFactorAuthPresent']) === 'true';
}

const peopleAccess: ControlCheck = (context: CheckContext) => {
  const { stack } = context;
  if (resources(stack, 'AWS::CloudTrail::Trail').length === 0) return [];
  const evidence: Evidence[] = [];
  for (const identifier of MFA_CONFIG_RULES) evidence.push(managedConfigRuleEvidence(context, kinds.rules, identifier));
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
  'ACCESS-MFA': [peopleAccess, permissionSets],
};
