import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, JsonObject } from '../types';
import { fieldValues, isObject, principals, referencedLogicalId, resources, statements, type Resource } from './template';

/**
 * TLS-HOPS on AWS: data stays encrypted past the edge, on every hop the templates define: load
 * balancer -> task (the target group's protocol), service -> database (the cluster refuses
 * plaintext connections) and anything -> S3 (the bucket policy denies requests without TLS).
 */

const TARGET_GROUP: EvidenceKind = {
  control: 'TLS-HOPS',
  kind: 'target-group-encrypted',
  subject: 'load-balancer target groups encrypting the hop to their targets',
  expected: 'Protocol HTTPS (application load balancer) or TLS (network load balancer); HTTP, TCP or UDP carry data in clear',
};

const DATABASE: EvidenceKind = {
  control: 'TLS-HOPS',
  kind: 'database-refuses-plaintext',
  subject: 'database clusters refusing connections without TLS',
  expected: "a DBClusterParameterGroup with rds.force_ssl '1' (PostgreSQL) or require_secure_transport 'ON' (MySQL)",
};

const BUCKET: EvidenceKind = {
  control: 'TLS-HOPS',
  kind: 'bucket-denies-plaintext',
  subject: 'buckets whose policy denies every request made without TLS',
  expected: 'an AWS::S3::BucketPolicy statement Deny, Principal *, Action s3:*, Condition Bool aws:SecureTransport "false"',
};

const ENCRYPTED_TARGET_PROTOCOLS = ['HTTPS', 'TLS'];

const targetGroups = (context: CheckContext): Evidence[] =>
  resources(context.stack, 'AWS::ElasticLoadBalancingV2::TargetGroup').map((group) =>
    observe(
      context,
      TARGET_GROUP,
      { resource: group.id, pointer: pointer('Resources', group.id, 'Properties', 'Protocol') },
      group.props.Protocol,
      typeof group.props.Protocol === 'string' && ENCRYPTED_TARGET_PROTOCOLS.includes(group.props.Protocol),
    ),
  );

/** The TLS-enforcing parameter of a cluster parameter group, with its value, for the engine it configures. */
function tlsParameter(group: Resource | undefined): { name: string; value: unknown; ok: boolean } | undefined {
  const parameters = isObject(group?.props.Parameters) ? group.props.Parameters : undefined;
  if (parameters === undefined) return undefined;
  if ('rds.force_ssl' in parameters)
    return { name: 'rds.force_ssl', value: parameters['rds.force_ssl'], ok: String(parameters['rds.force_ssl']) === '1' };
  if ('require_secure_transport' in parameters) {
    const value = parameters.require_secure_transport;
    return { name: 'require_secure_transport', value, ok: ['ON', '1'].includes(String(value).toUpperCase()) };
  }
  return undefined;
}

const databases = (context: CheckContext): Evidence[] => {
  const groups = new Map(resources(context.stack, 'AWS::RDS::DBClusterParameterGroup').map((g) => [g.id, g]));
  return resources(context.stack, 'AWS::RDS::DBCluster').map((cluster) => {
    const groupId = referencedLogicalId(cluster.props.DBClusterParameterGroupName);
    const group = groupId === undefined ? undefined : groups.get(groupId);
    const parameter = tlsParameter(group);
    if (group === undefined || parameter === undefined) {
      const place = { resource: cluster.id, pointer: pointer('Resources', cluster.id, 'Properties', 'DBClusterParameterGroupName') };
      return observe(context, DATABASE, place, cluster.props.DBClusterParameterGroupName, false, 'missing');
    }
    const place = { resource: group.id, pointer: pointer('Resources', group.id, 'Properties', 'Parameters', parameter.name) };
    return observe(context, DATABASE, place, parameter.value as string, parameter.ok);
  });
};

/** Whether a statement denies every S3 action to everyone when the request is not over TLS. */
function deniesPlaintext(context: CheckContext, statement: JsonObject): boolean {
  const condition = isObject(statement.Condition) ? statement.Condition : {};
  const bool = isObject(condition.Bool) ? condition.Bool : {};
  return (
    statement.Effect === 'Deny' &&
    principals(context.stack, statement).includes('*') &&
    fieldValues(context.stack, statement, 'Action').some((a) => a === 's3:*' || a === '*') &&
    String(bool['aws:SecureTransport']) === 'false'
  );
}

const buckets = (context: CheckContext): Evidence[] => {
  const policies = resources(context.stack, 'AWS::S3::BucketPolicy');
  return resources(context.stack, 'AWS::S3::Bucket').map((bucket) => {
    const policy = policies.find((p) => referencedLogicalId(p.props.Bucket) === bucket.id);
    if (policy === undefined) {
      return observe(context, BUCKET, { resource: bucket.id, pointer: pointer('Resources', bucket.id) }, undefined, false, 'missing');
    }
    const list = statements(policy.props.PolicyDocument);
    const index = list.findIndex((s) => deniesPlaintext(context, s));
    const where = index < 0 ? ['Properties', 'PolicyDocument', 'Statement'] : ['Properties', 'PolicyDocument', 'Statement', index];
    return observe(context, BUCKET, { resource: policy.id, pointer: pointer('Resources', policy.id, ...where) }, list[index], index >= 0, 'missing');
  });
};

const tlsHops: ControlCheck = (context) => [...targetGroups(context), ...databases(context), ...buckets(context)];

export const TRANSIT_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'TLS-HOPS': [tlsHops] };
