import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SecureBucket } from '../storage/secure-bucket';

/** Why the data bucket has no S3 replication: the four-tier backup plan copies it to the DR region. */
export const DATA_BUCKET_REPLICATION_REASON =
  'Not replicated by S3: AWS Backup backs this versioned bucket up with the four-tier plan and copies every recovery point to the locked vault in the DR region under the DR backup key.';

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
}

/**
 * The bucket for customer data: a `SecureBucket` under the data key, versioned (AWS Backup needs
 * that), access-logged, with an optional retention expiry. It is protected by the four-tier backup
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
    this.bucket = new SecureBucket(this, id, {
      bucketName: props.bucketName,
      encryption: { key: props.encryptionKey },
      accessLogging: { destination: props.accessLogsBucket, prefix: props.accessLogsPrefix ?? `${props.bucketName}/` },
      withoutReplication: { reason: DATA_BUCKET_REPLICATION_REASON },
      noncurrentVersionDays: noncurrentDays,
      lifecycleRules:
        props.expireAfterDays === undefined ? [] : [{ id: 'retention-expiry', expiration: Duration.days(props.expireAfterDays) }],
    }).bucket;
  }
}
