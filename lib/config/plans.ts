/**
 * The plans a tenant can be on (control RETENTION). How long each keeps data is policy, not code:
 * policy.retention (lib/config/policy-schema.ts) holds the days per plan and the enterprise range.
 */
export const PLANS = ['starter', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

/**
 * How a tenant is served (control ISOLATION):
 * - `pool`: the shared platform service of its region serves it; its data sits in its own bucket
 *   under its own keys, reachable only through its tenant-scoped role with its session tag. No VPC.
 * - `silo`: its own copy of the product (ingress, service, database) in its own VPC.
 */
export const ISOLATION_MODELS = ['pool', 'silo'] as const;
export type IsolationModel = (typeof ISOLATION_MODELS)[number];

/**
 * `isolation` when a tenant does not choose one. Starter and pro customers buy the shared product:
 * pooled, which costs a key ring, two buckets and a vault (README, "Tenants"). Enterprise customers
 * buy a dedicated environment, and their security review expects one: silo.
 */
export const DEFAULT_ISOLATION: Readonly<Record<Plan, IsolationModel>> = { starter: 'pool', pro: 'pool', enterprise: 'silo' };

/** A tenant's isolation model: the one it chose, or its plan's default. */
export function isolationOf(tenant: { readonly plan: Plan; readonly isolation?: IsolationModel }): IsolationModel {
  return tenant.isolation ?? DEFAULT_ISOLATION[tenant.plan];
}
