import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, JsonObject } from '../types';
import { renderArn } from './policy-decision';
import { s3Default } from './store-keys';
import { asArray, isObject, referencedLogicalId, resources, statements, type Resource } from './template';
import { accessRoles, decider, otherTenants, TENANT_TAG, type SessionProbe } from './tenant-sessions';

/**
 * ISOLATION for a pooled tenant, read from its template: its data (every KMS-encrypted bucket of the
 * stack and the key it is encrypted with) is reachable with the tenant's own session and with no
 * other. Each store is probed with requests the templates must decide:
 *
 *   own session      the tenant's access role, session tag rampart:tenant = <id>     must be admitted
 *   other tenant     the same role, tagged with another tenant's id (from the assembly) must be refused
 *   untagged         the same role without a session tag                               must be refused
 *   account role     another role of the account tagged rampart:tenant = <id>          must be refused
 *   serving role     each role the access role trusts, acting without assuming it      must be refused
 *
 * "Refused" for a bucket is an explicit Deny (in the same account an identity policy alone could
 * otherwise admit the principal); for a key it is the absence of an Allow (a key policy is the only
 * way to use a key, unless it admits the account, which the probes then match).
 */

const kinds = {
  bucket: {
    control: 'ISOLATION',
    kind: 'tenant-session-only-bucket',
    subject: "pooled tenants' data buckets reachable only in the tenant's own session",
    expected:
      "the bucket policy admits the tenant's access role tagged with its tenant id and denies it in any other session and every other principal",
  },
  key: {
    control: 'ISOLATION',
    kind: 'tenant-session-only-key',
    subject: "pooled tenants' data keys usable only in the tenant's own session",
    expected:
      "the key policy lets the tenant's access role use the key (through S3) only tagged with its tenant id, and no other principal of the account",
  },
  trust: {
    control: 'ISOLATION',
    kind: 'tenant-role-session-tag',
    subject: "pooled tenants' access roles assumable only with the tenant's session tag",
    expected: `a trust policy whose every statement requires sts:TagSession with aws:RequestTag/${TENANT_TAG} equal to the tenant id, for named roles only`,
  },
} satisfies Record<string, EvidenceKind>;

interface Probe extends SessionProbe {
  readonly name: string;
  readonly admitted: boolean;
}

function roleArn(context: CheckContext, role: Resource): string {
  return renderArn(context.stack, { 'Fn::GetAtt': [role.id, 'Arn'] });
}

function probes(context: CheckContext, tenantId: string, role: Resource | undefined): Probe[] {
  const { account } = context.stack;
  const own = role === undefined ? `arn:aws:iam::${account}:role/no-access-role-in-template` : roleArn(context, role);
  const trusted =
    role === undefined
      ? []
      : statements(role.props.AssumeRolePolicyDocument).flatMap((s) =>
          isObject(s.Principal) ? asArray(s.Principal.AWS).map((p) => renderArn(context.stack, p)) : [],
        );
  return [
    { name: 'own session', request: { principalArn: own, account, tags: { [TENANT_TAG]: tenantId } }, admitted: true },
    ...otherTenants(context.assembly, tenantId).map((other) => ({
      name: `session of tenant ${other}`,
      request: { principalArn: own, account, tags: { [TENANT_TAG]: other } },
      admitted: false,
      otherTenant: other,
    })),
    { name: 'untagged session', request: { principalArn: own, account, tags: {} }, admitted: false },
    {
      name: 'another role of the account tagged for the tenant',
      request: { principalArn: `arn:aws:iam::${account}:role/any-other-role`, account, tags: { [TENANT_TAG]: tenantId } },
      admitted: false,
    },
    ...trusted
      .filter((arn) => arn.startsWith(`arn:aws:iam::${account}:`))
      .map((arn) => ({ name: `serving role ${arn} itself`, request: { principalArn: arn, account, tags: {} }, admitted: false })),
  ];
}

/**
 * The probes a store decided rightly, as its evidence shows them: the sessions of the other tenants
 * of the assembly as one entry with their count (the review's stack list names them). Listed one by
 * one, every pooled tenant's bucket and key named every other tenant: 48 MB of the JSON review (and
 * more in the others) at 1,000 tenants, quadratic, and no more than the count says.
 */
function shownProbes(probeList: readonly Probe[]): string[] {
  const others = probeList.filter((p) => p.otherTenant !== undefined);
  if (others.length < 2) return probeList.map((p) => p.name);
  const first = probeList.indexOf(others[0]);
  const rest = probeList.filter((p) => p.otherTenant === undefined).map((p) => p.name);
  return [...rest.slice(0, first), `sessions of the ${others.length} other tenants of the assembly`, ...rest.slice(first)];
}

/** The probes a store decides wrongly, by name (empty: it keeps the promise). */
function wrongly(probeList: readonly Probe[], reached: (probe: Probe) => boolean): string[] {
  return probeList.filter((p) => reached(p) !== p.admitted).map((p) => `${p.name} ${p.admitted ? 'refused' : 'admitted'}`);
}

function bucketPolicyOf(context: CheckContext, bucketId: string): Resource | undefined {
  return resources(context.stack, 'AWS::S3::BucketPolicy').find((p) => referencedLogicalId(p.props.Bucket) === bucketId);
}

/** The KMS key (logical id) a bucket's default encryption names, when it is SSE-KMS. */
function bucketKey(bucket: Resource): string | undefined {
  const { algorithm, key } = s3Default(bucket);
  if (algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') return undefined;
  return referencedLogicalId(key) ?? '?';
}

function trustEvidence(context: CheckContext, tenantId: string, role: Resource): Evidence {
  const document = role.props.AssumeRolePolicyDocument as Json;
  const allows = statements(document).filter((s) => s.Effect !== 'Deny');
  const requiresTag = (s: JsonObject): boolean => {
    const equals = isObject(s.Condition) && isObject(s.Condition.StringEquals) ? s.Condition.StringEquals : {};
    const value = asArray(equals[`aws:RequestTag/${TENANT_TAG}`]);
    const named = isObject(s.Principal) && asArray(s.Principal.AWS).every((p) => !String(renderArn(context.stack, p)).includes('*'));
    return value.length === 1 && value[0] === tenantId && asArray(s.Action).includes('sts:TagSession') && named;
  };
  return observe(
    context,
    kinds.trust,
    { resource: role.id, pointer: pointer('Resources', role.id, 'Properties', 'AssumeRolePolicyDocument') },
    document,
    allows.length > 0 && allows.every(requiresTag),
    'contradicted',
  );
}

export const pooledTenantAccess: ControlCheck = (context) => {
  const tenant = context.metadata.tenant;
  if (tenant === undefined || tenant.isolation !== 'pool') return [];
  const { stack } = context;
  const roles = accessRoles(stack);
  const evidence: Evidence[] = roles.map((role) => trustEvidence(context, tenant.id, role));
  const probeList = probes(context, tenant.id, roles[0]);
  const s3Via = `s3.${stack.region}.amazonaws.com`;
  for (const bucket of resources(stack, 'AWS::S3::Bucket')) {
    const keyId = bucketKey(bucket);
    if (keyId === undefined) continue; // SSE-S3: the access-log bucket, which holds no tenant data
    const policy = bucketPolicyOf(context, bucket.id);
    const document = policy?.props.PolicyDocument;
    const bucketDecision = decider(stack, document, { action: 's3:GetObject' });
    const bucketWrong = wrongly(probeList, (p) => {
      const decision = bucketDecision(p);
      return p.admitted ? decision === 'allow' : decision !== 'deny';
    });
    evidence.push(
      observe(
        context,
        kinds.bucket,
        policy === undefined
          ? { resource: bucket.id, pointer: pointer('Resources', bucket.id) }
          : { resource: policy.id, pointer: pointer('Resources', policy.id, 'Properties', 'PolicyDocument') },
        policy === undefined ? undefined : bucketWrong.length === 0 ? shownProbes(probeList) : { wrongly: bucketWrong },
        policy !== undefined && bucketWrong.length === 0,
      ),
    );
    const key = resources(stack, 'AWS::KMS::Key').find((k) => k.id === keyId);
    const keyPolicy = key?.props.KeyPolicy;
    const keyDecision = decider(stack, keyPolicy, { action: 'kms:Decrypt', viaService: s3Via });
    const keyWrong = wrongly(probeList, (p) => keyDecision(p) === 'allow');
    evidence.push(
      observe(
        context,
        kinds.key,
        key === undefined
          ? { resource: bucket.id, pointer: pointer('Resources', bucket.id, 'Properties', 'BucketEncryption') }
          : { resource: key.id, pointer: pointer('Resources', key.id, 'Properties', 'KeyPolicy') },
        key === undefined ? undefined : keyWrong.length === 0 ? shownProbes(probeList) : { wrongly: keyWrong },
        key !== undefined && keyWrong.length === 0,
      ),
    );
  }
  if (roles.length === 0) evidence.push(observe(context, kinds.trust, { pointer: pointer('Resources') }, undefined, false, 'missing'));
  return evidence;
};
