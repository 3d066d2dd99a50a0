import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SecureBucket } from '../storage/secure-bucket';

/** Why the data bucket has no S3 replication: the four-tier backup plan copies it to the DR region. */
export const DATA_BUCKET_REPLICATION_REASON =
  'Not replicated by S3: AWS Backup backs this versioned bucket up with the four-tier plan and copies every recovery point to the locked vault in the DR region under the DR backup key.';

/** ERASURE: deleted data must be gone within 30 days, so no version may be locked for longer. */
export const MAX_DATA_LOCK_DAYS = 30;

export interface DataBucketProps {
  /** Deterministic bucket name (see `bucketName` in lib/app/naming.ts). */
  readonly bucketName: string;
  /** The data key of the region's key ring. Required: customer data is never SSE-S3. */
  readonly encryptionKey: kms.IKey;
  /** The bucket receiving S3 server access logs (e.g. `LogArchive.accessLogsBucket`). */
  readonly accessLogsBucket: s3.IBucket;
  /** @default `<bucketName>/` */
  readonly accessLogsPrefix?: string;
  /**
   * Days after which current objects expire (control RETENTION). Omit to keep objects until deleted.
   * @default - no expiry
   */
  readonly expireAfterDays?: number;
  /**
   * Days a noncurrent (overwritten or deleted) version is kept; at most 30 so that erased data is
   * gone from the bucket within 30 days (control ERASURE).
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Object Lock in COMPLIANCE mode for this many days on every version: nobody, root included, can
   * delete or overwrite it meanwhile (ransomware, insider). At most 30 (control ERASURE).
   * @default - no Object Lock
   */
  readonly objectLockDays?: number;
  /**
   * Why the bucket has no S3 replication, as the auditor will read it in the acknowledgment.
   * @default DATA_BUCKET_REPLICATION_REASON (the plan copies recovery points to the DR region);
   *   callers whose backups stay in the region must say so instead.
   */
  readonly withoutReplicationReason?: string;
}

/**
 * The bucket for customer data (platform data, a tenant's data, the enclave's PHI): a
 * `SecureBucket` under the data key, versioned (AWS Backup needs that), access-logged, with an
 * optional retention expiry and an optional Object Lock of at most 30 days. It is protected by the four-tier backup
 * plan (select `bucket.bucketArn`) instead of S3 replication.
 */
export class DataBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    const where = `DataBucket ${this.node.path}`;
    if (props.expireAfterDays !== undefined && (!Number.isInteger(props.expireAfterDays) || props.expireAfterDays < 1)) {
      throw new Error(`${where}: expireAfterDays must be a whole number of days >= 1, got ${props.expireAfterDays}`);
    }
    const noncurrentDays = props.noncurrentVersionDays ?? 30;
    if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1 || noncurrentDays > 30) {
      throw new Error(`${where}: noncurrentVersionDays must be a whole number from 1 to 30 (ERASURE within 30 days), got ${noncurrentDays}`);
    }
    const lockDays = props.objectLockDays;
    if (lockDays !== undefined && (!Number.isInteger(lockDays) || lockDays < 1 || lockDays > MAX_DATA_LOCK_DAYS)) {
      throw new Error(`${where}: objectLockDays must be a whole number from 1 to ${MAX_DATA_LOCK_DAYS} (ERASURE within 30 days), got ${lockDays}`);
    }
    this.bucket = new SecureBucket(this, id, {
      bucketName: props.bucketName,
      encryption: { key: props.encryptionKey },
      accessLogging: { destination: props.accessLogsBucket, prefix: props.accessLogsPrefix ?? `${props.bucketName}/` },
      withoutReplication: { reason: props.withoutReplicationReason ?? DATA_BUCKET_REPLICATION_REASON },
      objectLock: lockDays === undefined ? undefined : { mode: 'COMPLIANCE', retention: Duration.days(lockDays) },
      noncurrentVersionDays: noncurrentDays,
      lifecycleRules:
        props.expireAfterDays === undefined ? [] : [{ id: 'retention-expiry', expiration: Duration.days(props.expireAfterDays) }],
    }).bucket;
  }
}
