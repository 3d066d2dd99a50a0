import { servingPlatformOf, tenantPlacement } from '../config/placement';
import type { TenantConfig } from '../config/schema';
import { allocateTenantCidrs } from '../config/tenant-network';
import type { PolicyNumbers } from '../promises/policy-numbers';
import type { DataClass } from '../promises/types';
import type { AwsConfig } from '../config/aws-part';
import { awsBase } from './aws-plans';
import {
  iamPolicyArn,
  iamRoleArn,
  lambdaFunctionArn,
  namePrefix,
  serviceTaskRoleName,
  tenantDatabaseUsersPolicyName,
  platformDatabaseClusterName,
  tenantSchemaProvisionerName,
  siloStoreNames,
  tenantResourceNames,
} from './naming';
import { partitionOf } from '../config/regions';
import { requiredS3PrefixList } from '../config/s3-prefix-lists';
import { isolationOf } from '../config/plans';
import type { SiloProductPlan, TenantStackPlan } from './types';

/**
 * RETENTION: days a tenant's data and logs are kept: the policy's days for its plan, or the
 * enterprise tenant's agreed `retentionDays` (config validation requires it there and bounds it).
 */
export function tenantRetentionDays(tenant: Pick<TenantConfig, 'id' | 'plan' | 'retentionDays'>, policy: PolicyNumbers): number {
  if (tenant.plan === 'starter') return policy.retention.starterDays;
  if (tenant.plan === 'pro') return policy.retention.proDays;
  if (tenant.retentionDays === undefined)
    throw new Error(`tenants: tenant "${tenant.id}" on plan enterprise has no retentionDays (config validation should have reported it)`);
  return tenant.retentionDays;
}

/**
 * The shared platform that serves a pooled tenant (config validation keeps the tenant in its account):
 * its account, the regions of its services (the US primary's and the DR region's, which takes over in a
 * failover and reads the same bucket across regions), the prefix of their task roles, and whether they
 * keep a shared database (the enclave's service keeps none).
 */
function servingPlatform(config: AwsConfig, tenant: Pick<TenantConfig, 'hipaa' | 'residency'>) {
  const prefix = namePrefix(config);
  switch (servingPlatformOf(tenant)) {
    case 'enclave':
      return { account: config.accounts.hipaa, regions: [config.hipaa.region], taskRolePrefix: `${prefix}-hipaa`, sharedDatabase: false };
    case 'eu':
      return { account: config.accounts.eu, regions: [config.residency.eu.region], taskRolePrefix: prefix, sharedDatabase: true };
    case 'us':
      return {
        account: config.accounts.platform,
        regions: [...new Set([config.regions.primary, config.regions.dr])],
        taskRolePrefix: prefix,
        sharedDatabase: true,
      };
  }
}

/** ISOLATION: the task roles of the services that serve a pooled tenant, in the account that serves it. */
export function servingTaskRoles(config: AwsConfig, tenant: Pick<TenantConfig, 'hipaa' | 'residency'>): string[] {
  const { account, regions, taskRolePrefix } = servingPlatform(config, tenant);
  return regions.map((region) => iamRoleArn(account, serviceTaskRoleName(taskRolePrefix, region), partitionOf(region)));
}

/**
 * Pool: the policies (by ARN) of the platform regions whose shared database serves the tenant, the
 * same regions as its serving task roles. A HIPAA tenant gets none: the enclave's service has no database.
 */
export function sharedDatabaseUserPolicies(config: AwsConfig, tenant: Pick<TenantConfig, 'hipaa' | 'residency'>): string[] {
  const { account, regions, sharedDatabase } = servingPlatform(config, tenant);
  const prefix = namePrefix(config);
  return sharedDatabase ? regions.map((region) => iamPolicyArn(account, tenantDatabaseUsersPolicyName(prefix, region), partitionOf(region))) : [];
}

/**
 * Pool: the tenant schema provisioner (by ARN) of the serving platform in the tenant's own region, if
 * one serves it there, and the cluster it serves: a stack's custom resource can call a function only
 * in its own region. A HIPAA tenant gets none (the enclave's service keeps no database).
 */
export function databaseSchema(
  config: AwsConfig,
  tenant: Pick<TenantConfig, 'hipaa' | 'residency'>,
  region: string,
): { readonly provisionerArn: string; readonly clusterIdentifier: string } | undefined {
  const { account, regions, sharedDatabase } = servingPlatform(config, tenant);
  const here = regions.find((r) => r === region);
  if (!sharedDatabase || here === undefined) return undefined;
  const prefix = namePrefix(config);
  return {
    provisionerArn: lambdaFunctionArn(here, account, tenantSchemaProvisionerName(prefix, here), partitionOf(here)),
    clusterIdentifier: platformDatabaseClusterName(prefix, here),
  };
}

/** Silo: the tenant's own product, built from the platform's choices and the tenant's own names. */
function siloProduct(config: AwsConfig, tenant: TenantConfig, region: string): SiloProductPlan {
  const prefix = namePrefix(config);
  const s3PrefixList = requiredS3PrefixList(region, config.s3PrefixLists, `tenants (silo tenant "${tenant.id}")`);
  const { platform } = config;
  return {
    domainName: tenant.hipaa ? `${tenant.id}.phi.${platform.domain}` : `${tenant.id}.${platform.domain}`,
    ingress: tenant.hipaa ? 'private' : 'public',
    consumerAccounts: tenant.hipaa && config.hipaa.consumers.length > 0 ? config.hipaa.consumers : [config.accounts.platform],
    waf: platform.waf,
    shieldAdvanced: config.shieldAdvanced,
    container: platform.container,
    imageTag: tenant.hipaa ? config.hipaa.imageTag : platform.container.imageTag,
    data: { minCapacity: platform.data.minCapacity, maxCapacity: platform.data.maxCapacity },
    s3PrefixList,
    names: {
      imageRepository: `${prefix}/tenant-${tenant.id}-service`,
      ...siloStoreNames(config, tenant.id),
      databaseBackupPlan: `${prefix}-tenant-${tenant.id}-db-four-tiers`,
      webAcl: `${prefix}-tenant-${tenant.id}`,
      // Shield protection group ids: at most 36 characters, unique in the account (tenant ids are).
      protectionGroup: `tenant-${tenant.id}-public`,
    },
  };
}

/**
 * ISOLATION: one stack per tenant, `<stage>/tenant-<id>`, in the account and region of its
 * placement, on a VPC CIDR that never changes when other tenants come or go.
 */
export function tenantPlans(config: AwsConfig): TenantStackPlan[] {
  const cidrs = allocateTenantCidrs(config);
  const policy = config.policy as PolicyNumbers;
  return config.tenants.map((tenant): TenantStackPlan => {
    const { account, region, enclave } = tenantPlacement(config, tenant);
    const isolation = isolationOf(tenant);
    const vpcCidr = cidrs.get(tenant.id);
    if (isolation === 'silo' && vpcCidr === undefined)
      throw new Error(`tenants: no VPC CIDR allocated for silo tenant "${tenant.id}" (config validation should have reported why)`);
    const dataClasses: DataClass[] = [...(tenant.residency === 'eu' ? (['eu'] as const) : []), ...(enclave ? (['phi'] as const) : [])];
    const description = `Rampart tenant ${tenant.id} (${tenant.plan}, ${isolation}, ${tenant.residency}${enclave ? ', HIPAA' : ''}; ${config.organization}/${config.environment})`;
    return {
      ...awsBase(config, { kind: 'aws-tenant', account, region, dataClasses }, description, 'tenant', tenant.id),
      kind: 'aws-tenant',
      tenant: {
        id: tenant.id,
        plan: tenant.plan,
        residency: tenant.residency,
        hipaa: tenant.hipaa,
        byok: tenant.byok,
        retentionDays: tenantRetentionDays(tenant, policy),
        isolation,
      },
      ...(isolation === 'silo'
        ? { vpcCidr, silo: siloProduct(config, tenant, region) }
        : {
            servedBy: servingTaskRoles(config, tenant),
            sharedDatabaseUsers: sharedDatabaseUserPolicies(config, tenant),
            databaseSchema: databaseSchema(config, tenant, region),
          }),
      keyDeletionWindowDays: config.tenancy.offboarding.keyDeletionWindowDays,
      graceDays: config.tenancy.offboarding.graceDays,
      names: tenantResourceNames(config, tenant.id, account),
    };
  });
}
