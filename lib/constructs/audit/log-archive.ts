import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PUBLISHED_POLICY } from '../../promises/policy-numbers';
import { SecureBucket } from '../storage/secure-bucket';

/** Days logs stay after their lock ends before the lifecycle expires them: a month of slack for an investigation. */
export const EXPIRY_MARGIN_DAYS = 35;

export const LOG_ARCHIVE_DEFAULTS = {
  /** WORM period (AUDIT): no one, root included, can delete or overwrite a log object for this long. */
  lockDays: PUBLISHED_POLICY.auditLogs.retentionDays,
  /** Logs stay in S3 Standard this long (PCI DSS 10.7: three months immediately available). */
  hotDays: 90,
  /** Then they expire. Must be at least lockDays: lifecycle cannot remove locked versions anyway. */
  retentionDays: PUBLISHED_POLICY.auditLogs.retentionDays + EXPIRY_MARGIN_DAYS,
} as const;

export interface LogArchiveProps {
  /** The logs key of the account's key ring. Required: the archive is never SSE-S3. */
  readonly encryptionKey: kms.IKey;
  /** Deterministic name of the archive bucket. */
  readonly bucketName: string;
  /** Deterministic name of the bucket receiving S3 server access logs. */
  readonly accessLogsBucketName: string;
  /**
   * Object Lock mode. COMPLIANCE cannot be shortened or lifted by anyone, root included.
   * @default 'COMPLIANCE'
   */
  readonly lockMode?: 'COMPLIANCE' | 'GOVERNANCE';
  /** Stacks pass policy.auditLogs.retentionDays (or hipaaRetentionDays). @default PUBLISHED_POLICY.auditLogs.retentionDays (365) */
  readonly lockDays?: number;
  /** @default lockDays + EXPIRY_MARGIN_DAYS (400 with the published lock) */
  readonly retentionDays?: number;
  /**
   * Days the access-log bucket keeps S3 server access logs and load-balancer access logs. These
   * name requesters (client IP addresses), object keys and request URLs: personal data about the
   * customers' users, so the platform keeps them no longer than the erasure deadline.
   * @default retentionDays
   */
  readonly accessLogsRetentionDays?: number;
}

const REPLICATION_REASON =
  'Audit logs stay in the region that produced them: versioning plus Object Lock protect them against deletion and overwrite, and copying them to another region would break the EU residency promise for EU stacks.';

/**
 * The Object-Locked, KMS-encrypted archive that audit trails and access logs are written to
 * (control AUDIT), plus the bucket that records who accessed the archive itself.
 */
export class LogArchive extends Construct {
  public readonly bucket: s3.Bucket;
  /** Receives S3 server access logs of the archive (and of other buckets of the stack). */
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const lockDays = props.lockDays ?? LOG_ARCHIVE_DEFAULTS.lockDays;
    const retentionDays = props.retentionDays ?? lockDays + EXPIRY_MARGIN_DAYS;
    if (!Number.isInteger(lockDays) || lockDays < 1) {
      throw new Error(`LogArchive ${this.node.path}: lockDays must be a whole number of days >= 1, got ${lockDays}`);
    }
    if (!Number.isInteger(retentionDays) || retentionDays < lockDays) {
      throw new Error(`LogArchive ${this.node.path}: retentionDays must be a whole number >= lockDays (${lockDays}), got ${retentionDays}`);
    }
    const hotDays = Math.min(LOG_ARCHIVE_DEFAULTS.hotDays, retentionDays - 1);
    const accessLogsDays = props.accessLogsRetentionDays ?? retentionDays;
    if (!Number.isInteger(accessLogsDays) || accessLogsDays < 1) {
      throw new Error(`LogArchive ${this.node.path}: accessLogsRetentionDays must be a whole number of days >= 1, got ${accessLogsDays}`);
    }

    // Child ids carry this construct's id: they become the buckets' pinned logical ids.
    this.accessLogsBucket = new SecureBucket(this, `${id}AccessLogs`, {
      bucketName: props.accessLogsBucketName,
      // S3 server access logging only delivers to SSE-S3 buckets.
      encryption: {
        s3Managed: {
          reason:
            "S3 server access log delivery only supports destination buckets encrypted with SSE-S3 (AES-256). This bucket holds access logs (requester IPs, object keys, request URLs: personal data about the customers' users, not their content); it blocks public access, accepts only TLS and expires the logs at their retention.",
        },
      },
      accessLogging: {
        disabled: {
          reason:
            'This bucket is the server access log destination; logging it into itself would create an endless loop. Access to it is recorded by CloudTrail data events instead.',
        },
      },
      withoutReplication: { reason: REPLICATION_REASON },
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(accessLogsDays) }],
    }).bucket;

    this.bucket = new SecureBucket(this, `${id}Bucket`, {
      bucketName: props.bucketName,
      encryption: { key: props.encryptionKey },
      accessLogging: { destination: this.accessLogsBucket, prefix: `${props.bucketName}/` },
      withoutReplication: { reason: REPLICATION_REASON },
      objectLock: { mode: props.lockMode ?? 'COMPLIANCE', retention: Duration.days(lockDays) },
      lifecycleRules: [
        {
          id: 'archive-then-expire',
          transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(hotDays) }],
          expiration: Duration.days(retentionDays),
        },
      ],
    }).bucket;
  }
}
