import { platformDatabaseClusterName, tenantDatabaseUsersPolicyName } from '../plan/naming';

/** A platform region's shared database, which keeps a pooled tenant's rows in the tenant's own schema. */
export interface SharedDatabase {
  readonly region: string;
  /** `<prefix>-<region>-db` (platformDatabaseClusterName). */
  readonly cluster: string;
}

/**
 * The shared databases a pooled tenant's access role may log in to, read from the managed policies it
 * attaches (`<prefix>-<region>-tenant-db-users`, tenantDatabaseUsersPolicyName's inverse), in their
 * order; any other ARN is skipped. The same reading for the tenant's plan (`sharedDatabaseUsers`) and
 * for its deployed template (its roles' `ManagedPolicyArns`), so offboarding drops the schema wherever
 * the stack granted one, and nowhere else.
 */
export function sharedDatabasesOf(prefix: string, policyArns: readonly string[]): SharedDatabase[] {
  return policyArns.flatMap((arn) => {
    const name = /^arn:[a-z-]+:iam::\d{12}:policy\/(.+)$/.exec(arn)?.[1];
    if (name === undefined || !name.startsWith(`${prefix}-`)) return [];
    const region = name.slice(prefix.length + 1).replace(/-tenant-db-users$/, '');
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) || tenantDatabaseUsersPolicyName(prefix, region) !== name) return [];
    return [{ region, cluster: platformDatabaseClusterName(prefix, region) }];
  });
}
