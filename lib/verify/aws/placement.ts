import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json } from '../types';
import { placedResources } from './assembly-index';
import { isObject, referencedLogicalId, renderString, resources } from './template';
import { cidrsOverlap } from './cidr';
import { logDestinations } from './data-lifecycle';
import { pooledTenantAccess } from './tenant-access';
import { tenantStoreAccess } from './tenant-stores';

/** RESIDENCY-EU, HIPAA and ISOLATION: where data lives and who shares it, read from CloudFormation templates. */

const kinds = {
  stackRegion: {
    control: 'RESIDENCY-EU',
    kind: 'stack-region',
    subject: 'EU stacks deployed to an EU residency region',
    expected: 'the stack region is a residency region',
  },
  regionValue: {
    control: 'RESIDENCY-EU',
    kind: 'region-values',
    subject: 'resources of EU stacks naming only residency regions (Fn::Join and Fn::Sub rendered)',
    expected: 'every AWS region named in the resource is a residency region',
  },
  boundary: {
    control: 'HIPAA',
    kind: 'role-permissions-boundary',
    subject: 'roles of PHI stacks under a permissions boundary',
    expected: 'PermissionsBoundary set',
  },
  noInternet: {
    control: 'HIPAA',
    kind: 'no-internet-path',
    subject: 'PHI stacks without an internet path (gateways, NAT, public load balancers, public IPs)',
    expected: 'no InternetGateway, NatGateway, EIP or internet-facing load balancer',
  },
  phiObjectLock: {
    control: 'HIPAA',
    kind: 'phi-bucket-object-lock',
    subject: 'data buckets of PHI stacks under Object Lock (WORM), like the enclave PHI bucket',
    expected: 'ObjectLockConfiguration with ObjectLockEnabled "Enabled" and a DefaultRetention (Mode and Days)',
  },
  ownKeys: {
    control: 'ISOLATION',
    kind: 'tenant-own-keys',
    subject: "tenant stores under the tenant's own keys",
    expected: 'encryption keys referenced from the tenant stack itself',
  },
  cidr: {
    control: 'ISOLATION',
    kind: 'tenant-cidr-unique',
    subject: 'tenant VPCs overlapping no other VPC of the assembly',
    expected: 'CidrBlock overlaps no other VPC',
  },
} satisfies Record<string, EvidenceKind>;

const REGION = /\b(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:gov-|iso-|isob-)?[a-z]+-\d\b/g;

function regionsIn(context: CheckContext, value: Json | undefined): Set<string> {
  const found = new Set<string>();
  const walk = (v: Json | undefined): void => {
    if (typeof v === 'string') return void [...v.matchAll(REGION)].forEach((m) => found.add(m[0]));
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObject(v)) return;
    // Assembled strings are judged as CloudFormation will render them in this stack's region.
    if ('Fn::Join' in v || 'Fn::Sub' in v) return walk(renderString(context.stack, v));
    Object.values(v).forEach(walk);
  };
  walk(value);
  return found;
}

const residency: ControlCheck = (context) => {
  const allowed = new Set(context.metadata.policy.residency.euAwsRegions);
  const evidence: Evidence[] = [
    observe(context, kinds.stackRegion, { pointer: '' }, context.stack.region, allowed.has(context.stack.region), 'contradicted'),
  ];
  for (const r of resources(context.stack)) {
    const regions = [...regionsIn(context, r.body)];
    if (regions.length === 0) continue;
    evidence.push(
      observe(
        context,
        kinds.regionValue,
        { resource: r.id, pointer: pointer('Resources', r.id) },
        regions,
        regions.every((x) => allowed.has(x)),
        'contradicted',
      ),
    );
  }
  return evidence;
};

const INTERNET_TYPES = ['AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::EgressOnlyInternetGateway'];

const hipaa: ControlCheck = (context) => {
  const evidence: Evidence[] = resources(context.stack, 'AWS::IAM::Role').map((role) =>
    observe(
      context,
      kinds.boundary,
      { resource: role.id, pointer: pointer('Resources', role.id, 'Properties', 'PermissionsBoundary') },
      role.props.PermissionsBoundary,
      role.props.PermissionsBoundary !== undefined,
    ),
  );
  const paths = [
    ...resources(context.stack, ...INTERNET_TYPES),
    ...resources(context.stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer').filter((lb) => lb.props.Scheme !== 'internal'),
  ];
  evidence.push(observe(context, kinds.noInternet, { pointer: pointer('Resources') }, 'none', true));
  for (const p of paths) evidence.push(observe(context, kinds.noInternet, { resource: p.id, pointer: pointer('Resources', p.id) }, p.type, false));
  return [...evidence, ...phiObjectLock(context)];
};

/**
 * Every bucket of a PHI stack that is not a log destination holds PHI and is WORM-protected. The lock
 * may be enabled by the Object Lock configuration alone (how a bucket that already exists gets it without
 * replacement); the top-level ObjectLockEnabled flag is not required.
 */
function phiObjectLock(context: CheckContext): Evidence[] {
  const logs = logDestinations(context);
  return resources(context.stack, 'AWS::S3::Bucket')
    .filter((b) => !logs.has(b.id))
    .map((bucket) => {
      const config = bucket.props.ObjectLockConfiguration;
      const retention =
        isObject(config) && isObject(config.Rule) && isObject(config.Rule.DefaultRetention) ? config.Rule.DefaultRetention : undefined;
      const ok =
        isObject(config) && config.ObjectLockEnabled === 'Enabled' && typeof retention?.Mode === 'string' && typeof retention.Days === 'number';
      const place = { resource: bucket.id, pointer: pointer('Resources', bucket.id, 'Properties', 'ObjectLockConfiguration') };
      return observe(context, kinds.phiObjectLock, place, config, ok);
    });
}

const KEY_FIELDS = ['KMSMasterKeyID', 'KmsKeyId', 'EncryptionKeyArn', 'KmsMasterKeyId', 'KMSKeyId', 'KmsKey'];

/** Every key reference in a resource's properties, with its path. */
function keyRefs(value: Json | undefined, path: (string | number)[]): { path: (string | number)[]; value: Json }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyRefs(v, [...path, i]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => (KEY_FIELDS.includes(k) ? [{ path: [...path, k], value: v }] : keyRefs(v, [...path, k])));
}

const isolation: ControlCheck = (context) => {
  const { stack } = context;
  const own = new Set(resources(stack, 'AWS::KMS::Key').map((k) => k.id));
  const evidence: Evidence[] = resources(stack).flatMap((r) =>
    keyRefs(r.props, ['Resources', r.id, 'Properties']).map(({ path, value }) => {
      const target = referencedLogicalId(value);
      return observe(
        context,
        kinds.ownKeys,
        { resource: r.id, pointer: pointer(...path) },
        value,
        target !== undefined && own.has(target),
        'contradicted',
      );
    }),
  );
  const vpcs = resources(stack, 'AWS::EC2::VPC');
  const others =
    vpcs.length === 0
      ? []
      : placedResources(context.assembly, 'AWS::EC2::VPC')
          .filter(({ stack: s }) => s.id !== stack.id)
          .map(({ stack: s, resource: v }) => ({ where: `${s.id}/${v.id}`, cidr: v.props.CidrBlock }));
  for (const vpc of vpcs) {
    const cidr = typeof vpc.props.CidrBlock === 'string' ? vpc.props.CidrBlock : '';
    const clash = others.filter((o) => typeof o.cidr === 'string' && cidrsOverlap(cidr, o.cidr)).map((o) => o.where);
    const place = { resource: vpc.id, pointer: pointer('Resources', vpc.id, 'Properties', 'CidrBlock') };
    evidence.push(
      observe(context, kinds.cidr, place, clash.length === 0 ? cidr : { cidr, overlaps: clash }, cidr !== '' && clash.length === 0, 'contradicted'),
    );
  }
  return evidence;
};

export const PLACEMENT_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'RESIDENCY-EU': [residency],
  HIPAA: [hipaa],
  ISOLATION: [isolation, pooledTenantAccess, tenantStoreAccess],
};
