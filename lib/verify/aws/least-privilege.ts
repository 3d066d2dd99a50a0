import { allowedActions as hipaaAllowedActions } from '../../organization-policies/hipaa-eligible-services';
import type { ControlId } from '../../promises/control-ids';
import { pipelineBoundaryActions } from '../../promises/pipeline-boundary';
import {
  BOUNDARY_GUARD_SIDS,
  platformBoundaryActions,
  SERVICES_WITHOUT_SOURCE_CONTEXT,
  SOURCE_CONDITION_KEYS,
} from '../../promises/platform-boundary';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, JsonObject } from '../types';
import { managedPolicy, type ManagedPolicyFound } from './managed-policy';
import { asArray, isObject, renderString, resources, statements } from './template';

/**
 * LEAST-PRIV, every role: the permissions boundary it carries is the catalog's (the platform's, the
 * HIPAA one in a stack under HIPAA, the pipeline's in a deployment pipeline stack), wherever in the assembly the policy is defined, and every
 * trust of an AWS service carries a source condition (confused-deputy prevention).
 */

const SERVICE_TRUST_EXCEPTION = 'LEAST-PRIV-SERVICE-TRUST-WITHOUT-SOURCE-CONTEXT';

const kinds = {
  boundary: {
    control: 'LEAST-PRIV',
    kind: 'role-boundary',
    subject: "roles and users capped by the catalog's permissions boundary",
    expected:
      'PermissionsBoundary names a managed policy of the same account whose DenyOutsideAllowlist denies exactly every action outside the allowlist of lib/promises/platform-boundary.ts (HIPAA stacks: hipaa-eligible-services.ts; pipeline stacks: pipeline-boundary.ts), with the statements ' +
      BOUNDARY_GUARD_SIDS.join(', '),
  },
  serviceTrust: {
    control: 'LEAST-PRIV',
    kind: 'service-trust-source',
    subject: 'role trusts of AWS services tied to this account',
    expected: `every Allow to a Service principal in AssumeRolePolicyDocument carries ${SOURCE_CONDITION_KEYS.join(' or ')}`,
    exception: SERVICE_TRUST_EXCEPTION,
  },
} satisfies Record<string, EvidenceKind>;

function boundaryHolds(policy: ManagedPolicyFound, expected: readonly string[]): boolean {
  const list = statements(policy.document);
  const sid = (s: JsonObject) => (typeof s.Sid === 'string' ? s.Sid : '');
  const outside = list.find((s) => sid(s) === 'DenyOutsideAllowlist');
  if (outside?.Effect !== 'Deny' || !asArray(outside.Resource).includes('*') || outside.Action !== undefined) return false;
  const allowed = new Set(asArray(outside.NotAction).map(String));
  const same = allowed.size === expected.length && expected.every((a) => allowed.has(a));
  return same && BOUNDARY_GUARD_SIDS.every((g) => list.some((s) => sid(s) === g && s.Effect === 'Deny'));
}

const roleBoundaries = (context: CheckContext): Evidence[] => {
  const hipaa = context.metadata.controls.includes('HIPAA');
  const pipeline = context.metadata.kind === 'aws-pipeline';
  const expected = hipaa ? hipaaAllowedActions() : pipeline ? pipelineBoundaryActions() : platformBoundaryActions();
  return resources(context.stack, 'AWS::IAM::Role', 'AWS::IAM::User').map((role) => {
    const value = role.props.PermissionsBoundary;
    const policy = value === undefined ? undefined : managedPolicy(context, value);
    const where = { resource: role.id, pointer: pointer('Resources', role.id, 'Properties', 'PermissionsBoundary') };
    const shown =
      policy === undefined ? (value ?? undefined) : `${policy.stack.id} ${policy.id}${hipaa ? ' (HIPAA)' : pipeline ? ' (pipeline)' : ''}`;
    return observe(context, kinds.boundary, where, shown, policy !== undefined && boundaryHolds(policy, expected));
  });
};

const WITHOUT_SOURCE = new Set(SERVICES_WITHOUT_SOURCE_CONTEXT.map((s) => s.principal));

function sourceConditioned(statement: JsonObject): boolean {
  if (!isObject(statement.Condition)) return false;
  return Object.values(statement.Condition).some(
    (block) => isObject(block) && Object.keys(block).some((k) => (SOURCE_CONDITION_KEYS as readonly string[]).includes(k)),
  );
}

const serviceTrusts = (context: CheckContext): Evidence[] =>
  resources(context.stack, 'AWS::IAM::Role').flatMap((role) =>
    statements(role.props.AssumeRolePolicyDocument).flatMap((s, i) => {
      if (s.Effect !== 'Allow' || !isObject(s.Principal) || s.Principal.Service === undefined) return [];
      const services = asArray(s.Principal.Service).map((p) => renderString(context.stack, p));
      const place = { resource: role.id, pointer: pointer('Resources', role.id, 'Properties', 'AssumeRolePolicyDocument', 'Statement', i) };
      const ok = sourceConditioned(s);
      // Only the services AWS documents no source context for may fall under the exception.
      const kind = services.every((p) => WITHOUT_SOURCE.has(p)) ? kinds.serviceTrust : { ...kinds.serviceTrust, exception: undefined };
      return [observe(context, kind, place, { Service: services, Condition: s.Condition ?? null }, ok, 'contradicted')];
    }),
  );

export const LEAST_PRIVILEGE_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'LEAST-PRIV': [roleBoundaries, serviceTrusts],
};
