import { z } from 'zod';
import { BACKUP_CADENCES, PUBLISHED_POLICY } from '../promises/policy-numbers';
import { GCP_REGIONS, GcpRegion } from './gcp-regions';
import { AWS_REGIONS, AwsRegion } from './regions';
import { bool, dnsLabel, oneOf, wholeNumber } from './primitives';

/**
 * The `policy:` section: the numbers of the company's published security policy. Every number has
 * the published value as its default (lib/promises/policy-numbers.ts) and the bounds below are what
 * the clouds accept, not policy: a company with other numbers changes its config, never the code.
 * Rules that relate these numbers to the rest of the config (a tier past the erasure deadline, a
 * key rotated less often than promised) live in policy-rules.ts and name the control they protect.
 */

/** Service limits the bounds come from (not policy numbers). */
export const POLICY_LIMITS = {
  /** AWS Backup keeps a recovery point at least 1 day; 100 years is the largest lifecycle either cloud takes. */
  keepDays: { min: 1, max: 36500 },
  /** AWS Backup allows 100 rules per plan; Cloud Storage 100 lifecycle rules per bucket, shared with deletion schedules. */
  tiers: { min: 1, max: 8 },
  /** KMS automatic rotation accepts 90 to 2560 days. */
  awsRotationDays: { min: 90, max: 2560 },
  /** Cloud KMS accepts a rotation period of at least one day. */
  gcpRotationDays: { min: 1, max: 36500 },
  days: { min: 1, max: 36500 },
} as const;

const backupTier = z.strictObject({
  /** Rule name, and the object prefix of the tier's copies on Google Cloud. */
  name: dnsLabel(20),
  /** How often a copy is taken. */
  every: oneOf(BACKUP_CADENCES),
  /** Days each copy (and each cross-region copy) is kept. */
  keepDays: wholeNumber(POLICY_LIMITS.keepDays.min, POLICY_LIMITS.keepDays.max),
});

const days = wholeNumber(POLICY_LIMITS.days.min, POLICY_LIMITS.days.max);
const awsRegion = z.enum(AWS_REGIONS, { error: 'expected an AWS commercial region name such as "eu-west-1"' });
const gcpRegion = z.enum(GCP_REGIONS, { error: 'expected a Google Cloud region name such as "europe-west1"' });
const P = PUBLISHED_POLICY;

export const policySchema = z.strictObject({
  /** BACKUP-TIERS: the tiers, shortest cadence first. */
  backupTiers: z
    .array(backupTier, { error: 'expected a list of backup tiers' })
    .min(POLICY_LIMITS.tiers.min, { error: `expected ${POLICY_LIMITS.tiers.min} to ${POLICY_LIMITS.tiers.max} tiers` })
    .max(POLICY_LIMITS.tiers.max, { error: `expected ${POLICY_LIMITS.tiers.min} to ${POLICY_LIMITS.tiers.max} tiers` })
    .default(P.backupTiers.map((tier) => ({ ...tier }))),
  erasure: z
    .strictObject({
      /** ERASURE: days from a deletion (or an offboarding request) until no copy is readable anywhere. */
      deadlineDays: days.default(P.erasure.deadlineDays),
      /** Whether the deadline covers backups too ("from all systems, including backups"). */
      includesBackups: bool.default(P.erasure.includesBackups),
    })
    .default({ ...P.erasure }),
  retention: z
    .strictObject({
      /** RETENTION: days a starter tenant's data and logs are kept. */
      starterDays: days.default(P.retention.starterDays),
      /** RETENTION: days a pro tenant's data and logs are kept. */
      proDays: days.default(P.retention.proDays),
      /** RETENTION: the range an enterprise tenant's agreed `retentionDays` must fall in. */
      enterpriseMinDays: days.default(P.retention.enterpriseMinDays),
      enterpriseMaxDays: days.default(P.retention.enterpriseMaxDays),
    })
    .default({ ...P.retention }),
  keyRotation: z
    .strictObject({
      /** KEY-ROTATE: automatic rotation period of every KMS key Rampart creates (KMS accepts 90 to 2560). */
      awsMaxDays: wholeNumber(POLICY_LIMITS.awsRotationDays.min, POLICY_LIMITS.awsRotationDays.max).default(P.keyRotation.awsMaxDays),
      /** KEY-ROTATE: the longest rotation period a Cloud KMS key may have (gcp.keys.rotationDays stays within it). */
      gcpMaxDays: wholeNumber(POLICY_LIMITS.gcpRotationDays.min, POLICY_LIMITS.gcpRotationDays.max).default(P.keyRotation.gcpMaxDays),
    })
    .default({ ...P.keyRotation }),
  tls: z
    .strictObject({
      /** TLS-EDGE: the lowest TLS version any listener accepts. */
      minimum: oneOf(['1.2', '1.3'] as const).default(P.tls.minimum),
      /** TLS-EDGE: the version every listener offers first. */
      preferred: oneOf(['1.3'] as const).default(P.tls.preferred),
    })
    .default({ ...P.tls }),
  auditLogs: z
    .strictObject({
      /** AUDIT: days the locked audit archive keeps every record. */
      retentionDays: days.default(P.auditLogs.retentionDays),
      /** AUDIT, HIPAA: days the HIPAA enclave's locked archive keeps every record. */
      hipaaRetentionDays: days.default(P.auditLogs.hipaaRetentionDays),
    })
    .default({ ...P.auditLogs }),
  residency: z
    .strictObject({
      /** RESIDENCY-EU: AWS regions EU customers' data may be stored in (residency.eu.region is one of them). */
      euAwsRegions: z
        .array(awsRegion, { error: 'expected a list of AWS regions' })
        .min(1, { error: 'expected at least one region' })
        .default(() => [...P.residency.euAwsRegions] as AwsRegion[]),
      /** RESIDENCY-EU: Google Cloud regions EU recordings may be stored in (gcp.eu.region is one of them). */
      euGcpRegions: z
        .array(gcpRegion, { error: 'expected a list of Google Cloud regions' })
        .min(1, { error: 'expected at least one region' })
        .default(() => [...P.residency.euGcpRegions] as GcpRegion[]),
      /** REGION-PINNED: the Google Cloud region the screen-recording policy names for recordings (gcp.region is it). */
      recordingsGcpRegion: gcpRegion.default(P.residency.recordingsGcpRegion as GcpRegion),
    })
    .default(() => ({
      euAwsRegions: [...P.residency.euAwsRegions] as AwsRegion[],
      euGcpRegions: [...P.residency.euGcpRegions] as GcpRegion[],
      recordingsGcpRegion: P.residency.recordingsGcpRegion as GcpRegion,
    })),
  /**
   * Catalog exceptions (lib/promises/catalog) this deployment knowingly accepts, by id, e.g.
   * `ERASURE-PHI-ACCESS-LOGS`. A config that needs an exception it does not list fails,
   * naming the control and the numbers; every accepted exception is printed in the review.
   */
  acceptedExceptions: z.array(z.string({ error: 'expected an exception id' }), { error: 'expected a list of exception ids' }).default([]),
});

export type PolicyConfig = z.output<typeof policySchema>;
