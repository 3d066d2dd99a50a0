import { AWS_REGIONS, partitionOf } from '../config/regions';
import { iamPolicyArn, platformDatabaseClusterName, tenantDatabaseUsersPolicyName } from '../plan/naming';
import { OffboardingConfigError } from './offboarding-errors';

/** A platform region's shared database, which keeps a pooled tenant's rows in the tenant's own schema. */
export interface SharedDatabase {
  /** The serving platform's account, which holds the cluster (the policy's own account). */
  readonly account: string;
  readonly region: string;
  /** `<prefix>-<region>-db` (platformDatabaseClusterName). */
  readonly cluster: string;
}

/**
 * The shared databases a pooled tenant's access role may log in to: the regions whose
 * `<prefix>-<region>-tenant-db-users` policy (tenantDatabaseUsersPolicyName, by ARN as iamPolicyArn
 * writes it, the way lib/plan/peer-region-tenants.ts matches it) the role attaches, in their order;
 * an ARN of any other policy is skipped. The same reading for the tenant's plan (`sharedDatabaseUsers`)
 * and for its deployed template (its access role's `ManagedPolicyArns`), so offboarding drops the
 * schema wherever the stack granted one, and nowhere else. A tenant-db-users policy that matches no
 * AWS region Rampart supports under `prefix` throws: skipping it would leave a schema undropped while
 * the runbook called the erasure complete.
 */
export function sharedDatabasesOf(prefix: string, policyArns: readonly string[]): SharedDatabase[] {
  return policyArns.flatMap((arn) => {
    const account = /^arn:[^:]+:iam::(\d{12}):policy\//.exec(arn)?.[1];
    if (account === undefined) return [];
    const region = AWS_REGIONS.find((r) => iamPolicyArn(account, tenantDatabaseUsersPolicyName(prefix, r), partitionOf(r)) === arn);
    if (region !== undefined) return [{ account, region, cluster: platformDatabaseClusterName(prefix, region) }];
    if (arn.endsWith('-tenant-db-users'))
      throw new OffboardingConfigError(
        `${arn}: a tenant database users policy, but not ${tenantDatabaseUsersPolicyName(prefix, '<region>')} for an AWS region Rampart supports (lib/config/regions.ts)`,
      );
    return [];
  });
}
