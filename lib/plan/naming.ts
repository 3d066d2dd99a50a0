import { partitionOf } from '../config/regions';
import { BREAK_GLASS_ROLE_SUFFIX } from '../promises/people-access';

/**
 * The one naming scheme for stages, stacks and every deterministic resource name, over plain values
 * (organization, environment, region, account, tenant id), so the plan, the offboarding runbook and
 * the tests derive the same names without a config or a construct tree.
 *
 *   stage (cloud assembly)   <environment>-<region>                    prod-us-east-1
 *   stack (CLI selection)    <environment>-<region>/<role>[-<tenant>|-<account>]
 *                            prod-us-east-1/platform, prod-eu-west-1/tenant-globex, prod-us-east-1/account-baseline-444444444444
 *   CloudFormation name      <organization>-<environment>-<region>-<role>[-<tenant>|-<account>]
 *
 * Names are deterministic on purpose: cross-region wiring (backup copy targets, log archives) uses
 * them instead of CloudFormation exports, which cannot cross regions.
 */

/** The organization and environment every name starts with. */
export interface NameScope {
  readonly organization: string;
  readonly environment: string;
}

/**
 * `platform` (US regions and the EU region), `enclave` (HIPAA), `tenant` (one per tenant),
 * `account-baseline` (audit and detection where no platform or enclave stack brings them).
 */
export type StackRole = 'platform' | 'enclave' | 'tenant' | 'account-baseline' | 'identity-center';

export function stageId(scope: NameScope, region: string): string {
  return `${scope.environment}-${region}`;
}

/**
 * `<role>[-<qualifier>]`: the qualifier is the tenant id of a tenant stack and the account of an
 * account baseline (one region can hold the baselines of several accounts).
 */
export function stackId(role: StackRole, qualifier?: string): string {
  return qualifier === undefined ? role : `${role}-${qualifier}`;
}

export function cloudFormationStackName(scope: NameScope, region: string, role: StackRole, qualifier?: string): string {
  return `${scope.organization}-${stageId(scope, region)}-${stackId(role, qualifier)}`;
}

/** `<organization>-<environment>`: the prefix of vault, trail, plan and repository names. */
export function namePrefix(scope: NameScope): string {
  return `${scope.organization}-${scope.environment}`;
}

/** `<org>/<env>`: the prefix of KMS aliases (`alias/<org>/<env>/...`). */
export function keyAliasPrefix(scope: NameScope): string {
  return `${scope.organization}/${scope.environment}`;
}

const S3_NAME_MAX = 63;

function checkedBucketName(name: string, shorten: string): string {
  if (name.length > S3_NAME_MAX) {
    throw new Error(`bucket name "${name}" is ${name.length} characters, over S3's limit of ${S3_NAME_MAX}; shorten ${shorten}`);
  }
  return name;
}

/** Globally unique, deterministic S3 bucket name: <org>-<env>-<account>-<region>-<purpose>. */
export function bucketName(scope: NameScope, account: string, region: string, purpose: string): string {
  return checkedBucketName(`${namePrefix(scope)}-${account}-${region}-${purpose}`, 'organization or environment');
}

/** AWS Backup vault names: 2..50 characters, letters, digits, hyphens and underscores. */
const VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;

/** `<prefix>-vault`, e.g. `example-saas-prod-vault`; the same name in every region of an environment. */
export function backupVaultName(prefix: string): string {
  const name = `${prefix.replace(/\//g, '-')}-vault`;
  if (!VAULT_NAME.test(name)) {
    throw new Error(`backupVaultName: "${name}" is not a valid AWS Backup vault name (2..50 of A-Z a-z 0-9 - _); got prefix "${prefix}"`);
  }
  return name;
}

/**
 * `<prefix>-db-staging`, e.g. `example-saas-prod-db-staging`: the vault where each tier's Aurora
 * recovery point lives one day before AWS Backup's copies keep the tier under the backup key.
 */
export function stagingVaultName(prefix: string): string {
  const name = `${prefix.replace(/\//g, '-')}-db-staging`;
  if (!VAULT_NAME.test(name)) {
    throw new Error(`stagingVaultName: "${name}" is not a valid AWS Backup vault name (2..50 of A-Z a-z 0-9 - _); got prefix "${prefix}"`);
  }
  return name;
}

/**
 * `<prefix>-<region>-backup`: the role AWS Backup backs up and copies a platform region's data bucket
 * and database with. IAM names are global to the account, so the region is part of it; the backup
 * keys of this region and of its peer admit RDS for this role by name (its ARN is known before it exists).
 */
export function backupRoleName(prefix: string, region: string): string {
  const name = `${prefix}-${region}-backup`;
  if (name.length > 64) throw new Error(`backupRoleName: "${name}" is ${name.length} characters, over IAM's limit of 64`);
  return name;
}

const IAM_ROLE_NAME_MAX = 64;

function checkedRoleName(name: string, what: string): string {
  if (name.length > IAM_ROLE_NAME_MAX) throw new Error(`${what}: "${name}" is ${name.length} characters, over IAM's limit of ${IAM_ROLE_NAME_MAX}`);
  return name;
}

/**
 * `<prefix>-<region>-service`: the task role of a region's hosted service (platform or enclave).
 * Named so that a pooled tenant's access role can trust it by ARN from its own stack, without the
 * platform stack changing when a tenant comes or goes.
 */
export function serviceTaskRoleName(prefix: string, region: string): string {
  return checkedRoleName(`${prefix}-${region}-service`, 'serviceTaskRoleName');
}

/**
 * `<prefix>-<region>-tenant-db-users`: the managed policy of a platform region through which a pooled
 * tenant's access role connects to that region's shared database as its tenant's own user. Named so
 * that each tenant stack attaches it by ARN: the platform stack never changes when a tenant comes or goes.
 */
export function tenantDatabaseUsersPolicyName(prefix: string, region: string): string {
  const name = `${prefix}-${region}-tenant-db-users`;
  if (name.length > 128) throw new Error(`tenantDatabaseUsersPolicyName: "${name}" is ${name.length} characters, over IAM's limit of 128`);
  return name;
}

/**
 * `<prefix>-<region>-tenant-schemas`: the Lambda function of a platform region that creates pooled
 * tenants' database users and schemas (TenantSchemaProvisioner). Named so that each pooled tenant's
 * stack names it in its custom resource's ServiceToken: no export, and the platform stack never
 * changes when a tenant comes or goes.
 */
export function tenantSchemaProvisionerName(prefix: string, region: string): string {
  const name = `${prefix}-${region}-tenant-schemas`;
  if (name.length > 64) throw new Error(`tenantSchemaProvisionerName: "${name}" is ${name.length} characters, over Lambda's limit of 64`);
  return name;
}

/**
 * `<prefix>-<region>-db`: the identifier of a platform region's shared Aurora cluster. Pooled tenants'
 * schema resources name it (TenantSchema's `Cluster`), so it is derived in one place.
 */
export function platformDatabaseClusterName(prefix: string, region: string): string {
  return `${prefix}-${region}-db`;
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>`, `partition` as for iamPolicyArn. */
export function lambdaFunctionArn(region: string, account: string, name: string, partition: string): string {
  return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
}

/**
 * `arn:<partition>:iam::<account>:policy/<name>`. `partition`: the stack's (Stack.partition, a literal
 * where the region is known) or, outside a stack, partitionOf(region) (lib/config/regions.ts).
 */
export function iamPolicyArn(account: string, name: string, partition: string): string {
  return `arn:${partition}:iam::${account}:policy/${name}`;
}

/** `arn:<partition>:iam::<account>:role/<name>`, `partition` as for iamPolicyArn. */
export function iamRoleArn(account: string, name: string, partition: string): string {
  return `arn:${partition}:iam::${account}:role/${name}`;
}

/**
 * `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`, with the region's partition: readable
 * in the template (no intrinsic function), as the copy actions that name it need.
 */
export function backupVaultArn(region: string, account: string, name: string): string {
  return `arn:${partitionOf(region)}:backup:${region}:${account}:backup-vault:${name}`;
}

/** `<org>-<env>-break-glass`: the break-glass role's name in every account with a trail (ACCESS-MFA). */
export function breakGlassRoleName(scope: NameScope): string {
  return `${namePrefix(scope)}-${BREAK_GLASS_ROLE_SUFFIX}`;
}

/**
 * Names of one tenant's resources. Deterministic so the offboarding procedure
 * (`npm run tenant:offboard -- <id>`) can print exact commands without looking anything up.
 *
 *   keys     alias/<org>/<env>/tenant/<id>/data|backup|logs
 *   vault    <org>-<env>-<id>-vault                 (AWS Backup: <= 50 characters)
 *   buckets  <org>-<env>-<id>-data|logs-<account> (S3: <= 63; one tenant lives in one region)
 *   table    <org>-<env>-<id>-record-keys          (DynamoDB: the record key store)
 */
export interface TenantResourceNames {
  /** `<org>/<env>/tenant/<id>`: the tenant's KeyRing alias prefix. */
  readonly keyAliasPrefix: string;
  readonly dataKeyAlias: string;
  readonly backupKeyAlias: string;
  readonly logsKeyAlias: string;
  /** BYOK tenants only: the key of the record key store (a BYOK data key has no material when the stack is created). */
  readonly recordKeysKeyAlias: string;
  readonly vaultName: string;
  readonly backupPlanName: string;
  readonly dataBucketName: string;
  readonly logsBucketName: string;
  /** `<org>-<env>-<id>-record-keys`: the tenant's record key store (ERASURE of single records). */
  readonly recordKeyTableName: string;
  /**
   * `<org>-<env>-tenant-<id>-access`: the role a pooled tenant's data is reached through, assumed
   * by the serving platform's task role with the tenant id as session tag.
   */
  readonly accessRoleName: string;
  /** `<org>-<env>-tenant-<id>-service`: the task role of a silo tenant's own service. */
  readonly serviceRoleName: string;
  /** `<org>-<env>-tenant-<id>-backup`: the role AWS Backup backs the tenant's stores up with (its key and bucket policies name it). */
  readonly backupRoleName: string;
}

export function tenantResourceNames(scope: NameScope, tenantId: string, account: string): TenantResourceNames {
  const prefix = namePrefix(scope);
  const bucket = (purpose: 'data' | 'logs') =>
    checkedBucketName(`${prefix}-${tenantId}-${purpose}-${account}`, 'organization, environment or the tenant id');
  const keys = `${keyAliasPrefix(scope)}/tenant/${tenantId}`;
  return {
    keyAliasPrefix: keys,
    dataKeyAlias: `alias/${keys}/data`,
    backupKeyAlias: `alias/${keys}/backup`,
    logsKeyAlias: `alias/${keys}/logs`,
    recordKeysKeyAlias: `alias/${keys}/record-keys`,
    vaultName: `${prefix}-${tenantId}-vault`,
    backupPlanName: `${prefix}-tenant-${tenantId}-four-tiers`,
    dataBucketName: bucket('data'),
    logsBucketName: bucket('logs'),
    recordKeyTableName: `${prefix}-${tenantId}-record-keys`,
    accessRoleName: checkedRoleName(`${prefix}-tenant-${tenantId}-access`, 'tenant access role'),
    backupRoleName: checkedRoleName(`${prefix}-tenant-${tenantId}-backup`, 'tenant backup role'),
    serviceRoleName: checkedRoleName(`${prefix}-tenant-${tenantId}-service`, 'tenant service role'),
  };
}

/** Silo tenant: its own database cluster and the staging vault its snapshots are copied through (offboarding names both). */
export function siloStoreNames(scope: NameScope, tenantId: string): { readonly databaseCluster: string; readonly stagingVault: string } {
  const prefix = namePrefix(scope);
  return { databaseCluster: `${prefix}-tenant-${tenantId}-db`, stagingVault: stagingVaultName(`${prefix}-${tenantId}`) };
}

/**
 * Names of an account baseline's resources in one account and region: never a tenant's
 * (`alias/<org>/<env>/tenant/<id>/...`), so offboarding a tenant, which deletes the tenant's keys by
 * their aliases, can never reach the account's audit archive.
 *
 *   keys     alias/<org>/<env>/baseline/logs|alerts
 *   buckets  <org>-<env>-<account>-<region>-audit-logs|audit-access-logs
 *   trail    <org>-<env>-baseline-trail      (in the account's home region only)
 */
export interface AccountBaselineNames {
  /** `<org>/<env>/baseline`: the baseline's LogsKeyRing alias prefix. */
  readonly keyAliasPrefix: string;
  readonly logsKeyAlias: string;
  readonly alertsKeyAlias: string;
  readonly logsBucket: string;
  readonly accessLogsBucket: string;
  readonly trail: string;
}

export function accountBaselineNames(scope: NameScope, account: string, region: string): AccountBaselineNames {
  const keys = `${keyAliasPrefix(scope)}/baseline`;
  return {
    keyAliasPrefix: keys,
    logsKeyAlias: `alias/${keys}/logs`,
    alertsKeyAlias: `alias/${keys}/alerts`,
    logsBucket: bucketName(scope, account, region, 'audit-logs'),
    accessLogsBucket: bucketName(scope, account, region, 'audit-access-logs'),
    trail: `${namePrefix(scope)}-baseline-trail`,
  };
}

/**
 * `<org>-<env>-<platform|hipaa>-boundary-<region>`: the managed policy that caps every role of an
 * account and region (LEAST-PRIV, HIPAA). Owned by its platform, enclave or account-baseline stack;
 * the tenant stacks of that account and region name it instead of creating their own.
 */
export function boundaryPolicyName(scope: NameScope, kind: 'platform' | 'hipaa', region: string): string {
  return `${namePrefix(scope)}-${kind}-boundary-${region}`;
}

/** The CDK bootstrap qualifier Rampart deploys with (the default: `cdk bootstrap` without `--qualifier`). */
const CDK_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** Name of a role `cdk bootstrap` creates in an account and region: `cdk-hnb659fds-<kind>-role-<account>-<region>`. */
export function cdkBootstrapRoleName(kind: 'deploy' | 'file-publishing' | 'image-publishing' | 'lookup', account: string, region: string): string {
  return `cdk-${CDK_BOOTSTRAP_QUALIFIER}-${kind}-role-${account}-${region}`;
}
