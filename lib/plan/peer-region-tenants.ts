import { partitionOf } from '../config/regions';
import { iamPolicyArn } from './naming';
import type { PlatformStackPlan, TenantStackPlan } from './types';

/**
 * ISOLATION (pool): the pooled tenants each platform's shared database serves from another region:
 * those whose access role attaches the platform's `tenant-db-users` policy (so they connect to its
 * cluster) while their stack lives elsewhere (a US tenant's stack is in the primary region, and the
 * DR region's cluster serves it too). A tenant's stack can create its database user only in a cluster
 * of its own region (CloudFormation calls a custom resource's function only there), so the platform
 * stack of the other region creates these (Custom::TenantDatabaseSchemas). Decided from the tenant
 * plans' own grants, so a tenant that can connect to a cluster is exactly a tenant whose user that
 * cluster's stack creates. Ids sorted: the template changes only when the set does.
 */
export function withPeerRegionTenants(platforms: readonly PlatformStackPlan[], tenants: readonly TenantStackPlan[]): PlatformStackPlan[] {
  return platforms.map((platform) => {
    const policyArn = iamPolicyArn(platform.account, platform.names.tenantDatabaseUsersPolicy, partitionOf(platform.region));
    const served = tenants
      .filter((t) => t.tenant.isolation === 'pool' && t.region !== platform.region)
      .filter((t) => (t.sharedDatabaseUsers ?? []).includes(policyArn))
      .map((t) => t.tenant.id)
      .sort();
    return { ...platform, peerRegionTenants: served };
  });
}
