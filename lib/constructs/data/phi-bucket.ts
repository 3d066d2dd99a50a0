import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SecureBucket } from '../storage/secure-bucket';

/** Why the PHI bucket has no S3 replication: PHI never leaves the enclave's account and region. */
export const PHI_BUCKET_REPLICATION_REASON =
  'PHI never leaves the HIPAA enclave account and region: the bucket is versioned and Object-Locked, and AWS Backup keeps the four backup tiers in the enclave compliance-locked vault instead of replicas elsewhere.';

/** ERASURE: deleted data must be gone within 30 days, so no version may be locked for longer. */
export const PHI_MAX_LOCK_DAYS = 30;

export interface PhiBucketProps {
  /** Deterministic bucket name (see `bucketName` in lib/app/naming.ts). */
  readonly bucketName: string;
  /** The enclave's PHI data key. Required: PHI is never SSE-S3. */
  readonly encryptionKey: kms.IKey;
  /** The bucket receiving S3 server access logs (the enclave's `LogArchive.accessLogsBucket`). */
  readonly accessLogsBucket: s3.IBucket;
  /** @default `<bucketName>/` */
  readonly accessLogsPrefix?: string;
  /**
   * Object Lock (COMPLIANCE mode) days of every object version: nobody, root included, can delete
   * or overwrite a version for this long (ransomware, insider). At most 30 so that an erased object
   * is gone within 30 days (control ERASURE): noncurrent versions expire 30 days after deletion.
   * @default 30
   */
  readonly lockDays?: number;
}

/**
 * The enclave's bucket for protected health information (controls HIPAA, ENC-REST, AUDIT): a
 * `SecureBucket` under the PHI data key (SSE-KMS, TLS 1.2+ only, public access blocked, versioned,
 * retained), Object Lock in COMPLIANCE mode, server access logs into the enclave's access-log
 * bucket. Back it up with the four-tier plan (`bucket.bucketArn`) and record its object-level
 * access with the enclave's trail (S3 data events).
 */
export class PhiBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PhiBucketProps) {
    super(scope, id);
    const lockDays = props.lockDays ?? PHI_MAX_LOCK_DAYS;
    if (!Number.isInteger(lockDays) || lockDays < 1 || lockDays > PHI_MAX_LOCK_DAYS) {
      throw new Error(`PhiBucket ${this.node.path}: lockDays must be a whole number from 1 to ${PHI_MAX_LOCK_DAYS} (ERASURE within 30 days), got ${lockDays}`);
    }
    this.bucket = new SecureBucket(this, id, {
      bucketName: props.bucketName,
      encryption: { key: props.encryptionKey },
      accessLogging: { destination: props.accessLogsBucket, prefix: props.accessLogsPrefix ?? `${props.bucketName}/` },
      withoutReplication: { reason: PHI_BUCKET_REPLICATION_REASON },
      objectLock: { mode: 'COMPLIANCE', retention: Duration.days(lockDays) },
      noncurrentVersionDays: PHI_MAX_LOCK_DAYS,
    }).bucket;
  }
}
