import { z } from 'zod';
import { networkCidr, wholeNumber } from './primitives';

/**
 * The `tenancy:` section: how tenant VPCs are numbered and how a tenant is offboarded.
 * The allocation design is explained in tenant-network.ts.
 */

/** Bounds for `tenancy.vpcPrefixLength` (a /20 holds 4,096 addresses, a /24 256). */
export const TENANT_VPC_PREFIX_BOUNDS = { min: 20, max: 24 } as const;
/** Bounds for a pinned `tenants[].cidr`. */
export const TENANT_PINNED_PREFIX_BOUNDS = { min: 16, max: 24 } as const;
/** Bounds for `tenancy.offboarding.graceDays`. */
export const GRACE_DAYS_BOUNDS = { min: 0, max: 23 } as const;
/** KMS accepts a pending-deletion window of 7 to 30 days. */
export const KEY_DELETION_WINDOW_BOUNDS = { min: 7, max: 30 } as const;

export const TENANCY_DEFAULTS = {
  supernet: '10.128.0.0/9',
  vpcPrefixLength: 22,
  offboarding: { graceDays: 0, keyDeletionWindowDays: 14 },
} as const;

const offboardingSchema = z.strictObject({
  /**
   * Days between the offboarding request and the start of erasure, e.g. a contractual export
   * window. Counts against the 30-day erasure promise together with keyDeletionWindowDays.
   */
  graceDays: wholeNumber(GRACE_DAYS_BOUNDS.min, GRACE_DAYS_BOUNDS.max).default(TENANCY_DEFAULTS.offboarding.graceDays),
  /** KMS pending-deletion window of the tenant's keys: after it, the tenant's data and backups are unreadable. */
  keyDeletionWindowDays: wholeNumber(KEY_DELETION_WINDOW_BOUNDS.min, KEY_DELETION_WINDOW_BOUNDS.max).default(
    TENANCY_DEFAULTS.offboarding.keyDeletionWindowDays,
  ),
});

export const tenancySchema = z.strictObject({
  /**
   * Address range tenant VPCs are allocated from (one `/vpcPrefixLength` block per tenant, chosen by
   * a hash of the tenant id). Must not overlap the platform, enclave or EU VPCs. Changing it, or
   * vpcPrefixLength, renumbers every tenant without a pinned cidr (and so replaces their VPCs).
   */
  supernet: networkCidr(8, 24).default(TENANCY_DEFAULTS.supernet),
  /** Prefix length of each allocated tenant VPC. */
  vpcPrefixLength: wholeNumber(TENANT_VPC_PREFIX_BOUNDS.min, TENANT_VPC_PREFIX_BOUNDS.max).default(TENANCY_DEFAULTS.vpcPrefixLength),
  offboarding: offboardingSchema.default({ ...TENANCY_DEFAULTS.offboarding }),
});

export type TenancyConfig = z.output<typeof tenancySchema>;
