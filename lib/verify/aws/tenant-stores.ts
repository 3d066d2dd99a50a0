import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, JsonObject, StackArtifact } from '../types';
import { actionMatches, renderArn } from './policy-decision';
import { asArray, isObject, referencedLogicalId, renderString, resources, type Resource } from './template';
import { recordKeyStores } from './record-key-store';
import { CONNECT, grantsOf } from './role-grants';
import { storeKey } from './store-keys';
import { accessRoles, decider, otherTenants, TENANT_TAG } from './tenant-sessions';

/**
 * ISOLATION of a tenant's stores other than its bucket, read from the templates of the assembly:
 *
 * - pooled tenant, shared database: every `rds-db:connect` its access role is granted (inline, by a
 *   policy of its stack, or by a managed policy attached by ARN and found in another stack of the
 *   assembly) names one exact cluster and the user `tenant_<id>`, literally or as
 *   `tenant_${aws:PrincipalTag/rampart:tenant}`, which the role's trust fixes to the tenant id
 *   (`tenant-role-session-tag`): tenant A's session connects only as tenant A's user;
 * - record key store: the role that uses it (a pooled tenant's access role, a silo's service task
 *   role) is granted its own stack's table and nothing else, a pooled tenant's only with its session
 *   tag, and the table's key refuses the access role in another tenant's session.
 */

const USER_PREFIX = 'tenant_';
const RECORD_KEY_ACTION = 'dynamodb:GetItem';

const kinds = {
  database: {
    control: 'ISOLATION',
    kind: 'tenant-database-user-only',
    subject: "pooled tenants' access roles connect to the shared database only as their own tenant's user",
    expected: `every rds-db:connect grant of the access role names one cluster (no wildcard) and the user ${USER_PREFIX}<id> or ${USER_PREFIX}\${aws:PrincipalTag/${TENANT_TAG}}, and at least one exists`,
  },
  recordKeys: {
    control: 'ISOLATION',
    kind: 'tenant-record-keys-own-only',
    subject: "tenants' record key stores granted to the role that uses them, and only their own",
    expected:
      "the access role (pool, only with its session tag; the table's key refuses it in another tenant's session) or the service task role (silo) is granted the stack's own record key table, and no other table",
  },
} satisfies Record<string, EvidenceKind>;

/** Why a connect resource lets the tenant's session in as someone else (undefined: it does not). */
function wrongDatabaseUser(stack: StackArtifact, resource: string, tenantId: string): string | undefined {
  const match = /^arn:[^:]+:rds-db:[^:]+:\d{12}:dbuser:([^/]+)\/(.+)$/.exec(resource);
  if (match === null) return `${resource}: not one database user`;
  const [, cluster, user] = match;
  // One cluster: the resource id of a cluster of the policy's own stack, or a literal one.
  const attribute = /^\$\{([A-Za-z0-9]+)\.DBClusterResourceId\}$/.exec(cluster);
  const named =
    attribute === null ? /^cluster-[A-Za-z0-9]+$/.test(cluster) : resources(stack, 'AWS::RDS::DBCluster').some((c) => c.id === attribute[1]);
  if (!named) return `${resource}: not one cluster`;
  const own = [`${USER_PREFIX}${tenantId}`, `${USER_PREFIX}\${aws:PrincipalTag/${TENANT_TAG}}`];
  return own.includes(user) ? undefined : `${resource}: user ${user}, not ${own[0]}`;
}

function databaseEvidence(context: CheckContext, tenantId: string, role: Resource, expectDatabase: boolean): Evidence | undefined {
  const { grants, unresolved } = grantsOf(context, role);
  const connects = grants.filter((g) => actionMatches(g.statement, CONNECT));
  if (connects.length === 0 && unresolved.length === 0 && !expectDatabase) return undefined;
  const seen: string[] = [];
  const wrong: string[] = unresolved.map((arn) => `${arn}: attached, not in the assembly`);
  for (const grant of connects) {
    if ('NotResource' in grant.statement) wrong.push(`${grant.where}: NotResource`);
    for (const value of asArray(grant.statement.Resource)) {
      const resource = renderString(grant.stack, value);
      const why = wrongDatabaseUser(grant.stack, resource, tenantId);
      if (why === undefined) seen.push(`${grant.where}: ${resource}`);
      else wrong.push(`${grant.where}: ${why}`);
    }
  }
  const place = { resource: role.id, pointer: pointer('Resources', role.id) };
  if (seen.length === 0 && wrong.length === 0) return observe(context, kinds.database, place, undefined, false, 'missing');
  return observe(context, kinds.database, place, wrong.length === 0 ? seen : { wrongly: wrong }, wrong.length === 0 && seen.length > 0);
}

/** The role that uses the record key store: the pooled tenant's access role, or the silo service's task role(s). */
function storeUsers(stack: StackArtifact, pooled: boolean): Resource[] {
  if (pooled) return accessRoles(stack);
  const taskRoles = new Set(resources(stack, 'AWS::ECS::TaskDefinition').map((t) => referencedLogicalId(t.props.TaskRoleArn)));
  return resources(stack, 'AWS::IAM::Role').filter((role) => taskRoles.has(role.id));
}

function tagConditioned(statement: JsonObject, tenantId: string): boolean {
  const equals = isObject(statement.Condition) && isObject(statement.Condition.StringEquals) ? statement.Condition.StringEquals : {};
  const value = asArray((equals as JsonObject)[`aws:PrincipalTag/${TENANT_TAG}`]);
  return value.length === 1 && value[0] === tenantId;
}

function recordKeysEvidence(context: CheckContext, tenantId: string, pooled: boolean, role: Resource, tables: readonly Resource[]): Evidence {
  const { stack } = context;
  const own = new Set(tables.map((t) => t.id));
  const { grants } = grantsOf(context, role);
  const wrong: string[] = [];
  const granted = new Set<string>();
  for (const grant of grants.filter((g) => actionMatches(g.statement, RECORD_KEY_ACTION))) {
    for (const value of 'NotResource' in grant.statement ? ['NotResource'] : asArray(grant.statement.Resource)) {
      const table = referencedLogicalId(value as Json);
      if (table !== undefined && own.has(table)) {
        if (pooled && !tagConditioned(grant.statement, tenantId))
          wrong.push(`${grant.where}: ${table} without aws:PrincipalTag/${TENANT_TAG} = ${tenantId}`);
        else granted.add(table);
      } else wrong.push(`${grant.where}: ${typeof value === 'string' ? value : renderString(grant.stack, value as Json)} is not this tenant's table`);
    }
  }
  if (pooled) {
    // The key admits the account's principals through DynamoDB: the access role only in its own session.
    const principalArn = renderArn(stack, { 'Fn::GetAtt': [role.id, 'Arn'] });
    const others = otherTenants(context.assembly, tenantId);
    for (const table of tables) {
      const key = resources(stack, 'AWS::KMS::Key').find((k) => k.id === referencedLogicalId(storeKey(table)));
      if (key === undefined) {
        // A key outside the stack: nothing here shows whom it admits (one line, not one per other tenant).
        wrong.push(`${table.id}: its key is not in the stack`);
        continue;
      }
      const keyDecision = decider(stack, key.props.KeyPolicy, { action: 'kms:Decrypt', viaService: `dynamodb.${stack.region}.amazonaws.com` });
      for (const other of others) {
        const probe = { request: { principalArn, account: stack.account, tags: { [TENANT_TAG]: other } }, otherTenant: other };
        if (keyDecision(probe) === 'allow') wrong.push(`${key.id}: admits the access role in tenant ${other}'s session`);
      }
    }
  }
  const missing = tables.filter((t) => !granted.has(t.id)).map((t) => `${t.id} not granted`);
  const place = { resource: role.id, pointer: pointer('Resources', role.id) };
  if (wrong.length === 0 && missing.length > 0) return observe(context, kinds.recordKeys, place, missing, false, 'missing');
  return observe(context, kinds.recordKeys, place, wrong.length === 0 ? [...granted] : { wrongly: [...wrong, ...missing] }, wrong.length === 0);
}

export const tenantStoreAccess: ControlCheck = (context) => {
  const tenant = context.metadata.tenant;
  if (tenant === undefined) return [];
  const { stack } = context;
  const pooled = tenant.isolation === 'pool';
  const users = storeUsers(stack, pooled);
  const evidence: Evidence[] = [];
  const tables = recordKeyStores(stack);
  for (const role of users) {
    // A HIPAA tenant is served by the enclave, which keeps no database: no grant is expected, any is judged.
    const database = pooled ? databaseEvidence(context, tenant.id, role, !tenant.hipaa) : undefined;
    if (database !== undefined) evidence.push(database);
    if (tables.length > 0) evidence.push(recordKeysEvidence(context, tenant.id, pooled, role, tables));
  }
  if (users.length === 0 && tables.length > 0)
    evidence.push(observe(context, kinds.recordKeys, { pointer: pointer('Resources') }, undefined, false, 'missing'));
  return evidence;
};
