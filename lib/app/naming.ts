import { RampartConfig } from '../config/schema';

/**
 * The one naming scheme for stages, stacks and global resource names.
 *
 *   stage (cloud assembly)   <environment>-<region>                    prod-us-east-1
 *   stack (CLI selection)    <environment>-<region>/<role>[-<tenant>]   prod-us-east-1/platform, prod-eu-west-1/tenant-globex
 *   CloudFormation name      <organization>-<environment>-<region>-<role>[-<tenant>]
 *
 * So `cdk deploy 'prod-us-east-1/*'` deploys one region and `cdk deploy '*\/tenant-acme'` one tenant.
 * Names are deterministic on purpose: cross-region wiring (backup copy targets, log archives) uses
 * them instead of CloudFormation exports, which cannot cross regions.
 */

/** `platform` (US regions and the EU region), `enclave` (HIPAA), `tenant` (one per tenant). */
export type StackRole = 'platform' | 'enclave' | 'tenant';

export function stageId(config: RampartConfig, region: string): string {
  return `${config.environment}-${region}`;
}

export function stackId(role: StackRole, tenantId?: string): string {
  return tenantId === undefined ? role : `${role}-${tenantId}`;
}

export function cloudFormationStackName(config: RampartConfig, region: string, role: StackRole, tenantId?: string): string {
  return `${config.organization}-${stageId(config, region)}-${stackId(role, tenantId)}`;
}

/** `alias/<org>/<env>/...` prefix for KMS aliases. */
export function keyAliasPrefix(config: RampartConfig): string {
  return `${config.organization}/${config.environment}`;
}

const S3_NAME_MAX = 63;

/** Globally unique, deterministic S3 bucket name: <org>-<env>-<account>-<region>-<purpose>. */
export function bucketName(config: RampartConfig, account: string, region: string, purpose: string): string {
  const name = `${config.organization}-${config.environment}-${account}-${region}-${purpose}`;
  if (name.length > S3_NAME_MAX) {
    throw new Error(`bucket name "${name}" is ${name.length} characters, over S3's limit of ${S3_NAME_MAX}; shorten organization or environment`);
  }
  return name;
}

/**
 * Names of one tenant's resources. Deterministic so the offboarding procedure
 * (`npm run tenant:offboard -- <id>`) can print exact commands without looking anything up.
 *
 *   keys     alias/<org>/<env>/tenant/<id>/data|backup|logs
 *   vault    <org>-<env>-<id>-vault                 (AWS Backup: <= 50 characters)
 *   buckets  <org>-<env>-<id>-data|logs-<account> (S3: <= 63; one tenant lives in one region)
 */
export interface TenantResourceNames {
  /** `<org>/<env>/tenant/<id>`: the tenant's KeyRing alias prefix. */
  readonly keyAliasPrefix: string;
  readonly dataKeyAlias: string;
  readonly backupKeyAlias: string;
  readonly logsKeyAlias: string;
  readonly vaultName: string;
  readonly backupPlanName: string;
  readonly dataBucketName: string;
  readonly logsBucketName: string;
}

export function tenantResourceNames(config: RampartConfig, tenantId: string, account: string): TenantResourceNames {
  const prefix = `${config.organization}-${config.environment}`;
  const bucket = (purpose: 'data' | 'logs') => {
    const name = `${prefix}-${tenantId}-${purpose}-${account}`;
    if (name.length > S3_NAME_MAX) {
      throw new Error(`bucket name "${name}" is ${name.length} characters, over S3's limit of ${S3_NAME_MAX}; shorten organization, environment or the tenant id`);
    }
    return name;
  };
  const keys = `${keyAliasPrefix(config)}/tenant/${tenantId}`;
  return {
    keyAliasPrefix: keys,
    dataKeyAlias: `alias/${keys}/data`,
    backupKeyAlias: `alias/${keys}/backup`,
    logsKeyAlias: `alias/${keys}/logs`,
    vaultName: `${prefix}-${tenantId}-vault`,
    backupPlanName: `${prefix}-tenant-${tenantId}-four-tiers`,
    dataBucketName: bucket('data'),
    logsBucketName: bucket('logs'),
  };
}
