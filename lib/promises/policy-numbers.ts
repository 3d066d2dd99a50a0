/**
 * The numbers a published policy carries, as one typed value. The config's `policy:` section
 * resolves to this shape (lib/config/policy-schema.ts); builders and checks read numbers only from
 * it, so a company whose policy says other numbers changes its config, never the code.
 *
 * PUBLISHED_POLICY holds the numbers the two policies in shared/policies/ publish. It is the only
 * place in lib/ where a policy number is written (test/promises/policy-numbers-grep.test.ts).
 */

/** How often a backup tier takes a copy. Each cloud maps it to its own schedule format. */
export const BACKUP_CADENCES = ['hour', 'day', 'week', 'month'] as const;
export type BackupCadence = (typeof BACKUP_CADENCES)[number];

export interface BackupTierPolicy {
  /** Rule name and (GCP) object prefix, e.g. `hourly`. */
  readonly name: string;
  readonly every: BackupCadence;
  /** Days each copy (and each cross-region copy) is kept. */
  readonly keepDays: number;
}

export interface PolicyNumbers {
  /** BACKUP-TIERS: the tiers, shortest cadence first. */
  readonly backupTiers: readonly BackupTierPolicy[];
  readonly erasure: {
    /** ERASURE: days from a deletion request until no copy is readable anywhere. */
    readonly deadlineDays: number;
    /** Whether the deadline covers backups too ("from all systems, including backups"). */
    readonly includesBackups: boolean;
  };
  /** RETENTION: days data and its logs are kept, by plan; enterprise is agreed per customer within bounds. */
  readonly retention: {
    readonly starterDays: number;
    readonly proDays: number;
    readonly enterpriseMinDays: number;
    readonly enterpriseMaxDays: number;
  };
  readonly keyRotation: {
    /** KEY-ROTATE on AWS: the longest automatic rotation period of a KMS key. */
    readonly awsMaxDays: number;
    /** KEY-ROTATE on Google Cloud: the longest rotation period of a Cloud KMS key. */
    readonly gcpMaxDays: number;
  };
  /** TLS-EDGE: the lowest protocol version any listener accepts, and the one it prefers. */
  readonly tls: { readonly minimum: '1.2' | '1.3'; readonly preferred: '1.3' };
  /** AUDIT: days the locked audit archive keeps every record (platform, and the HIPAA enclave). */
  readonly auditLogs: { readonly retentionDays: number; readonly hipaaRetentionDays: number };
  /**
   * RESIDENCY-EU: the regions EU customers' data may be stored in, per cloud. REGION-PINNED: the
   * Google Cloud region the screen-recording policy names for recordings ("Central US").
   */
  readonly residency: { readonly euAwsRegions: readonly string[]; readonly euGcpRegions: readonly string[]; readonly recordingsGcpRegion: string };
}

/**
 * The published numbers, as quoted by the catalog:
 * - backup tiers: screen-recording-saas-on-gcp.md, "Does Jam backup data?" (hourly 2 days, daily 7,
 *   weekly 4 weeks, monthly 12 months);
 * - erasure within 30 days, backups included; retention 30 days / 12 months / custom; TLS 1.3 with
 *   1.2 minimum; eu-west-1: voice-ai-saas-on-aws.md;
 * - us-central1: screen-recording-saas-on-gcp.md, "Infrastructure" ("the Central US region");
 * - rotation: "automatic key rotation" has no number; a year on AWS (KMS's default) and 90 days on
 *   Google Cloud (Google's recommendation for CMEK) are Rampart's reading of it;
 * - audit logs: a year (SOC 2 evidence covers a 12-month period); six years for PHI
 *   (45 CFR 164.316(b)(2)): 6 x 365 + 2 leap days.
 */
export const PUBLISHED_POLICY: PolicyNumbers = {
  backupTiers: [
    { name: 'hourly', every: 'hour', keepDays: 2 },
    { name: 'daily', every: 'day', keepDays: 7 },
    { name: 'weekly', every: 'week', keepDays: 28 },
    { name: 'monthly', every: 'month', keepDays: 365 },
  ],
  erasure: { deadlineDays: 30, includesBackups: true },
  retention: { starterDays: 30, proDays: 365, enterpriseMinDays: 7, enterpriseMaxDays: 3650 },
  keyRotation: { awsMaxDays: 365, gcpMaxDays: 90 },
  tls: { minimum: '1.2', preferred: '1.3' },
  auditLogs: { retentionDays: 365, hipaaRetentionDays: 2192 },
  residency: { euAwsRegions: ['eu-west-1'], euGcpRegions: ['europe-west1'], recordingsGcpRegion: 'us-central1' },
};
