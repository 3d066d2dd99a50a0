import { tenantPlacement } from '../config/placement';
import type { TenantConfig } from '../config/schema';
import { allocateTenantCidrs } from '../config/tenant-network';
import type { PolicyNumbers } from '../promises/policy-numbers';
import type { DataClass } from '../promises/types';
import type { AwsConfig } from '../config/aws-part';
import { awsBase } from './aws-plans';
import { tenantResourceNames } from './naming';
import type { TenantStackPlan } from './types';

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
 * ISOLATION: one stack per tenant, `<stage>/tenant-<id>`, in the account and region of its
 * placement, on a VPC CIDR that never changes when other tenants come or go.
 */
export function tenantPlans(config: AwsConfig): TenantStackPlan[] {
  const cidrs = allocateTenantCidrs(config);
  const policy = config.policy as PolicyNumbers;
  return config.tenants.map((tenant): TenantStackPlan => {
    const { account, region, enclave } = tenantPlacement(config, tenant);
    const vpcCidr = cidrs.get(tenant.id);
    if (vpcCidr === undefined)
      throw new Error(`tenants: no VPC CIDR allocated for tenant "${tenant.id}" (config validation should have reported why)`);
    const dataClasses: DataClass[] = [...(tenant.residency === 'eu' ? (['eu'] as const) : []), ...(enclave ? (['phi'] as const) : [])];
    const description = `Rampart tenant ${tenant.id} (${tenant.plan}, ${tenant.residency}${enclave ? ', HIPAA' : ''}; ${config.organization}/${config.environment})`;
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
      },
      vpcCidr,
      keyDeletionWindowDays: config.tenancy.offboarding.keyDeletionWindowDays,
      graceDays: config.tenancy.offboarding.graceDays,
      names: tenantResourceNames(config, tenant.id, account),
    };
  });
}
