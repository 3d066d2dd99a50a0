import { Construct } from 'constructs';
import { StorageBucket, StorageBucketLifecycleRule } from '../bindings';
import { DAY_SECONDS } from '../durations';
import { CmekKey } from './keys';

/** How a bucket protects objects against overwrite and deletion. Both choices are strong; there is no "none". */
export type BucketProtection =
  /** Object versioning: replaced/deleted objects stay as noncurrent versions (lifecycle removes them later). */
  | { readonly kind: 'versioning' }
  /**
   * A locked retention policy: no object can be deleted or replaced before it is `days` old, by anyone.
   * Locking is irreversible. Cloud Storage does not combine retention policies with versioning.
   */
  | { readonly kind: 'locked-retention'; readonly days: number };

export interface SecureBucketProps {
  /** Project the bucket is created in. */
  readonly project: string;
  /** Globally unique bucket name. */
  readonly name: string;
  /** A region (regional bucket); the key must be in the same region. */
  readonly location: string;
  /** Customer-managed key used as the bucket's default key. Required: there is no unencrypted-by-CMEK bucket. */
  readonly key: CmekKey;
  /** Label `rampart_role`, how the policy suite tells the recordings bucket from the backups bucket. */
  readonly role: 'recordings' | 'backups';
  /** Versioning or a locked retention policy. Required: a bucket without either would make overwrites and deletes final. */
  readonly protection: BucketProtection;
  /**
   * Soft-delete window in days, 7 to 90 (what Cloud Storage accepts). Required so the caller weighs
   * it against the erasure deadline: a soft-deleted object stays restorable this long.
   */
  readonly softDeleteDays: number;
  /**
   * Lifecycle rules (deletion schedules, tier expiry, noncurrent-version expiry).
   * @default - none: objects are kept until deleted; with versioning, noncurrent versions are kept forever
   */
  readonly lifecycleRules?: StorageBucketLifecycleRule[];
}

/**
 * A Cloud Storage bucket that cannot be made public, unencrypted or destroyable through its props:
 * CMEK default key, uniform bucket-level access (no object ACLs), public access prevention
 * enforced, soft delete, versioning or locked retention, no force_destroy, prevent_destroy.
 */
export class SecureBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (props.softDeleteDays < 7 || props.softDeleteDays > 90) {
      throw new Error(`SecureBucket ${this.node.path}: softDeleteDays must be from 7 to 90, got ${props.softDeleteDays}`);
    }
    if (props.protection.kind === 'locked-retention' && (props.protection.days < 1 || !Number.isInteger(props.protection.days))) {
      throw new Error(`SecureBucket ${this.node.path}: protection.days must be a whole number of days >= 1, got ${props.protection.days}`);
    }
    this.bucket = new StorageBucket(this, 'bucket', {
      project: props.project,
      name: props.name,
      location: props.location.toUpperCase(),
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
      encryption: { defaultKmsKeyName: props.key.id },
      softDeletePolicy: { retentionDurationSeconds: props.softDeleteDays * DAY_SECONDS },
      versioning: { enabled: props.protection.kind === 'versioning' },
      retentionPolicy:
        props.protection.kind === 'locked-retention' ? { retentionPeriod: props.protection.days * DAY_SECONDS, isLocked: true } : undefined,
      lifecycleRule: props.lifecycleRules,
      labels: { rampart_role: props.role, rampart_key_purpose: props.key.purpose },
      // The storage service agent must hold the key before the bucket can use it.
      dependsOn: props.key.grants,
      lifecycle: { preventDestroy: true },
    });
  }

  get name(): string {
    return this.bucket.name;
  }
}
