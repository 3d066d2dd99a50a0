/**
 * The plans a tenant can be on (control RETENTION). How long each keeps data is policy, not code:
 * policy.retention (lib/config/policy-schema.ts) holds the days per plan and the enterprise range.
 */
export const PLANS = ['starter', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];
