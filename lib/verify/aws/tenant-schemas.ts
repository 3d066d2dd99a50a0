import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, JsonObject, StackArtifact } from '../types';
import { placedResources } from './assembly-index';
import { managedPolicy } from './managed-policy';
import { securityGroupRules } from './net-isolation';
import { actionMatches } from './policy-decision';
import { asArray, isObject, referencedLogicalId, renderString, resources, statements, type Resource } from './template';

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
 *   only in the stack's own region, so nothing in the tenant's template can create it; reported as
 *   missing under the exception ISOLATION-POOLED-PEER-REGION-SCHEMA (README deploy step).
 *
 * That the SQL ran as written is the provisioner's code (its unit-tested SQL); that it ran at all is
 * what a successful deploy proves.
 */

const SCHEMA_TYPE = 'Custom::TenantDatabaseSchema';
const CONNECT = 'rds-db:connect';
const PORT = 5432;
const HTTPS = 443;
/** What CDK writes into a security group that allows no egress (`allowAllOutbound: false`). */
const NO_EGRESS_PLACEHOLDER = { CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 };
const EXCEPTION = 'ISOLATION-POOLED-PEER-REGION-SCHEMA';

const kinds = {
  provisioned: {
    control: 'ISOLATION',
    kind: 'tenant-schema-provisioned',
    subject: "pooled tenants' database users and schemas created by their stack in each serving cluster of its region",
    expected:
      `a ${SCHEMA_TYPE} with TenantId = the tenant id, DeletionPolicy Retain, ServiceToken the ARN of a Lambda function of the serving ` +
      "platform's template that runs in its VPC with its own security groups, which the cluster's group admits on 5432",
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
    subject: "pooled tenants' serving clusters in another region than their stack (created by the README's deploy step)",
    expected: `a ${SCHEMA_TYPE} of the tenant's stack, which CloudFormation can serve only from a function of the stack's own region`,
    exception: EXCEPTION,
  },
} satisfies Record<string, EvidenceKind>;

interface Serving {
  readonly platform: StackArtifact;
  readonly policyArn: string;
}

function allowsConnect(statement: JsonObject): boolean {
  return statement.Effect !== 'Deny' && actionMatches(statement, CONNECT);
}

/** The platforms whose shared database serves the tenant: those holding a managed policy its roles attach that grants rds-db:connect. */
function servingPlatforms(context: CheckContext): Serving[] {
  const { stack } = context;
  const found = new Map<string, Serving>();
  for (const role of resources(stack, 'AWS::IAM::Role')) {
    for (const value of asArray(role.props.ManagedPolicyArns)) {
      const policy = managedPolicy(context, value);
      if (policy === undefined || policy.stack === stack || !statements(policy.document).some(allowsConnect)) continue;
      found.set(policy.stack.id, { platform: policy.stack, policyArn: renderString(stack, value) });
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

function provisionerEvidence(context: CheckContext, tenantId: string, serving: Serving, schemas: readonly Resource[]): Evidence[] {
  const { stack } = context;
  const { platform } = serving;
  const mine = schemas.flatMap((schema) => {
    const served = functionOf(context, renderString(stack, schema.props.ServiceToken));
    return served?.stack === platform ? [{ schema, fn: served.fn }] : [];
  });
  if (mine.length === 0) {
    return [observe(context, kinds.provisioned, { pointer: pointer('Resources') }, undefined, false, 'missing')];
  }
  const clusterGroups = new Set(resources(platform, 'AWS::RDS::DBCluster').flatMap((c) => groupIds(c.props.VpcSecurityGroupIds)));
  const endpointGroups = new Set(resources(platform, 'AWS::EC2::VPCEndpoint').flatMap((e) => groupIds(e.props.SecurityGroupIds)));
  return mine.flatMap(({ schema, fn }): Evidence[] => {
    const vpc = isObject(fn.props.VpcConfig) ? fn.props.VpcConfig : undefined;
    const groups = groupIds(vpc?.SecurityGroupIds);
    const wrong: string[] = [];
    if (renderString(stack, schema.props.TenantId) !== tenantId)
      wrong.push(`TenantId ${JSON.stringify(schema.props.TenantId ?? null)}, not "${tenantId}"`);
    if (schema.body.DeletionPolicy !== 'Retain') wrong.push(`DeletionPolicy ${JSON.stringify(schema.body.DeletionPolicy ?? null)}, not Retain`);
    if (groups.length === 0 || asArray(vpc?.SubnetIds).length === 0) wrong.push(`${platform.id} ${fn.id}: not in the VPC`);
    else if (!clusterAdmits(platform, clusterGroups, groups)) wrong.push(`${platform.id}: no cluster admits ${fn.id} on ${PORT}`);
    const place = { resource: schema.id, pointer: pointer('Resources', schema.id) };
    const value = { function: `${platform.id} ${fn.id}`, cluster: serving.policyArn };
    const provisioned = observe(context, kinds.provisioned, place, wrong.length === 0 ? value : { ...value, wrongly: wrong }, wrong.length === 0);
    const rules = egressRules(platform, groups);
    const excess = rules.flatMap(({ where, rule }) => {
      const why = wrongEgress(platform, rule, clusterGroups, endpointGroups);
      return why === undefined ? [] : [`${where}: ${why}`];
    });
    const egressPlace = { resource: schema.id, pointer: pointer('Resources', schema.id, 'Properties', 'ServiceToken') };
    const egressValue = excess.length === 0 ? rules.map(({ where }) => `${platform.id} ${where}`) : { wrongly: excess };
    const egress = observe(context, kinds.egress, egressPlace, egressValue, groups.length > 0 && excess.length === 0, 'contradicted');
    return [provisioned, egress];
  });
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
      const value = `${s.platform.id} (${s.platform.region}): CloudFormation calls a custom resource's function only in the stack's region (${stack.region})`;
      evidence.push(observe(context, kinds.elsewhere, { pointer: pointer('Resources') }, value, false, 'missing'));
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
