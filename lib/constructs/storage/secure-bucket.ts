import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeInPacks, COMPLIANCE_PACKS } from '../../nag/acknowledge';
import { pinLogicalId } from '../pin-logical-id';

/** A weakening of a secure default, which Rampart only accepts together with its justification. */
export interface Justified {
  /** Why the default cannot apply here; lands verbatim in the validation report. */
  readonly reason: string;
}

export type BucketEncryption =
  /** SSE-KMS with a customer-managed key and S3 Bucket Keys (the default posture). */
  | { readonly key: kms.IKey }
  /** SSE-S3 (AES-256, AWS-managed keys): only where a service cannot write to SSE-KMS buckets. */
  | { readonly s3Managed: Justified };

export type BucketAccessLogging =
  | { readonly destination: s3.IBucket; readonly prefix: string }
  /**
   * No server access logs: only for the bucket that receives access logs itself. The packs accept
   * that for a log destination; on any other bucket synth still fails (AwsSolutions-S1).
   */
  | { readonly disabled: Justified };

export interface SecureBucketProps {
  /** Deterministic name; omit to let CloudFormation generate one. */
  readonly bucketName?: string;
  readonly encryption: BucketEncryption;
  readonly accessLogging: BucketAccessLogging;
  /**
   * Cross-region replication is not configured by this construct; say why the bucket does not need
   * it (the compliance packs expect replication on every bucket).
   */
  readonly withoutReplication: Justified;
  /** Object Lock default retention (WORM). Enabling Object Lock cannot be undone. */
  readonly objectLock?: { readonly mode: 'COMPLIANCE' | 'GOVERNANCE'; readonly retention: Duration };
  /** Lifecycle rules added to the built-in ones (abort incomplete uploads, expire old versions). */
  readonly lifecycleRules?: s3.LifecycleRule[];
  /**
   * Days a noncurrent (overwritten or deleted) object version is kept.
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
}

/**
 * An S3 bucket that a caller cannot make public, unencrypted, plaintext-reachable, unversioned or
 * deletable: public access blocked and ACLs disabled, encryption required (customer-managed key
 * unless a reason is given), TLS 1.2+ only, versioning on, retained on removal, logical id pinned.
 * Every weakening takes a reason, which is recorded as the acknowledgment of the finding it causes.
 */
export class SecureBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const enc = props.encryption;
    const logging = props.accessLogging;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      ...('key' in enc
        ? { encryption: s3.BucketEncryption.KMS, encryptionKey: enc.key, bucketKeyEnabled: true }
        : { encryption: s3.BucketEncryption.S3_MANAGED }),
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
      ...('destination' in logging ? { serverAccessLogsBucket: logging.destination, serverAccessLogsPrefix: logging.prefix } : {}),
      ...(props.objectLock
        ? {
            objectLockEnabled: true,
            objectLockDefaultRetention:
              props.objectLock.mode === 'COMPLIANCE'
                ? s3.ObjectLockRetention.compliance(props.objectLock.retention)
                : s3.ObjectLockRetention.governance(props.objectLock.retention),
          }
        : {}),
      lifecycleRules: [
        {
          id: 'abort-incomplete-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 30),
        },
        ...(props.lifecycleRules ?? []),
      ],
    });
    pinLogicalId(this, this.bucket.node.defaultChild, '');

    const resource = this.bucket.node.defaultChild!;
    if ('s3Managed' in enc) {
      acknowledgeInPacks(resource, 'S3DefaultEncryptionKMS', COMPLIANCE_PACKS, enc.s3Managed.reason);
    }
    // No acknowledgment for `accessLogging.disabled`: the packs already accept a bucket without
    // access logs when it is itself an access-log destination, and any other bucket should fail.
    acknowledgeInPacks(resource, 'S3BucketReplicationEnabled', COMPLIANCE_PACKS, props.withoutReplication.reason);
  }
}
