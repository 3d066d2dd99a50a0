import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, JsonObject, StackArtifact } from '../types';
import { placedResources } from './assembly-index';
import { securityGroupRules } from './net-isolation';
import { actionMatches } from './policy-decision';
import { CONNECT, grantsOf } from './role-grants';
import { clusterNamed, wrongCluster } from './schema-cluster';
import { asArray, isObject, referencedLogicalId, renderString, resources, type Resource } from './template';

/**
 * ISOLATION of pooled tenants in the shared database, the half the connect grants cannot show: that
 * the user `tenant_<id>` they connect as, and its schema, exist. Read from the templates of the
 * assembly, for each serving cluster of a pooled tenant (the platforms whose `tenant-db-users` policy
 * its access role attaches):
 *
 * - in the tenant stack's region: the stack holds a retained `Custom::TenantDatabaseSchema` with its
 *   own tenant id, served by that platform's provisioner function (by ARN, a function of the platform's
 *   template), which runs in the platform's VPC, may reach the cluster (whose group admits it on 5432)
 *   and has no other egress than PostgreSQL to the cluster, HTTPS to the interface endpoints and HTTPS
 *   to S3's prefix list of the platform's region (for CloudFormation's response): the id the platform's
 *   metadata records as config pinned it (`s3PrefixList`), no other prefix list;
 * - in another region (a US tenant's DR region): CloudFormation calls a custom resource's function
 *   only in the stack's own region, so the serving platform's stack creates it: its template holds a
 *   retained `Custom::TenantDatabaseSchemas` whose TenantIds list the tenant, served by a Lambda
 *   function of that template that passes the same checks (in the VPC, admitted by the cluster, the
 *   same egress).
 *
 * That the SQL ran as written is the provisioner's code (its unit-tested SQL); that it ran at all is
 * what a successful deploy proves.
 */

const SCHEMA_TYPE = 'Custom::TenantDatabaseSchema';
const SCHEMAS_TYPE = 'Custom::TenantDatabaseSchemas';
const PORT = 5432;
const HTTPS = 443;
/** What CDK writes into a security group that allows no egress (`allowAllOutbound: false`). */
const NO_EGRESS_PLACEHOLDER = { CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 };

const kinds = {
  provisioned: {
    control: 'ISOLATION',
    kind: 'tenant-schema-provisioned',
    subject: "pooled tenants' database users and schemas created by their stack in each serving cluster of its region",
    expected:
      `a ${SCHEMA_TYPE} with TenantId = the tenant id, Cluster = the cluster its function serves (its CLUSTER), DeletionPolicy Retain, ` +
      "ServiceToken the ARN of a Lambda function of the serving platform's template that runs in its VPC with its own security groups, " +
      "which the cluster's group admits on 5432",
  },
  egress: {
    control: 'ISOLATION',
    kind: 'tenant-schema-provisioner-egress',
    subject: "tenant schema provisioners whose only egress is the cluster, the VPC's interface endpoints and S3's prefix list",
    expected:
      `every egress rule of the function's security groups is tcp ${PORT} to a security group of a cluster of its stack, tcp ${HTTPS} ` +
      `to the security group of VPC endpoints of its stack, or tcp ${HTTPS} to the S3 prefix list of its region (the platform's ` +
      'metadata s3PrefixList, pinned by config); no other egress',
  },
  elsewhere: {
    control: 'ISOLATION',
    kind: 'tenant-schema-other-region',
    subject: "pooled tenants' database users and schemas in serving clusters of another region, created by the serving platform's stack",
    expected:
      `a ${SCHEMAS_TYPE} of the serving platform's template whose TenantIds list the tenant id, Cluster = the cluster its function ` +
      'serves, DeletionPolicy Retain, ServiceToken a Lambda function of that template that runs in its VPC with its own security ' +
      "groups, which the cluster's group admits on 5432",
  },
} satisfies Record<string, EvidenceKind>;

interface Serving {
  readonly platform: StackArtifact;
  readonly policyArn: string;
}

/** The platforms whose shared database serves the tenant: those holding a managed policy its roles attach that grants rds-db:connect. */
function servingPlatforms(context: CheckContext): Serving[] {
  const { stack } = context;
  const found = new Map<string, Serving>();
  for (const role of resources(stack, 'AWS::IAM::Role')) {
    for (const grant of grantsOf(context, role).grants) {
      if (grant.stack === stack || grant.managedPolicyArn === undefined || !actionMatches(grant.statement, CONNECT)) continue;
      found.set(grant.stack.id, { platform: grant.stack, policyArn: grant.managedPolicyArn });
    }
  }
  return [...found.values()];
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>`. */
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)$/;

/** The Lambda function of the assembly a ServiceToken names (by its account, region and FunctionName), with its stack. */
function functionOf(context: CheckContext, token: string): { stack: StackArtifact; fn: Resource } | undefined {
  const arn = FUNCTION_ARN.exec(token);
  if (arn === null) return undefined;
  const [, region, account, name] = arn;
  const found = placedResources(context.assembly, 'AWS::Lambda::Function', { account, region }).find(
    ({ stack, resource }) => renderString(stack, resource.props.FunctionName) === name,
  );
  return found === undefined ? undefined : { stack: found.stack, fn: found.resource };
}

/** The security groups (logical ids) a resource lists. */
function groupIds(value: Json | undefined): string[] {
  return asArray(value).flatMap((g) => {
    const id = referencedLogicalId(g);
    return id === undefined ? [] : [id];
  });
}

/** Why an egress rule is more than the provisioner needs (undefined: allowed). */
function wrongEgress(platform: StackArtifact, rule: JsonObject, clusterGroups: Set<string>, endpointGroups: Set<string>): string | undefined {
  const s3PrefixList = platform.metadata?.s3PrefixList;
  if (Object.entries(NO_EGRESS_PLACEHOLDER).every(([k, v]) => rule[k] === v)) return undefined;
  const protocol = String(rule.IpProtocol);
  const ports = `${String(rule.FromPort)}-${String(rule.ToPort)}`;
  const to = referencedLogicalId(rule.DestinationSecurityGroupId);
  const describe = `${protocol} ${ports} to ${JSON.stringify(rule.CidrIp ?? rule.CidrIpv6 ?? rule.DestinationPrefixListId ?? rule.DestinationSecurityGroupId ?? null)}`;
  if (protocol !== 'tcp') return describe;
  if (ports === `${PORT}-${PORT}` && to !== undefined && clusterGroups.has(to)) return undefined;
  if (ports === `${HTTPS}-${HTTPS}` && to !== undefined && endpointGroups.has(to)) return undefined;
  const prefixList = rule.DestinationPrefixListId === undefined ? '' : renderString(platform, rule.DestinationPrefixListId);
  if (ports === `${HTTPS}-${HTTPS}` && s3PrefixList !== undefined && prefixList === s3PrefixList && rule.CidrIp === undefined) return undefined;
  // Any other prefix list (another region's S3, DynamoDB's, a customer-managed list) is more than the answer to CloudFormation needs.
  if (prefixList !== '') return `${describe}, not S3's prefix list of ${platform.region} (${s3PrefixList ?? 'none in the metadata'})`;
  return describe;
}

/** Every egress rule of `groups` in `platform` (inline and standalone), with where it is written. */
function egressRules(platform: StackArtifact, groups: readonly string[]): { where: string; rule: JsonObject }[] {
  return securityGroupRules(platform, 'Egress').flatMap(({ sg, rule, id }) =>
    sg !== undefined && groups.includes(sg) && isObject(rule) ? [{ where: id, rule }] : [],
  );
}

/** Does `platform` let `groups` in to a cluster on 5432 (the cluster's group's ingress from one of them)? */
function clusterAdmits(platform: StackArtifact, clusterGroups: Set<string>, groups: readonly string[]): boolean {
  return securityGroupRules(platform, 'Ingress').some(
    ({ sg, rule }) =>
      sg !== undefined &&
      clusterGroups.has(sg) &&
      isObject(rule) &&
      groups.includes(referencedLogicalId(rule.SourceSecurityGroupId) ?? '') &&
      rule.FromPort === PORT &&
      rule.ToPort === PORT,
  );
}

/** A schema resource (in `where`) and the function of the serving platform that answers it. */
interface Answered {
  readonly schema: Resource;
  readonly fn: Resource;
}

/**
 * The evidence of `what` (provisioned here, or elsewhere) and of the function's egress for each
 * schema resource answered by the serving platform's function: `where` says whose template holds
 * the resource (the tenant's, or the platform's for another region) and `wrongOf` what is wrong with
 * the resource itself.
 */
function answeredEvidence(
  context: CheckContext,
  holder: StackArtifact,
  serving: Serving,
  what: EvidenceKind,
  answered: readonly Answered[],
  where: (schema: Resource, ...path: string[]) => { resource?: string; pointer: string },
  wrongOf: (schema: Resource) => string[],
  named: (schema: Resource) => JsonObject = () => ({}),
): Evidence[] {
  const { platform } = serving;
  const clusterGroups = new Set(resources(platform, 'AWS::RDS::DBCluster').flatMap((c) => groupIds(c.props.VpcSecurityGroupIds)));
  const endpointGroups = new Set(resources(platform, 'AWS::EC2::VPCEndpoint').flatMap((e) => groupIds(e.props.SecurityGroupIds)));
  return answered.flatMap(({ schema, fn }): Evidence[] => {
    const vpc = isObject(fn.props.VpcConfig) ? fn.props.VpcConfig : undefined;
    const groups = groupIds(vpc?.SecurityGroupIds);
    const wrong = [...wrongOf(schema), ...wrongCluster(holder, schema, platform, fn)];
    if (schema.body.DeletionPolicy !== 'Retain') wrong.push(`DeletionPolicy ${JSON.stringify(schema.body.DeletionPolicy ?? null)}, not Retain`);
    if (groups.length === 0 || asArray(vpc?.SubnetIds).length === 0) wrong.push(`${platform.id} ${fn.id}: not in the VPC`);
    else if (!clusterAdmits(platform, clusterGroups, groups)) wrong.push(`${platform.id}: no cluster admits ${fn.id} on ${PORT}`);
    // The cluster the resource names (checked above), and the grant that makes it the tenant's.
    const value = {
      ...named(schema),
      function: `${platform.id} ${fn.id}`,
      cluster: clusterNamed(holder, schema.props.Cluster) ?? null,
      grant: serving.policyArn,
    };
    const provisioned = observe(context, what, where(schema), wrong.length === 0 ? value : { ...value, wrongly: wrong }, wrong.length === 0);
    const rules = egressRules(platform, groups);
    const excess = rules.flatMap(({ where: at, rule }) => {
      const why = wrongEgress(platform, rule, clusterGroups, endpointGroups);
      return why === undefined ? [] : [`${at}: ${why}`];
    });
    const egressValue = excess.length === 0 ? rules.map(({ where: at }) => `${platform.id} ${at}`) : { wrongly: excess };
    const egressOk = groups.length > 0 && excess.length === 0;
    const egress = observe(context, kinds.egress, where(schema, 'Properties', 'ServiceToken'), egressValue, egressOk, 'contradicted');
    return [provisioned, egress];
  });
}

/** In the tenant stack's region: its own Custom::TenantDatabaseSchema, answered by the platform's function. */
function provisionerEvidence(context: CheckContext, tenantId: string, serving: Serving, schemas: readonly Resource[]): Evidence[] {
  const { stack } = context;
  const mine = schemas.flatMap((schema) => {
    const served = functionOf(context, renderString(stack, schema.props.ServiceToken));
    return served?.stack === serving.platform ? [{ schema, fn: served.fn }] : [];
  });
  if (mine.length === 0) {
    return [observe(context, kinds.provisioned, { pointer: pointer('Resources') }, undefined, false, 'missing')];
  }
  const where = (schema: Resource, ...path: string[]) => ({ resource: schema.id, pointer: pointer('Resources', schema.id, ...path) });
  const wrongOf = (schema: Resource) =>
    renderString(stack, schema.props.TenantId) === tenantId ? [] : [`TenantId ${JSON.stringify(schema.props.TenantId ?? null)}, not "${tenantId}"`];
  return answeredEvidence(context, stack, serving, kinds.provisioned, mine, where, wrongOf);
}

/**
 * In another region: the serving platform's Custom::TenantDatabaseSchemas listing the tenant, answered
 * by a function of the platform's own template (by Fn::GetAtt, or by ARN). The evidence sits on the
 * tenant's stack, its value naming the platform's resource.
 */
function otherRegionEvidence(context: CheckContext, tenantId: string, serving: Serving): Evidence[] {
  const { platform } = serving;
  const listing = resources(platform, SCHEMAS_TYPE).filter((r) => asArray(r.props.TenantIds).some((id) => renderString(platform, id) === tenantId));
  const missing = `${platform.id} (${platform.region}): no ${SCHEMAS_TYPE} lists "${tenantId}"`;
  if (listing.length === 0) return [observe(context, kinds.elsewhere, { pointer: pointer('Resources') }, missing, false, 'missing')];
  const functions = resources(platform, 'AWS::Lambda::Function');
  const answered: Answered[] = [];
  const unknown: Evidence[] = [];
  for (const schema of listing) {
    const token = schema.props.ServiceToken;
    const local = functions.find((f) => f.id === referencedLogicalId(token));
    const byArn = local === undefined ? functionOf(context, renderString(platform, token)) : undefined;
    const fn = local ?? (byArn?.stack === platform ? byArn.fn : undefined);
    if (fn !== undefined) answered.push({ schema, fn });
    else {
      const value = {
        resource: `${platform.id} ${schema.id}`,
        wrongly: [`ServiceToken ${JSON.stringify(token ?? null)}: no function of ${platform.id}`],
      };
      unknown.push(observe(context, kinds.elsewhere, { pointer: pointer('Resources') }, value, false, 'contradicted'));
    }
  }
  // The place is the tenant stack (ISOLATION's scope); the value names the platform's resource.
  const onTenant = () => ({ pointer: pointer('Resources') });
  const named = answeredEvidence(
    context,
    platform,
    serving,
    kinds.elsewhere,
    answered,
    onTenant,
    () => [],
    (schema) => ({ resource: `${platform.id} ${schema.id}` }),
  );
  return [...unknown, ...named];
}

export const tenantSchemaProvisioning: ControlCheck = (context) => {
  const tenant = context.metadata.tenant;
  if (tenant === undefined || tenant.isolation !== 'pool') return [];
  const { stack } = context;
  const schemas = resources(stack, SCHEMA_TYPE);
  const serving = servingPlatforms(context);
  const evidence: Evidence[] = [];
  for (const s of serving) {
    if (s.platform.region === stack.region) {
      evidence.push(...provisionerEvidence(context, tenant.id, s, schemas));
    } else {
      evidence.push(...otherRegionEvidence(context, tenant.id, s));
    }
  }
  // A schema resource no serving cluster's check answered: served by unknown code (no function of the
  // assembly has that ARN) it is contradicted; served by a platform's provisioner that does not serve
  // the tenant, it creates a user the tenant cannot connect as, which the connect grants already judge.
  const answered = new Set(evidence.filter((e) => e.kind === kinds.provisioned.kind && e.resource !== undefined).map((e) => e.resource));
  for (const schema of schemas.filter((s) => !answered.has(s.id))) {
    const token = renderString(stack, schema.props.ServiceToken);
    const served = functionOf(context, token);
    if (served !== undefined && served.stack !== stack) continue;
    const place = { resource: schema.id, pointer: pointer('Resources', schema.id, 'Properties', 'ServiceToken') };
    evidence.push(observe(context, kinds.provisioned, place, token, false, 'contradicted'));
  }
  return evidence;
};

export const TENANT_SCHEMA_CHECKS = { ISOLATION: [tenantSchemaProvisioning] } as const;
