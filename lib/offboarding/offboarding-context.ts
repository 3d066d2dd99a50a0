import type { TenantResourceNames } from '../plan/naming';
import type { TenantStackPlan } from '../plan/types';
import type { PolicyNumbers } from '../promises/policy-numbers';
import type { SharedDatabase } from './shared-databases';

/** What every part of the offboarding procedure reads: the tenant's plan, its days and its names. */
export interface OffboardingContext {
  readonly tenant: TenantStackPlan['tenant'];
  readonly account: string;
  readonly region: string;
  readonly names: TenantResourceNames;
  /** Silo: the tenant's own database and its staging vault (their names); absent for a pooled tenant. */
  readonly silo?: { readonly databaseCluster: string; readonly stagingVault: string };
  /** Pool: the platform databases that keep the tenant's schema (none for a silo or HIPAA tenant). */
  readonly sharedDatabases: readonly SharedDatabase[];
  readonly stackName: string;
  readonly stackPath: string;
  readonly graceDays: number;
  readonly window: number;
  readonly totalDays: number;
  /** ERASURE: policy.erasure.deadlineDays. */
  readonly deadlineDays: number;
  readonly policy: PolicyNumbers;
}
