import type { AwsConfig } from './aws-part';
import type { TenantConfig } from './schema';

/**
 * Where a tenant's stacks are deployed (control ISOLATION, RESIDENCY-EU, HIPAA):
 *
 *   region   hipaa: true -> hipaa.region (the enclave's region, whatever the residency)
 *            residency eu -> residency.eu.region
 *            residency us -> regions.primary
 *   account  tenant.account if given, else hipaa -> accounts.hipaa, eu -> accounts.eu,
 *            else accounts.platform
 *   enclave  tenant.hipaa (the tenant uses the enclave's account and network model)
 *
 * Config validation guarantees the result is coherent: an EU tenant is never placed outside
 * residency.eu.region or in a US account, a us tenant never in accounts.eu.
 */
export interface TenantPlacement {
  readonly account: string;
  readonly region: string;
  readonly enclave: boolean;
}

/** The facts placement depends on; cross-field rules pass what they could read from a raw document. */
export interface PlacementInputs {
  readonly tenant: { readonly hipaa: boolean; readonly residency: 'us' | 'eu'; readonly account?: string };
  readonly accounts: { readonly platform: string; readonly hipaa: string; readonly eu: string };
  readonly primaryRegion: string;
  readonly euRegion: string;
  readonly hipaaRegion: string;
}

/**
 * The shared stacks that serve a tenant, and whose account and region hold its stacks unless it has an
 * account of its own: the HIPAA enclave for a HIPAA tenant (whatever its residency), the EU platform for
 * an EU tenant, else the US platform. The one place this choice is made.
 */
export type ServingPlatform = 'enclave' | 'eu' | 'us';

export function servingPlatformOf(tenant: { readonly hipaa: boolean; readonly residency: 'us' | 'eu' }): ServingPlatform {
  return tenant.hipaa ? 'enclave' : tenant.residency === 'eu' ? 'eu' : 'us';
}

export function placementOf(inputs: PlacementInputs): TenantPlacement {
  const { tenant, accounts } = inputs;
  const region = placementRegion(tenant, { primary: inputs.primaryRegion, euRegion: inputs.euRegion, hipaaRegion: inputs.hipaaRegion });
  const servingAccounts: Record<ServingPlatform, string> = { enclave: accounts.hipaa, eu: accounts.eu, us: accounts.platform };
  const account = tenant.account ?? servingAccounts[servingPlatformOf(tenant)];
  return { account, region, enclave: tenant.hipaa };
}

/** The account and region of a tenant's stacks, and whether it lives on the HIPAA enclave. */
export function tenantPlacement(config: AwsConfig, tenant: TenantConfig): TenantPlacement {
  return placementOf({
    tenant,
    accounts: config.accounts,
    primaryRegion: config.regions.primary,
    euRegion: config.residency.eu.region,
    hipaaRegion: config.hipaa.region,
  });
}

/** The region of a tenant's stacks (placement without the account), for rules on partial documents. */
export function placementRegion(
  tenant: { readonly hipaa: boolean; readonly residency: 'us' | 'eu' },
  regions: { readonly primary: string; readonly euRegion: string; readonly hipaaRegion: string },
): string {
  const servingRegions: Record<ServingPlatform, string> = { enclave: regions.hipaaRegion, eu: regions.euRegion, us: regions.primary };
  return servingRegions[servingPlatformOf(tenant)];
}
