import type { RampartConfig, TenantConfig } from '../config/schema';
import { KEY_DELETION_WINDOW_BOUNDS } from '../config/tenancy-schema';
import { namePrefix, type TenantResourceNames } from '../plan/naming';
import { planDeployment } from '../plan/plan-deployment';
import type { TenantStackPlan } from '../plan/types';
import { copies, residuals } from './offboarding-copies';
import type { OffboardingContext } from './offboarding-context';
import { steps } from './offboarding-steps';
import { OffboardingConfigError, UnknownTenantError } from './offboarding-errors';
import { sharedDatabasesOf, type SharedDatabase } from './shared-databases';

// Where callers have always imported them from.
export { OffboardingConfigError, UnknownTenantError };

/**
 * Control ERASURE: a tenant's data is gone from every system, backups included, within
 * the policy's erasure deadline (policy.erasure.deadlineDays) of the offboarding request.
 *
 * The tenant's backup vault is COMPLIANCE-locked (nobody can delete a recovery point before its
 * retention ends) and its weekly (28 d) and monthly (365 d) tiers outlive the 30-day promise, so
 * deletion cannot erase them in time. Every copy of the tenant's data is encrypted under one of the
 * tenant's KMS keys (three; four for BYOK, whose record key store has its own) (data bucket and RDS
 * snapshot copies under the data key, flow logs under the logs key; S3
 * recovery points under the vault's backup key), so deleting the tenant's keys makes every copy permanently
 * undecryptable: crypto-shredding. The one store not under a tenant key, the SSE-S3 access-log
 * bucket (S3 log delivery cannot write to SSE-KMS), is emptied explicitly.
 *
 * `offboardingPlan` is pure: it reads the tenant's stack plan (lib/plan), never calls AWS,
 * and returns the ordered procedure with exact commands, so the printed plan is reviewable before
 * anyone runs it and is the auditor's checklist afterwards.
 */

/** One step of the procedure. Day offsets count from the offboarding request (day 0). */
export interface OffboardingStep {
  /** Stable identifier, e.g. `schedule-key-deletion`. */
  readonly id: string;
  readonly title: string;
  /** Day (from the request) on which the step runs. */
  readonly day: number;
  /** AWS account the commands run in; undefined for a repository change. */
  readonly account?: string;
  /** Region the commands target (every AWS command carries `--region`). */
  readonly region?: string;
  /** Shell commands, in order, ready to paste (bash, AWS CLI v2). */
  readonly commands: readonly string[];
  /** Why this step exists and why at this point in the order. */
  readonly why: string;
  /** The evidence: commands to run (or files to read) and what their output must show. */
  readonly verify: readonly Verification[];
}

/** One check for the auditor: `run` (a command; omitted for a file or a manual check) must show `expect`. */
export interface Verification {
  readonly run?: string;
  readonly expect: string;
}

/** One place the tenant's data exists, and how (and when) it is erased. */
export interface CopyErasure {
  readonly copy: string;
  readonly encryption: string;
  readonly retention: string;
  readonly erasedBy: 'deletion' | 'crypto-shredding';
  /** Day (from the request) by which this copy is erased or unreadable for good. */
  readonly erasedOnDay: number;
  readonly note: string;
}

/** Something that is NOT erased by this procedure, and why that is acceptable or what to do. */
export interface Residual {
  readonly what: string;
  readonly why: string;
  readonly action: string;
}

export interface OffboardingPlan {
  readonly tenantId: string;
  readonly plan: TenantConfig['plan'];
  readonly byok: boolean;
  readonly enclave: boolean;
  readonly account: string;
  readonly region: string;
  /** CLI selection path, e.g. `prod-us-east-1/tenant-acme`. */
  readonly stackPath: string;
  /** CloudFormation stack name. */
  readonly stackName: string;
  readonly names: TenantResourceNames;
  /** Days between the request and the start of erasure (tenancy.offboarding.graceDays). */
  readonly graceDays: number;
  /** KMS pending window of the tenant keys (tenancy.offboarding.keyDeletionWindowDays). */
  readonly keyDeletionWindowDays: number;
  /** graceDays + keyDeletionWindowDays: the day the keys are gone and erasure is complete. */
  readonly totalDays: number;
  readonly deadlineDays: number;
  readonly steps: readonly OffboardingStep[];
  readonly copies: readonly CopyErasure[];
  readonly residuals: readonly Residual[];
}

/**
 * What the procedure reads about the tenant's stack: its plan's fields, from the config
 * (`offboardingPlan`) or from the last deployed assembly (`tenantFromAssembly`, lib/offboarding/
 * assembly-tenant.ts) once the tenant has left the config.
 */
export type OffboardingSource = Pick<
  TenantStackPlan,
  'tenant' | 'account' | 'region' | 'names' | 'stackName' | 'path' | 'graceDays' | 'keyDeletionWindowDays' | 'policy'
> & {
  readonly silo?: { readonly names: Pick<NonNullable<TenantStackPlan['silo']>['names'], 'databaseCluster' | 'stagingVault'> };
  /** Pool: where the tenant's schema lives, read from the policies its access role attaches (sharedDatabasesOf). */
  readonly sharedDatabases: readonly SharedDatabase[];
};

/**
 * The offboarding (erasure) procedure for one tenant of `config`.
 * Throws when the tenant id is unknown (the message lists the known ids) or when the configured
 * grace period and key deletion window cannot meet the erasure deadline (the loader already rejects
 * such a config; the check keeps a hand-built config from printing a non-compliant plan).
 */
export function offboardingPlan(config: RampartConfig, tenantId: string): OffboardingPlan {
  const tenantPlans = planDeployment(config).aws.filter((plan): plan is TenantStackPlan => plan.kind === 'aws-tenant');
  const stack = tenantPlans.find((plan) => plan.tenant.id === tenantId);
  if (stack === undefined)
    throw new UnknownTenantError(
      tenantId,
      tenantPlans.map((plan) => plan.tenant.id),
    );
  return offboardingPlanOf({ ...stack, sharedDatabases: sharedDatabasesOf(namePrefix(config), stack.sharedDatabaseUsers ?? []) });
}

/** The procedure for one tenant's stack, however it was read; throws like `offboardingPlan` on days the deadline cannot take. */
export function offboardingPlanOf(stack: OffboardingSource): OffboardingPlan {
  const { graceDays } = stack;
  const window = stack.keyDeletionWindowDays;
  const deadlineDays = stack.policy.erasure.deadlineDays;
  if (!Number.isInteger(window) || window < KEY_DELETION_WINDOW_BOUNDS.min || window > KEY_DELETION_WINDOW_BOUNDS.max) {
    throw new OffboardingConfigError(
      `tenancy.offboarding.keyDeletionWindowDays: KMS accepts ${KEY_DELETION_WINDOW_BOUNDS.min}..${KEY_DELETION_WINDOW_BOUNDS.max} days, got ${window}`,
    );
  }
  const totalDays = graceDays + window;
  if (totalDays > deadlineDays) {
    throw new OffboardingConfigError(
      `tenancy.offboarding: graceDays (${graceDays}) + keyDeletionWindowDays (${window}) = ${totalDays} days, over the ${deadlineDays}-day erasure deadline`,
    );
  }

  const { account, region, names, stackName, path: stackPath, tenant } = stack;
  // A pooled tenant outside the enclave always has its schema in a shared database: finding none
  // (a template whose access role lost its policies) must not yield a runbook that skips the drop.
  if (tenant.isolation === 'pool' && !tenant.hipaa && stack.sharedDatabases.length === 0)
    throw new OffboardingConfigError(
      `${stack.path}: a pooled tenant whose access role attaches no <prefix>-<region>-tenant-db-users policy; its schema in the shared databases cannot be located`,
    );
  const ctx: OffboardingContext = {
    tenant,
    account,
    region,
    names,
    ...(stack.silo === undefined ? {} : { silo: { databaseCluster: stack.silo.names.databaseCluster, stagingVault: stack.silo.names.stagingVault } }),
    sharedDatabases: stack.sharedDatabases,
    stackName,
    stackPath,
    graceDays,
    window,
    totalDays,
    deadlineDays,
    policy: stack.policy,
  };

  return {
    tenantId: tenant.id,
    plan: tenant.plan,
    byok: tenant.byok,
    enclave: tenant.hipaa,
    account,
    region,
    stackPath,
    stackName,
    names,
    graceDays,
    keyDeletionWindowDays: window,
    totalDays,
    deadlineDays,
    steps: steps(ctx),
    copies: copies(ctx),
    residuals: residuals(ctx),
  };
}
