import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Weakening } from '../../plan/weakening';
import { PUBLISHED_POLICY } from '../../promises/policy-numbers';
import { SecureBucket } from '../storage/secure-bucket';

/** Why the data bucket has no S3 replication: the four-tier backup plan copies it to the DR region. */
export const DATA_BUCKET_REPLICATION_REASON =
  'Not replicated by S3: AWS Backup backs this versioned bucket up with the four-tier plan and copies every recovery point to the locked vault in the DR region under the DR backup key.';

export interface DataBucketProps {
  /**
   * ERASURE: days within which deleted data must be gone (policy.erasure.deadlineDays): noncurrent
   * (overwritten or deleted) versions expire after it, and it bounds the Object Lock. Stacks pass the plan's.
   * @default PUBLISHED_POLICY.erasure.deadlineDays (30)
   */
  readonly erasureDeadlineDays?: number;
  /** Deterministic bucket name (see `bucketName` in lib/plan/naming.ts). */
  readonly bucketName: string;
  /** The data key of the region's key ring. Required: customer data is never SSE-S3. */
  readonly encryptionKey: kms.IKey;
  /** The bucket receiving S3 server access logs (e.g. `LogArchive.accessLogsBucket`), under the prefix `<bucketName>/`. */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Days after which current objects expire (control RETENTION). Omit to keep objects until deleted.
   * @default - no expiry
   */
  readonly expireAfterDays?: number;
  /**
   * Object Lock in COMPLIANCE mode for this many days on every version: nobody, root included, can
   * delete or overwrite it meanwhile (ransomware, insider). At most `erasureDeadlineDays` (control ERASURE).
   * @default - no Object Lock
   */
  readonly objectLockDays?: number;
  /**
   * Add the Object Lock to a bucket that may already exist, without replacing it: through the bucket's
   * Object Lock configuration only (see SecureBucket `objectLock.withoutReplacement`). A retained
   * bucket of an existing deployment is never replaced for it.
   * @default false - the bucket is created with Object Lock (top-level ObjectLockEnabled)
   */
  readonly objectLockWithoutReplacement?: boolean;
  /**
   * Why the bucket has no S3 replication, as the auditor will read it in the acknowledgment.
   * @default { reason: DATA_BUCKET_REPLICATION_REASON } (the plan copies recovery points to the DR
   *   region); callers whose backups stay in the region must say so instead.
   */
  readonly withoutReplication?: Weakening;
}

/**
 * The bucket for customer data (platform data, a tenant's data, the enclave's PHI): a
 * `SecureBucket` under the data key, versioned (AWS Backup needs that), access-logged, with an
 * optional retention expiry and an optional Object Lock of at most the erasure deadline. It is protected by the four-tier backup
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
    const deadline = props.erasureDeadlineDays ?? PUBLISHED_POLICY.erasure.deadlineDays;
    if (!Number.isInteger(deadline) || deadline < 1) {
      throw new Error(`${where}: erasureDeadlineDays must be a whole number of days >= 1, got ${deadline}`);
    }
    const lockDays = props.objectLockDays;
    if (lockDays !== undefined && (!Number.isInteger(lockDays) || lockDays < 1 || lockDays > deadline)) {
      throw new Error(`${where}: objectLockDays must be a whole number from 1 to ${deadline} (ERASURE within ${deadline} days), got ${lockDays}`);
    }
    this.bucket = new SecureBucket(this, id, {
      bucketName: props.bucketName,
      encryption: { key: props.encryptionKey },
      accessLogging: { destination: props.accessLogsBucket, prefix: `${props.bucketName}/` },
      withoutReplication: props.withoutReplication ?? { reason: DATA_BUCKET_REPLICATION_REASON },
      objectLock:
        lockDays === undefined
          ? undefined
          : { mode: 'COMPLIANCE', retention: Duration.days(lockDays), withoutReplacement: props.objectLockWithoutReplacement ?? false },
      // ERASURE: erased data is gone from the bucket within the deadline.
      noncurrentVersionDays: deadline,
      lifecycleRules: props.expireAfterDays === undefined ? [] : [{ id: 'retention-expiry', expiration: Duration.days(props.expireAfterDays) }],
    }).bucket;
  }
}
