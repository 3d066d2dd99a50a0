import { Construct } from 'constructs';
import { StorageBucketIamMember, StorageTransferJob } from '../bindings';
import { BackupTier } from '../tiers';
import { SecureBucket } from './buckets';

export interface BucketBackupsProps {
  /** Project that runs the transfer jobs (and holds both buckets). */
  readonly project: string;
  /** The bucket being backed up (the recordings bucket); the transfer agent gets read access to it. */
  readonly source: SecureBucket;
  /** The backup bucket; each tier's copies land under `<tier name>/`. The transfer agent may add objects, never delete them. */
  readonly destination: SecureBucket;
  /** Email of the project's Storage Transfer Service agent. */
  readonly transferAgentEmail: string;
  /**
   * One transfer job per tier, repeating every `everySeconds` (control BACKUP-TIERS). Required: the
   * stack derives them from the policy's backupTiers (gcpBackupTiers in ../tiers); expiry is the
   * destination bucket's lifecycle (tierExpiryRules), not the job's.
   */
  readonly tiers: readonly BackupTier[];
  /** Name prefix of the stack, used in the job descriptions. */
  readonly prefix: string;
}

/**
 * Backup and DR does not protect Cloud Storage buckets, so each tier is a Storage Transfer
 * Service job copying the recordings bucket into `<tier>/` of the backup bucket on the tier's
 * schedule; the backup bucket's lifecycle deletes each tier by age.
 *
 * Every job: encrypts copies with the BACKUP bucket's own key (not the source key: KEY-SEPARATE),
 * keeps the recording's creation time as the copy's customTime (so deletion schedules reach the
 * copies), never deletes anything in the source or the sink, and logs every copy to Cloud Logging.
 */
export class BucketBackups extends Construct {
  readonly jobs: StorageTransferJob[];

  constructor(scope: Construct, id: string, props: BucketBackupsProps) {
    super(scope, id);
    const member = `serviceAccount:${props.transferAgentEmail}`;
    // Least privilege: read the source; list/create objects in the sink (plus read, to compare).
    const grants = [
      new StorageBucketIamMember(this, 'source-reader', { bucket: props.source.name, role: 'roles/storage.objectViewer', member }),
      new StorageBucketIamMember(this, 'source-bucket-reader', { bucket: props.source.name, role: 'roles/storage.legacyBucketReader', member }),
      new StorageBucketIamMember(this, 'sink-writer', { bucket: props.destination.name, role: 'roles/storage.legacyBucketWriter', member }),
      new StorageBucketIamMember(this, 'sink-reader', { bucket: props.destination.name, role: 'roles/storage.objectViewer', member }),
    ];
    this.jobs = props.tiers.map(
      (tier) =>
        new StorageTransferJob(this, tier.name, {
          project: props.project,
          description: `${props.prefix} ${tier.name} backup: every ${tier.everySeconds}s, kept ${tier.keepDays} days`,
          status: 'ENABLED',
          transferSpec: {
            gcsDataSource: { bucketName: props.source.name },
            gcsDataSink: { bucketName: props.destination.name, path: `${tier.name}/` },
            transferOptions: {
              overwriteWhen: 'DIFFERENT',
              deleteObjectsUniqueInSink: false,
              deleteObjectsFromSourceAfterTransfer: false,
              metadataOptions: {
                kmsKey: 'KMS_KEY_DESTINATION_BUCKET_DEFAULT',
                timeCreated: 'TIME_CREATED_PRESERVE_AS_CUSTOM_TIME',
                storageClass: 'STORAGE_CLASS_DESTINATION_BUCKET_DEFAULT',
                temporaryHold: 'TEMPORARY_HOLD_PRESERVE',
              },
            },
          },
          // A start date in the past starts the schedule on the day the job is created.
          schedule: {
            scheduleStartDate: { year: 2026, month: 1, day: 1 },
            startTimeOfDay: { hours: 0, minutes: 0, seconds: 0, nanos: 0 },
            repeatInterval: `${tier.everySeconds}s`,
          },
          loggingConfig: { logActions: ['FIND', 'COPY', 'DELETE'], logActionStates: ['SUCCEEDED', 'FAILED'] },
          dependsOn: grants,
        }),
    );
  }
}
