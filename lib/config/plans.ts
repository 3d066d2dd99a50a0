/**
 * Plan presets from the published retention policy (control RETENTION):
 * Starter keeps data 30 days, Pro 12 months, Enterprise a contractually agreed number of days.
 */
export const PLANS = ['starter', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

/** Retention in days for plans with a fixed retention; enterprise sets `retentionDays` itself. */
export const PLAN_RETENTION_DAYS: Readonly<Record<Exclude<Plan, 'enterprise'>, number>> = {
  starter: 30,
  pro: 365,
};

/** Bounds for an enterprise tenant's `retentionDays` (one week to ten years). */
export const ENTERPRISE_RETENTION_BOUNDS = { min: 7, max: 3650 } as const;
