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

export function placementOf(inputs: PlacementInputs): TenantPlacement {
  const { tenant, accounts } = inputs;
  const region = placementRegion(tenant, { primary: inputs.primaryRegion, euRegion: inputs.euRegion, hipaaRegion: inputs.hipaaRegion });
  const account = tenant.account ?? (tenant.hipaa ? accounts.hipaa : tenant.residency === 'eu' ? accounts.eu : accounts.platform);
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
  return tenant.hipaa ? regions.hipaaRegion : tenant.residency === 'eu' ? regions.euRegion : regions.primary;
}
