import { AWS_REGIONS } from '../config/regions';
import { platformDatabaseClusterName } from '../plan/naming';
import { OffboardingConfigError } from './offboarding-errors';

/** A platform region's shared database, which keeps a pooled tenant's rows in the tenant's own schema. */
export interface SharedDatabase {
  /** The serving platform's account, which holds the cluster (the policy's own account). */
  readonly account: string;
  readonly region: string;
  /** `<prefix>-<region>-db` (platformDatabaseClusterName). */
  readonly cluster: string;
}

const SUFFIX = '-tenant-db-users';

/**
 * The shared databases a pooled tenant's access role may log in to, read from the managed policies it
 * attaches (`<prefix>-<region>-tenant-db-users`, tenantDatabaseUsersPolicyName's inverse), in their
 * order; an ARN of any other policy is skipped. The same reading for the tenant's plan
 * (`sharedDatabaseUsers`) and for its deployed template (its access role's `ManagedPolicyArns`), so
 * offboarding drops the schema wherever the stack granted one, and nowhere else. A tenant-db-users
 * policy that names no AWS region Rampart supports throws: skipping it would leave a schema undropped
 * while the runbook called the erasure complete.
 */
export function sharedDatabasesOf(prefix: string, policyArns: readonly string[]): SharedDatabase[] {
  return policyArns.flatMap((arn) => {
    const [, account, name] = /^arn:[a-z-]+:iam::(\d{12}):policy\/(.+)$/.exec(arn) ?? [];
    if (account === undefined || name === undefined || !name.endsWith(SUFFIX)) return [];
    const region = name.startsWith(`${prefix}-`) ? name.slice(prefix.length + 1, -SUFFIX.length) : undefined;
    if (region === undefined || !(AWS_REGIONS as readonly string[]).includes(region))
      throw new OffboardingConfigError(
        `${arn}: a tenant database users policy, but not <${prefix}>-<region>${SUFFIX} for an AWS region Rampart supports (lib/config/regions.ts)`,
      );
    return [{ account, region, cluster: platformDatabaseClusterName(prefix, region) }];
  });
}
