import { EU_RECORDINGS_EXCEPTION } from '../../promises/catalog/placement';
import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind, type Place } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json } from '../types';
import { bucketNamed, transferJobs } from './storage';
import { asArray, at, get, reference, resources, str, target, type TfResource } from './terraform';

/**
 * REGION-PINNED and RESIDENCY-EU on Google Cloud: where every located resource, every backup copy
 * and every routed log entry of the stack is stored. Global resources (the load balancer, its
 * address, certificate and policies, the network and firewall) carry no location and are not judged.
 */

/** One place a resource says it is stored, with the attribute path that says so. */
interface Located {
  readonly resource: TfResource;
  readonly path: readonly (string | number)[];
  readonly value: Json | undefined;
}

const LOCATION_FIELDS: readonly (readonly string[])[] = [
  ['location'],
  ['location_id'],
  ['region'],
  ['zone'],
  ['settings', 'backup_configuration', 'location'],
  ['settings', 'location_preference', 'zone'],
  ['settings', 'location_preference', 'secondary_zone'],
];

/** A location written as a reference to another resource's location is that resource's location. */
function locationValue(context: CheckContext, value: Json | undefined): Json | undefined {
  const ref = reference(value);
  if (ref === undefined || (ref.attribute !== 'location' && ref.attribute !== 'region')) return value;
  const other = target(context.stack, ref);
  return other === undefined ? value : get(other, ref.attribute);
}

function located(context: CheckContext): Located[] {
  return resources(context.stack).flatMap((resource): Located[] => {
    const found: Located[] = LOCATION_FIELDS.flatMap((path) => {
      const value = get(resource, ...path);
      return value === undefined ? [] : [{ resource, path, value: locationValue(context, value) }];
    });
    asArray(get(resource, 'custom_placement_config', 'data_locations')).forEach((value, index) =>
      found.push({ resource, path: ['custom_placement_config', 'data_locations', index], value }),
    );
    // Cloud Storage puts a bucket without a location in the US multi-region.
    if (resource.type === 'google_storage_bucket' && get(resource, 'location') === undefined)
      found.push({ resource, path: ['location'], value: undefined });
    return found;
  });
}

/** Whether a location is one of `regions` or a zone of one. */
function within(value: Json | undefined, regions: readonly string[]): boolean {
  if (typeof value !== 'string') return false;
  const v = value.toLowerCase();
  return regions.some((r) => v === r.toLowerCase() || v.startsWith(`${r.toLowerCase()}-`));
}

/** Where a log sink writes: a Cloud Logging bucket's location, or a Cloud Storage bucket's. */
function sinkLocation(context: CheckContext, sink: TfResource): Json | undefined {
  const destination = str(get(sink, 'destination')) ?? '';
  const logging = /^logging\.googleapis\.com\/.*\/locations\/([^/]+)\/buckets\//.exec(destination);
  if (logging !== null) return logging[1];
  const storage = /^storage\.googleapis\.com\/(.+)$/.exec(destination);
  const bucket = storage === null ? undefined : bucketNamed(context.stack, storage[1]);
  return bucket === undefined ? undefined : get(bucket, 'location');
}

interface PlacementKinds {
  readonly provider: EvidenceKind;
  readonly resource: EvidenceKind;
  readonly transfer: EvidenceKind;
  readonly logSink: EvidenceKind;
}

function placementEvidence(context: CheckContext, kinds: PlacementKinds, regions: readonly string[]): Evidence[] {
  const { stack } = context;
  const where = regions.join(', ');
  const withRegions = (what: EvidenceKind): EvidenceKind => ({ ...what, expected: `${what.expected}: ${where || '(no region)'}` });
  const providerPlace: Place = { pointer: pointer('provider', 'google', 0, 'region') };
  const evidence: Evidence[] = [
    observe(context, withRegions(kinds.provider), providerPlace, stack.region || undefined, within(stack.region, regions)),
  ];
  for (const { resource, path, value } of located(context)) {
    evidence.push(observe(context, withRegions(kinds.resource), at(resource, ...path), value, within(value, regions)));
  }
  for (const { job, sink } of transferJobs(stack)) {
    const path = ['transfer_spec', 'gcs_data_sink', 'bucket_name'];
    const ok = sink !== undefined && within(locationValue(context, get(sink, 'location')), regions);
    evidence.push(observe(context, withRegions(kinds.transfer), at(job, ...path), get(job, ...path), ok));
  }
  for (const sink of resources(stack, 'google_logging_project_sink')) {
    const location = sinkLocation(context, sink);
    evidence.push(observe(context, withRegions(kinds.logSink), at(sink, 'destination'), get(sink, 'destination'), within(location, regions)));
  }
  return evidence;
}

const PINNED: PlacementKinds = {
  provider: {
    control: 'REGION-PINNED',
    kind: 'gcp-provider-region',
    subject: 'stacks with a default region',
    expected: 'the google provider names the stack region',
  },
  resource: {
    control: 'REGION-PINNED',
    kind: 'gcp-resource-location',
    subject: 'resource locations in the stack region',
    expected: "every location, region, zone and backup location is the stack region (the provider's) or one of its zones",
  },
  transfer: {
    control: 'REGION-PINNED',
    kind: 'gcp-transfer-sink-location',
    subject: 'transfer jobs writing copies in the stack region',
    expected: 'gcs_data_sink names a bucket of the stack located in the stack region',
  },
  logSink: {
    control: 'REGION-PINNED',
    kind: 'gcp-log-sink-location',
    subject: 'log sinks writing in the stack region',
    expected: 'destination is a log bucket (or Cloud Storage bucket of the stack) in the stack region',
  },
};

// An EU stack's region differs from the policy's by design (RESIDENCY-EU): the one case a config can accept.
const policyRegion = (context: CheckContext): Evidence => {
  const named = context.metadata.policy.residency.recordingsGcpRegion;
  const eu = context.metadata.dataClasses.includes('eu');
  const kind: EvidenceKind = {
    control: 'REGION-PINNED',
    kind: 'gcp-policy-named-region',
    subject: 'recordings stacks in the region the policy names',
    expected: `the google provider's region is policy.residency.recordingsGcpRegion (${named})`,
    ...(eu ? { exception: EU_RECORDINGS_EXCEPTION } : {}),
  };
  const region = context.stack.region || undefined;
  return observe(context, kind, { pointer: pointer('provider', 'google', 0, 'region') }, region, region === named, 'contradicted');
};

const regionPinned: ControlCheck = (context) => [
  policyRegion(context),
  ...placementEvidence(context, PINNED, context.stack.region === '' ? [] : [context.stack.region]),
];

const EU: PlacementKinds = {
  provider: {
    ...PINNED.provider,
    control: 'RESIDENCY-EU',
    subject: 'EU stacks whose default region is an EU region of the policy',
    expected: "the google provider's region is one of policy.residency.euGcpRegions",
  },
  resource: {
    ...PINNED.resource,
    control: 'RESIDENCY-EU',
    subject: 'resource locations in an EU region of the policy',
    expected: 'every location, region, zone and backup location is one of policy.residency.euGcpRegions or one of its zones',
  },
  transfer: {
    ...PINNED.transfer,
    control: 'RESIDENCY-EU',
    subject: 'transfer jobs writing copies in an EU region of the policy',
    expected: 'gcs_data_sink names a bucket of the stack located in policy.residency.euGcpRegions',
  },
  logSink: {
    ...PINNED.logSink,
    control: 'RESIDENCY-EU',
    subject: 'log sinks writing in an EU region of the policy',
    expected: 'destination is a log bucket (or Cloud Storage bucket of the stack) in policy.residency.euGcpRegions',
  },
};

const residencyEu: ControlCheck = (context) => placementEvidence(context, EU, context.metadata.policy.residency.euGcpRegions);

export const PLACEMENT_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'REGION-PINNED': [regionPinned],
  'RESIDENCY-EU': [residencyEu],
};
