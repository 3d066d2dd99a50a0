import { GCP_EU_REGIONS } from '../../../config/gcp-schema';
import { PolicyRule, StackDocument } from '../types';
import { allResources, dataSources, get, list, providerSettings, reporter, resources, str } from '../tfjson';

/**
 * Google Cloud regions inside the European Union: the catalog the config accepts for gcp.eu.region.
 * A fact of geography, used for organization policies (which may allow the whole EU as a guardrail);
 * where data is stored must be one of the policy's own regions (policy.residency.euGcpRegions).
 */
export const EU_REGIONS: readonly string[] = GCP_EU_REGIONS;

/** Whether a location is in the EU at all: a region, one of its zones, the EU multi-region or value group. */
export function isEuLocation(value: string): boolean {
  const v = value.toLowerCase();
  return v === 'eu' || EU_REGIONS.includes(v) || EU_REGIONS.some((r) => v.startsWith(`${r}-`)) || v === 'in:eu-locations';
}

/** Whether a location is one of `regions` or one of their zones (the EU multi-region spans regions the policy may not allow). */
export function inRegions(value: string, regions: readonly string[]): boolean {
  const v = value.toLowerCase();
  return regions.includes(v) || regions.some((r) => v.startsWith(`${r}-`));
}

/** An EU stack says so in its default labels or its name. */
export function isEuStack(stack: StackDocument): boolean {
  return providerSettings(stack).labels.rampart_residency === 'eu' || stack.name.endsWith('-eu');
}

/** Attributes that place a resource somewhere. */
const LOCATION_KEYS = ['location', 'region', 'zone'];

/**
 * EU stacks keep every location in a region policy.residency.euGcpRegions allows, and any
 * resource-locations policy allows only EU locations.
 */
export const residency: PolicyRule = {
  id: 'GCP-RESIDENCY',
  controls: ['RESIDENCY-EU'],
  description:
    'In EU stacks every provider/resource location, region, backup location, placement and log destination is in policy.residency.euGcpRegions; ' +
    'resource-locations org policies allow only EU locations',
  check(stack, _all, policy) {
    const report = reporter(this.id, stack);
    const findings = [];
    if (isEuStack(stack)) {
      const allowed = policy.residency.euGcpRegions;
      const outside = `outside policy.residency.euGcpRegions (${allowed.join(', ')})`;
      const provider = providerSettings(stack);
      if (provider.region === undefined || !inRegions(provider.region, allowed)) {
        findings.push(report('provider.google', `default region ${JSON.stringify(provider.region ?? null)} is ${outside}`));
      }
      const placed = [...allResources(stack), ...Object.keys(stack.json.data ?? {}).flatMap((t) => dataSources(stack, t))];
      for (const { address, block } of placed) {
        const values: [string, unknown][] = [
          ...LOCATION_KEYS.map((k) => [k, block[k]] as [string, unknown]),
          ['settings.backup_configuration.location', get(block, 'settings', 'backup_configuration', 'location')],
          ...list(get(block, 'custom_placement_config', 'data_locations')).map((l) => ['custom_placement_config', l] as [string, unknown]),
        ];
        for (const [key, value] of values) {
          if (typeof value === 'string' && !value.includes('${') && !inRegions(value, allowed)) {
            findings.push(report(address, `${key} ${value} is ${outside}`));
          }
        }
        const destination = str(block.destination);
        const sinkRegion = destination === undefined ? undefined : /\/locations\/([a-z0-9-]+)\//.exec(destination)?.[1];
        if (sinkRegion !== undefined && !inRegions(sinkRegion, allowed)) findings.push(report(address, `routes logs to ${sinkRegion}, ${outside}`));
      }
    }
    for (const { address, block } of resources(stack, 'google_org_policy_policy')) {
      if (!String(block.name ?? '').endsWith('/policies/gcp.resourceLocations')) continue;
      for (const rule of list(get(block, 'spec', 'rules'))) {
        if (get(rule, 'allow_all') === 'TRUE' || get(rule, 'allow_all') === true) findings.push(report(address, 'allows all locations'));
        const allowed = list(get(rule, 'values', 'allowed_values')).map(String);
        const outside = allowed.filter((v) => !isEuLocation(v.replace(/^in:/, '').replace(/-locations$/, '')) && v !== 'in:eu-locations');
        if (outside.length > 0) findings.push(report(address, `allows locations outside the EU: ${outside.join(', ')}`));
      }
      if (get(block, 'spec', 'inherit_from_parent') === true)
        findings.push(report(address, 'inherits the parent policy, which may allow non-EU locations'));
    }
    return findings;
  },
};
