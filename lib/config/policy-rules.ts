import { CATALOG } from '../promises/catalog';
import { EU_RECORDINGS_EXCEPTION } from '../promises/catalog/placement';
import type { PolicyNumbers } from '../promises/policy-numbers';
import { documentPolicy, list, obj, str } from './config-view';
import { DEFAULT_GCP_REGION } from './gcp-regions';
import type { ConfigIssue } from './issues';
import { isEuRegion } from './regions';

/**
 * Rules that relate the `policy:` numbers to the rest of the config. Each message starts with the
 * control it protects, names the path and the numbers, and says how to resolve it. They run on the
 * raw document (every read is defensive) and skip when the policy section itself is invalid: the
 * schema has reported that already.
 */

type Doc = Record<string, unknown>;
type PolicyRule = (doc: Doc, policy: PolicyNumbers, accepted: ReadonlySet<string>) => ConfigIssue[];

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/** RESIDENCY-EU: the EU region of each cloud is one the policy names. */
const euRegionsInPolicy: PolicyRule = (doc, policy) => {
  const issues: ConfigIssue[] = [];
  const awsRegion = str(obj(obj(doc.residency)?.eu)?.region);
  // A non-EU region is reported by the EU-region rule already; here only the policy's list matters.
  if (doc.accounts !== undefined && awsRegion !== undefined && isEuRegion(awsRegion) && !policy.residency.euAwsRegions.includes(awsRegion)) {
    issues.push({
      path: ['residency', 'eu', 'region'],
      message: `RESIDENCY-EU: is not a region policy.residency.euAwsRegions allows (${policy.residency.euAwsRegions.join(', ')}); EU data is stored only there`,
      received: awsRegion,
    });
  }
  const gcpEu = obj(obj(doc.gcp)?.eu);
  const gcpRegion = str(gcpEu?.region) ?? (doc.gcp === undefined ? undefined : 'europe-west1');
  if (doc.gcp !== undefined && gcpEu?.enabled !== false && gcpRegion !== undefined && !policy.residency.euGcpRegions.includes(gcpRegion)) {
    issues.push({
      path: ['gcp', 'eu', 'region'],
      message: `RESIDENCY-EU: is not a region policy.residency.euGcpRegions allows (${policy.residency.euGcpRegions.join(', ')}); EU recordings are stored only there`,
      received: gcpRegion,
    });
  }
  return issues;
};

/** RETENTION: an enterprise agreement falls within the policy's enterprise range. */
const enterpriseRetentionInRange: PolicyRule = (doc, policy) => {
  const { enterpriseMinDays: min, enterpriseMaxDays: max } = policy.retention;
  if (min > max) {
    return [
      {
        path: ['policy', 'retention', 'enterpriseMinDays'],
        message: `RETENTION: must not exceed policy.retention.enterpriseMaxDays (${max})`,
        received: min,
      },
    ];
  }
  return list(doc.tenants).flatMap((raw, index): ConfigIssue[] => {
    const days = num(obj(raw)?.retentionDays);
    if (days === undefined || (days >= min && days <= max)) return [];
    return [
      {
        path: ['tenants', index, 'retentionDays'],
        message: `RETENTION: expected a whole number from ${min} to ${max} (policy.retention.enterpriseMinDays..enterpriseMaxDays)`,
        received: days,
      },
    ];
  });
};

/** KEY-ROTATE and AUDIT on Google Cloud: what the gcp: section sets stays within the policy. */
const gcpWithinPolicy: PolicyRule = (doc, policy) => {
  const gcp = obj(doc.gcp);
  if (gcp === undefined) return [];
  const issues: ConfigIssue[] = [];
  const rotation = num(obj(gcp.keys)?.rotationDays);
  if (rotation !== undefined && rotation > policy.keyRotation.gcpMaxDays) {
    issues.push({
      path: ['gcp', 'keys', 'rotationDays'],
      message: `KEY-ROTATE: rotates less often than policy.keyRotation.gcpMaxDays (${policy.keyRotation.gcpMaxDays} days) allows`,
      received: rotation,
    });
  }
  const audit = num(obj(gcp.audit)?.retentionDays);
  if (audit !== undefined && audit < policy.auditLogs.retentionDays) {
    issues.push({
      path: ['gcp', 'audit', 'retentionDays'],
      message: `AUDIT: keeps audit logs fewer days than policy.auditLogs.retentionDays (${policy.auditLogs.retentionDays})`,
      received: audit,
    });
  }
  // A deleted recording lives on as a noncurrent version, then in soft delete: both within the deadline.
  const storage = obj(gcp.storage);
  const noncurrent = num(storage?.noncurrentVersionDays) ?? 7;
  const softDelete = num(storage?.softDeleteDays) ?? 7;
  if (noncurrent + softDelete > policy.erasure.deadlineDays) {
    issues.push({
      path: ['gcp', 'storage'],
      message:
        `ERASURE: noncurrentVersionDays (${noncurrent}) + softDeleteDays (${softDelete}) = ${noncurrent + softDelete} days a deleted recording stays ` +
        `restorable, over policy.erasure.deadlineDays (${policy.erasure.deadlineDays})`,
      received: { noncurrentVersionDays: noncurrent, softDeleteDays: softDelete },
    });
  }
  return issues;
};

/** BACKUP-TIERS: tier names are unique (they name backup rules and object prefixes). */
const tierNamesUnique: PolicyRule = (_doc, policy) => {
  const first = new Map<string, number>();
  return policy.backupTiers.flatMap((tier, index): ConfigIssue[] => {
    const earlier = first.get(tier.name);
    if (earlier === undefined) first.set(tier.name, index);
    return earlier === undefined
      ? []
      : [
          {
            path: ['policy', 'backupTiers', index, 'name'],
            message: `BACKUP-TIERS: duplicates policy.backupTiers[${earlier}].name`,
            received: tier.name,
          },
        ];
  });
};

/**
 * Exceptions the catalog no longer has, with what replaced them: a config that still accepts one is
 * told why instead of only that the id is unknown.
 */
export const RETIRED_EXCEPTIONS: Readonly<Record<string, string>> = {
  'ERASURE-SHARED-PLATFORM-STORES': 'single records of the shared stores are erased through the record key store (ERASURE, shared responsibility)',
  'ERASURE-RECORDS-IN-LIVE-TENANT-BACKUPS': "a live tenant's single records are erased through its record key store (ERASURE, shared responsibility)",
  'ERASURE-GCP-RECORDS-IN-BACKUP-TIERS':
    'recordings and rows deleted by hand are erased through the Firestore record key store (ERASURE, shared responsibility)',
  'ISOLATION-POOLED-PEER-REGION-SCHEMA':
    "the DR platform's stack creates the database users and schemas of the pooled tenants it serves from another region (Custom::TenantDatabaseSchemas, ISOLATION)",
};

/** Exceptions a config can accept: the catalog's, less the standing ones (in force everywhere, no acceptance needed). */
export function catalogExceptionIds(): string[] {
  return CATALOG.flatMap((entry) => (entry.exceptions ?? []).filter((e) => e.standing !== true).map((exception) => exception.id));
}

function standingExceptionIds(): string[] {
  return CATALOG.flatMap((entry) => (entry.exceptions ?? []).filter((e) => e.standing === true).map((exception) => exception.id));
}

/** Every accepted exception exists in the catalog and is one a config can accept. */
const acceptedExceptionsKnown = (doc: Doc): ConfigIssue[] => {
  const known = catalogExceptionIds();
  const standing = standingExceptionIds();
  return list(obj(doc.policy)?.acceptedExceptions).flatMap((raw, index): ConfigIssue[] => {
    if (typeof raw !== 'string' || known.includes(raw)) return [];
    const path = ['policy', 'acceptedExceptions', index];
    const retired = RETIRED_EXCEPTIONS[raw];
    if (retired !== undefined) return [{ path, message: `is no longer needed, remove it: ${retired}`, received: raw }];
    if (standing.includes(raw)) {
      return [
        { path, message: 'is a standing exception of the catalog: it is in force wherever its control applies; remove it here', received: raw },
      ];
    }
    return [{ path, message: `is not an exception of the catalog (${known.join(', ')})`, received: raw }];
  });
};

/** REGION-PINNED: the US recordings stack is in the region the policy names; the EU stack only under its accepted exception. */
const recordingsInPolicyRegion: PolicyRule = (doc, policy, accepted) => {
  const gcp = obj(doc.gcp);
  if (gcp === undefined) return [];
  const named = policy.residency.recordingsGcpRegion;
  const issues: ConfigIssue[] = [];
  const region = str(gcp.region) ?? DEFAULT_GCP_REGION;
  if (region !== named) {
    issues.push({
      path: ['gcp', 'region'],
      message: `REGION-PINNED: is not the region the policy names for recordings (policy.residency.recordingsGcpRegion: ${named})`,
      received: region,
    });
  }
  const eu = obj(gcp.eu);
  if (eu?.enabled !== false && !accepted.has(EU_RECORDINGS_EXCEPTION)) {
    issues.push({
      path: ['gcp', 'eu', 'enabled'],
      message:
        `REGION-PINNED: the EU recordings stack stores recordings outside the region the policy names (${named}); set it to false, or ` +
        `accept the catalog exception ${EU_RECORDINGS_EXCEPTION} in policy.acceptedExceptions (docs/controls.md says what it leaves untrue)`,
      received: eu?.enabled ?? '(absent: on by default)',
    });
  }
  return issues;
};

const POLICY_RULES: readonly PolicyRule[] = [
  recordingsInPolicyRegion,
  euRegionsInPolicy,
  enterpriseRetentionInRange,
  gcpWithinPolicy,
  tierNamesUnique,
];

/** Every contradiction between the policy and the rest of the document. */
export function policyIssues(doc: Doc): ConfigIssue[] {
  const policy = documentPolicy(doc);
  if (policy === undefined) return acceptedExceptionsKnown(doc);
  const accepted = new Set(policy.acceptedExceptions);
  return [...acceptedExceptionsKnown(doc), ...POLICY_RULES.flatMap((rule) => rule(doc, policy, accepted))];
}
