import { GCP_EU_REGIONS } from '../../../config/gcp-schema';
import { Finding, PolicyRule, StackDocument, TfBlock } from '../types';
import { allResources, dataSources, get, list, lookup, providerSettings, referencedAddress, reporter, resources, str } from '../tfjson';

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
const LOCATION_KEYS = ['location', 'location_id', 'region', 'zone'];

/** Log sinks of every level: each routes entries somewhere. */
const SINK_TYPES = [
  'google_logging_project_sink',
  'google_logging_folder_sink',
  'google_logging_organization_sink',
  'google_logging_billing_account_sink',
];

/** `outside ...` / `in ...` policy.residency.euGcpRegions, as findings word it. */
function regionsPhrase(allowed: readonly string[]): { outside: string; inside: string } {
  const regions = `policy.residency.euGcpRegions (${allowed.join(', ')})`;
  return { outside: `outside ${regions}`, inside: `in ${regions}` };
}

/** A Cloud Storage bucket found by a reference in this stack or by its literal name in any stack of the app. */
interface FoundBucket {
  readonly stack: StackDocument;
  readonly block: TfBlock;
}

function bucketNamed(stack: StackDocument, all: readonly StackDocument[], value: unknown): FoundBucket | undefined {
  const address = referencedAddress(value);
  if (address !== undefined) {
    const block = address.startsWith('google_storage_bucket.') ? lookup(stack, address) : undefined;
    return block === undefined ? undefined : { stack, block };
  }
  if (typeof value !== 'string') return undefined;
  for (const other of all) {
    const found = resources(other, 'google_storage_bucket').find(({ block }) => block.name === value);
    if (found !== undefined) return { stack: other, block: found.block };
  }
  return undefined;
}

/**
 * Where a transfer job copies to, when it runs in an EU stack or reads a bucket of one: only into a
 * bucket some stack of the app defines in an allowed region (a bucket named outside the app has a
 * location no template shows).
 */
function transferFindings(stack: StackDocument, all: readonly StackDocument[], allowed: readonly string[], report: Reporter): Finding[] {
  const { outside, inside } = regionsPhrase(allowed);
  return resources(stack, 'google_storage_transfer_job').flatMap(({ address, block }) =>
    ['transfer_spec', 'replication_spec'].flatMap((specKey): Finding[] => {
      const spec = get(block, specKey);
      if (spec === undefined) return [];
      const sourceName = get(spec, 'gcs_data_source', 'bucket_name');
      const source = bucketNamed(stack, all, sourceName);
      if (!isEuStack(stack) && (source === undefined || !isEuStack(source.stack))) return [];
      const what = source !== undefined && isEuStack(source.stack) ? `EU bucket ${String(source.block.name)}` : `bucket ${String(sourceName)}`;
      if (get(spec, 'posix_data_sink') !== undefined) return [report(address, `copies ${what} to a POSIX file system, outside Google Cloud`)];
      const sinkName = get(spec, 'gcs_data_sink', 'bucket_name');
      if (sinkName === undefined) return [];
      const sink = bucketNamed(stack, all, sinkName);
      if (sink === undefined) {
        return [
          report(
            address,
            `copies ${what} to bucket ${String(sinkName)}, which no stack of the app defines: its location is not shown to be ${inside}`,
          ),
        ];
      }
      const location = str(sink.block.location) ?? 'US';
      return inRegions(location, allowed) ? [] : [report(address, `copies ${what} to bucket ${String(sink.block.name)} in ${location}, ${outside}`)];
    }),
  );
}

/** Log sinks of an EU stack whose destination is not a log bucket with a location (those are judged with every location above). */
function sinkFindings(stack: StackDocument, all: readonly StackDocument[], allowed: readonly string[], report: Reporter): Finding[] {
  const { outside, inside } = regionsPhrase(allowed);
  return SINK_TYPES.flatMap((type) => resources(stack, type)).flatMap(({ address, block }): Finding[] => {
    const destination = str(block.destination) ?? '';
    if (/\/locations\/[a-z0-9-]+\/buckets\//.test(destination) || block.disabled === true) return [];
    const storage = /^storage\.googleapis\.com\/(.+)$/.exec(destination);
    if (storage === null) return [report(address, `routes logs to ${destination || 'nowhere named'}, whose location is not shown to be ${inside}`)];
    const bucket = bucketNamed(stack, all, storage[1]);
    if (bucket === undefined)
      return [report(address, `routes logs to bucket ${storage[1]}, which no stack of the app defines: its location is not shown to be ${inside}`)];
    const location = str(bucket.block.location) ?? 'US';
    return inRegions(location, allowed) ? [] : [report(address, `routes logs to bucket ${String(bucket.block.name)} in ${location}, ${outside}`)];
  });
}

/**
 * The project's `_Default` sink stores what it receives in the `_Default` bucket, whose location is
 * fixed at project creation (`global` unless the organization said otherwise). An EU stack excludes
 * its entries from `_Default` and routes exactly those entries (the same filter) into a log bucket in
 * an allowed region.
 */
function defaultSinkFindings(stack: StackDocument, allowed: readonly string[], report: Reporter): Finding[] {
  const exclusions = resources(stack, 'google_logging_project_exclusion').filter(({ block }) => block.disabled !== true);
  if (exclusions.length === 0) {
    return [
      report(
        stack.name,
        "excludes none of its log entries from the project's _Default sink: the _Default bucket (global unless the organization set a default storage location) stores them outside the EU regions",
      ),
    ];
  }
  const kept = resources(stack, 'google_logging_project_sink').filter(({ block }) => {
    const location = /\/locations\/([a-z0-9-]+)\/buckets\//.exec(str(block.destination) ?? '')?.[1];
    return block.disabled !== true && location !== undefined && inRegions(location, allowed);
  });
  return exclusions
    .filter(({ block }) => !kept.some((sink) => sink.block.filter === block.filter))
    .map(({ address, block }) =>
      report(
        address,
        `excludes ${JSON.stringify(block.filter)} from _Default, but no enabled sink of the stack stores exactly those entries in a log bucket in ${allowed.join(', ')}`,
      ),
    );
}

type Reporter = (resource: string, problem: string) => Finding;

/**
 * EU stacks keep every location in a region policy.residency.euGcpRegions allows, copy and route
 * logs only into buckets shown to be there, and keep their log entries out of `_Default`; no stack
 * copies an EU stack's bucket out of those regions; any resource-locations policy allows only EU locations.
 */
export const residency: PolicyRule = {
  id: 'GCP-RESIDENCY',
  controls: ['RESIDENCY-EU'],
  description:
    'In EU stacks every provider/resource location, region, backup location, placement and log destination is in policy.residency.euGcpRegions, ' +
    "every transfer-job and log-sink destination is a bucket of the app located there, and the stack's log entries are excluded from _Default " +
    "and routed to a log bucket there; no stack's transfer job copies an EU stack's bucket elsewhere; resource-locations org policies allow only EU locations",
  check(stack, all, policy) {
    const report = reporter(this.id, stack);
    const findings = transferFindings(stack, all, policy.residency.euGcpRegions, report);
    if (isEuStack(stack)) {
      const allowed = policy.residency.euGcpRegions;
      findings.push(...sinkFindings(stack, all, allowed, report), ...defaultSinkFindings(stack, allowed, report));
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
