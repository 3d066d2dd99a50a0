import { availabilityZonesOf } from './availability-zones';
import { configView, list, obj, str, type ConfigView } from './config-view';
import { ConfigIssue } from './issues';
import { isEuRegion } from './regions';
import { s3PrefixListOf } from './s3-prefix-lists';
import { EU_DEFAULTS, HIPAA_DEFAULTS } from './schema';
import { tenantNetworkIssues } from './tenant-network';
import { TENANT_RULES } from './tenant-rules';
import { policyIssues } from './policy-rules';
import { PIPELINE_RULES } from './pipeline-rules';

/**
 * Rules that relate fields to each other. They run on the raw document even when the schema found
 * errors (so the user sees every problem at once), hence every read is defensive: a rule skips a
 * field whose type is wrong, since the schema already reported it.
 */

type Doc = Record<string, unknown>;
type Rule = (doc: Doc) => ConfigIssue[];
/** A rule that also reads the document's view (config-view.ts): values already checked against the schema. */
type ViewRule = (doc: Doc, view: ConfigView) => ConfigIssue[];

/** Keys that configure AWS stacks: a config without `accounts` (Google Cloud only) must not set them. */
const AWS_SECTIONS = [
  'regions',
  'availabilityZones',
  's3PrefixLists',
  'residency',
  'hipaa',
  'shieldAdvanced',
  'platform',
  'tenancy',
  'tenants',
  'pipeline',
] as const;

/**
 * The AWS part is all or nothing: accounts with regions, or neither (then gcp: is the whole
 * deployment). Reads the document as written (before defaults fill in the AWS sections).
 */
export const awsPartComplete: Rule = (doc) => {
  if (doc.accounts !== undefined) {
    return doc.regions === undefined
      ? [{ path: ['regions'], message: 'is required with accounts (the AWS part needs its primary and DR regions)', showReceived: false }]
      : [];
  }
  const stray = AWS_SECTIONS.filter((key) => doc[key] !== undefined);
  if (stray.length > 0) {
    const what = `${stray.join(', ')} configure${stray.length === 1 ? 's' : ''} AWS stacks`;
    return [
      { path: ['accounts'], message: `is required: ${what} (a Google-Cloud-only config omits ${AWS_SECTIONS.join(', ')})`, showReceived: false },
    ];
  }
  if (doc.gcp === undefined)
    return [{ path: ['accounts'], message: 'is required (or a gcp: section, for a Google-Cloud-only deployment)', showReceived: false }];
  return [];
};

/**
 * The regions the AWS part deploys to, from the view (an invalid region is the schema's to report):
 * primary, DR, the EU residency region (`eu`, which euResidencyInEu requires to be in the EU), and the
 * enclave's when HIPAA is on.
 */
function deployedRegions(view: ConfigView): { readonly primary?: string; readonly dr?: string; readonly eu?: string; readonly enclave?: string } {
  return { ...view.regions, eu: view.eu.region, enclave: view.hipaa.enabled ? view.hipaa.region : undefined };
}

/**
 * AZ-REAL: every region the AWS part deploys to has pinned zone names (a default or
 * availabilityZones.<region>), at least platform.maxAzs of them, each inside the region.
 */
const availabilityZonesPinned: ViewRule = (doc, view) => {
  if (doc.accounts === undefined) return [];
  const overrides = obj(doc.availabilityZones) as Record<string, string[] | undefined> | undefined;
  const { primary, dr, eu, enclave } = deployedRegions(view);
  const regions = [primary, dr, eu, enclave].filter((r): r is string => r !== undefined);
  const maxAzs = typeof obj(doc.platform)?.maxAzs === 'number' ? (obj(doc.platform)?.maxAzs as number) : 3;
  return [...new Set(regions)].flatMap((region): ConfigIssue[] => {
    const zones = list(availabilityZonesOf(region, overrides));
    const path = ['availabilityZones', region];
    const outside = zones.filter((zone) => typeof zone === 'string' && !zone.startsWith(region));
    if (outside.length > 0) return [{ path, message: `AZ-REAL: names zones outside ${region}`, received: outside }];
    if (zones.length >= maxAzs) return [];
    const why = zones.length === 0 ? `no default: zone names in ${region} differ between accounts` : `platform.maxAzs is ${maxAzs}`;
    return [
      {
        path,
        message: `AZ-REAL: needs at least ${maxAzs} availability zone names for ${region} (${why}); name them as your account sees them`,
        received: zones.length === 0 ? undefined : zones,
      },
    ];
  });
};

/**
 * NET-ISOLATION: the enclave's tasks send HTTPS to S3 (image layers), and each platform region's
 * tenant schema provisioner its CloudFormation responses, only by S3's prefix list of their region,
 * so the enclave region and every platform region need a pinned id (a default or s3PrefixLists.<region>).
 */
const s3PrefixListPinned: ViewRule = (doc, view) => {
  if (doc.accounts === undefined) return [];
  const { primary, dr, eu, enclave } = deployedRegions(view);
  const needs = new Map<string, [string, string]>();
  // A residency region outside the EU is euResidencyInEu's to report; it will never hold a platform.
  for (const region of [primary, dr, eu !== undefined && isEuRegion(eu) ? eu : undefined].filter((r): r is string => r !== undefined)) {
    needs.set(region, ['the platform region', "the tenant schema provisioner's CloudFormation responses reach S3 only by its prefix list"]);
  }
  if (enclave !== undefined) needs.set(enclave, ['the enclave region', "the enclave's tasks reach S3 only by its prefix list"]);
  const overrides = obj(doc.s3PrefixLists) as Record<string, string | undefined> | undefined;
  return [...needs].flatMap(([region, [label, why]]) => {
    if (s3PrefixListOf(region, overrides) !== undefined) return [];
    return [
      {
        path: ['s3PrefixLists', region],
        message:
          `NET-ISOLATION: is required for ${label} ${region} (no default): ${why}; ` +
          `name the id that aws ec2 describe-managed-prefix-lists --region ${region} --filters Name=prefix-list-name,Values=com.amazonaws.${region}.s3 prints`,
        showReceived: false,
      },
    ];
  });
};

const drDiffersFromPrimary: Rule = (doc) => {
  const regions = obj(doc.regions);
  const primary = str(regions?.primary);
  const dr = str(regions?.dr);
  if (primary === undefined || dr === undefined || primary !== dr) return [];
  return [{ path: ['regions', 'dr'], message: `must differ from regions.primary ("${primary}")`, received: dr }];
};

const euResidencyInEu: Rule = (doc) => {
  const region = str(obj(obj(doc.residency)?.eu)?.region);
  if (region === undefined || isEuRegion(region)) return [];
  return [
    {
      path: ['residency', 'eu', 'region'],
      message: 'must be an AWS region inside the European Union (eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2)',
      received: region,
    },
  ];
};

/** The HIPAA enclave is a separate account by definition (control HIPAA). */
const hipaaAccountSeparate: Rule = (doc) => {
  const accounts = obj(doc.accounts);
  const hipaa = str(accounts?.hipaa);
  if (hipaa === undefined) return [];
  return (['platform', 'eu'] as const)
    .filter((other) => str(accounts?.[other]) === hipaa)
    .map((other) => ({
      path: ['accounts', 'hipaa'],
      message: `must be a separate account from accounts.${other}`,
      received: hipaa,
    }));
};

/**
 * DETECT: the voice-AI policy has an on-call engineer assess severity within 15 minutes, around the
 * clock, so high and critical findings must page a person, not only reach a mailbox: an AWS part
 * needs `platform.alerts.pagingEndpoint` (without it the page topics have no subscriber, and the
 * verifier would fail the build only after synthesis). No catalog exception lets a deployment go
 * without paging. A value that is not an https:// URL is the schema's to report.
 */
export const PAGING_ENDPOINT_REQUIRED =
  "DETECT: is required: high and critical findings page a person around the clock (the policy's triage within 15 minutes), " +
  "not only the alert mailbox; give the https:// URL of an incident tool's SNS integration or a chat webhook";

const pagingEndpointRequired: Rule = (doc) => {
  if (doc.accounts === undefined) return [];
  const alerts = obj(obj(doc.platform)?.alerts);
  if (alerts?.pagingEndpoint !== undefined) return [];
  return [
    {
      path: ['platform', 'alerts', 'pagingEndpoint'],
      message: PAGING_ENDPOINT_REQUIRED,
      received: undefined,
    },
  ];
};

const tenantIdsUnique: Rule = (doc) => {
  const firstIndex = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  list(doc.tenants).forEach((raw, index) => {
    const id = str(obj(raw)?.id);
    if (id === undefined) return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else issues.push({ path: ['tenants', index, 'id'], message: `duplicates tenants[${first}].id`, received: id });
  });
  return issues;
};

const tenantPlanRules: Rule = (doc) => {
  const issues: ConfigIssue[] = [];
  list(doc.tenants).forEach((raw, index) => {
    const tenant = obj(raw);
    const plan = str(tenant?.plan);
    if (tenant === undefined || plan === undefined) return;
    if (plan === 'enterprise' && tenant.retentionDays === undefined) {
      issues.push({
        path: ['tenants', index, 'retentionDays'],
        message: 'is required for plan enterprise (days of data and log retention)',
        showReceived: false,
      });
    }
    if (plan !== 'enterprise' && tenant.retentionDays !== undefined) {
      issues.push({
        path: ['tenants', index, 'retentionDays'],
        message: `is set by plan ${plan} and may only be given for plan enterprise`,
        received: tenant.retentionDays,
      });
    }
    if (plan !== 'enterprise' && tenant.byok === true) {
      issues.push({ path: ['tenants', index, 'byok'], message: `requires plan enterprise (tenant is on plan ${plan})`, received: true });
    }
  });
  return issues;
};

const hipaaTenantsNeedEnclave: Rule = (doc) => {
  const hipaa = obj(doc.hipaa);
  const enabled = hipaa?.enabled !== false;
  const enclaveRegion = str(hipaa?.region) ?? HIPAA_DEFAULTS.region;
  const euRegion = str(obj(obj(doc.residency)?.eu)?.region) ?? EU_DEFAULTS.region;
  const issues: ConfigIssue[] = [];
  list(doc.tenants).forEach((raw, index) => {
    const tenant = obj(raw);
    if (tenant?.hipaa !== true) return;
    if (!enabled) {
      issues.push({
        path: ['tenants', index, 'hipaa'],
        message: 'requires hipaa.enabled: true (there is no enclave to place the tenant on)',
        received: true,
      });
    } else if (tenant.residency === 'eu' && enclaveRegion !== euRegion) {
      // EU data is stored in exactly one region (RESIDENCY-EU), so the enclave must be in that one.
      issues.push({
        path: ['tenants', index, 'hipaa'],
        message: `would place an EU tenant's data in the HIPAA enclave region "${enclaveRegion}"; EU data is stored only in residency.eu.region ("${euRegion}")`,
        received: true,
      });
    }
  });
  return issues;
};

export const CROSS_FIELD_RULES: readonly ViewRule[] = [
  drDiffersFromPrimary,
  availabilityZonesPinned,
  s3PrefixListPinned,
  euResidencyInEu,
  hipaaAccountSeparate,
  tenantIdsUnique,
  tenantPlanRules,
  hipaaTenantsNeedEnclave,
  pagingEndpointRequired,
  ...PIPELINE_RULES,
];

/** Every cross-field problem, in a stable order: the rules above, the tenant rules, then tenant CIDRs. */
export function crossFieldIssues(document: unknown): ConfigIssue[] {
  const doc = obj(document);
  if (doc === undefined) return [];
  const view = configView(doc);
  return [
    ...CROSS_FIELD_RULES.flatMap((rule) => rule(doc, view)),
    ...TENANT_RULES.flatMap((rule) => rule(view)),
    ...tenantNetworkIssues(view),
    ...policyIssues(doc),
  ];
}
