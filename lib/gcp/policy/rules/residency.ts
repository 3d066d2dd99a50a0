import { GCP_EU_REGIONS } from '../../../config/gcp-schema';
import { PolicyRule, StackDocument } from '../types';
import { allResources, dataSources, get, list, providerSettings, reporter, resources, str } from '../tfjson';

/** Google Cloud regions inside the European Union: the same catalog the config accepts for gcp.eu.region. */
export const EU_REGIONS: readonly string[] = GCP_EU_REGIONS;

export function isEuLocation(value: string): boolean {
  const v = value.toLowerCase();
  return v === 'eu' || EU_REGIONS.includes(v) || EU_REGIONS.some((r) => v.startsWith(`${r}-`)) || v === 'in:eu-locations';
}

/** An EU stack says so in its default labels or its name. */
export function isEuStack(stack: StackDocument): boolean {
  return providerSettings(stack).labels.rampart_residency === 'eu' || stack.name.endsWith('-eu');
}

/** Attributes that place a resource somewhere. */
const LOCATION_KEYS = ['location', 'region', 'zone'];

/** EU stacks keep every location in the EU, and any resource-locations policy allows only EU locations. */
export const residency: PolicyRule = {
  id: 'GCP-RESIDENCY',
  controls: ['RESIDENCY-EU'],
  description: 'In EU stacks every provider/resource location, region, backup location, placement and log destination is in the EU; resource-locations org policies allow only EU locations',
  check(stack) {
    const report = reporter(this.id, stack);
    const findings = [];
    if (isEuStack(stack)) {
      const provider = providerSettings(stack);
      if (provider.region === undefined || !isEuLocation(provider.region)) findings.push(report('provider.google', `default region ${JSON.stringify(provider.region ?? null)} is outside the EU`));
      const placed = [...allResources(stack), ...Object.keys(stack.json.data ?? {}).flatMap((t) => dataSources(stack, t))];
      for (const { address, block } of placed) {
        const values: [string, unknown][] = [
          ...LOCATION_KEYS.map((k) => [k, block[k]] as [string, unknown]),
          ['settings.backup_configuration.location', get(block, 'settings', 'backup_configuration', 'location')],
          ...list(get(block, 'custom_placement_config', 'data_locations')).map((l) => ['custom_placement_config', l] as [string, unknown]),
        ];
        for (const [key, value] of values) {
          if (typeof value === 'string' && !value.includes('${') && !isEuLocation(value)) findings.push(report(address, `${key} ${value} is outside the EU`));
        }
        const destination = str(block.destination);
        const sinkRegion = destination === undefined ? undefined : /\/locations\/([a-z0-9-]+)\//.exec(destination)?.[1];
        if (sinkRegion !== undefined && !isEuLocation(sinkRegion)) findings.push(report(address, `routes logs to ${sinkRegion}, outside the EU`));
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
      if (get(block, 'spec', 'inherit_from_parent') === true) findings.push(report(address, 'inherits the parent policy, which may allow non-EU locations'));
    }
    return findings;
  },
};
