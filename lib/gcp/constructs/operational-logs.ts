import { Construct } from 'constructs';
import { LoggingProjectBucketConfig, LoggingProjectExclusion, LoggingProjectSink } from '../bindings';
import { CmekKey } from './keys';

export interface RegionalLogStorageProps {
  /** Project whose log router the sink and the `_Default` exclusion belong to. */
  readonly project: string;
  /** Region the log bucket stores entries in. */
  readonly region: string;
  /** Name prefix of the stack: bucket and sink are `<prefix>-logs`, the exclusion `<prefix>-logs-elsewhere`. */
  readonly prefix: string;
  /** Key for the log bucket; the project's Cloud Logging service agent must have been granted it. */
  readonly key: CmekKey;
  /**
   * Days the bucket keeps entries (Cloud Logging accepts 1 to 3650). Required: the stack passes the
   * policy's erasure deadline, since request logs hold client addresses and URLs.
   */
  readonly retentionDays: number;
  /**
   * Logging query selecting the entries this stack's resources write: routed into the bucket and
   * excluded from the project's `_Default` sink, with the very same text.
   */
  readonly filter: string;
}

/** Cloud Logging's bounds on a log bucket's retention. */
const LOG_BUCKET_DAYS = { min: 1, max: 3650 } as const;

/** Logging query matching every entry written in a project: every log name of the project starts so. */
export function everyEntryOf(project: string): string {
  return `logName:"projects/${project}/logs/"`;
}

/**
 * Keeps a stack's log entries in its region. Every project routes what it logs through its `_Default`
 * sink into the `_Default` log bucket, whose location was fixed when the project was created (`global`
 * unless the organization's default storage location said otherwise) and can never be changed. This
 * construct routes the stack's entries (`filter`) into a CMEK log bucket in `region` and excludes the
 * same entries from `_Default` (an exclusion on the `_Default` sink), so nothing of them is stored
 * outside the region by `_Default`. The `_Required` sink cannot be changed or excluded from: admin
 * activity and system event audit entries still land in the project's `_Required` bucket as well.
 */
export class RegionalLogStorage extends Construct {
  readonly logBucket: LoggingProjectBucketConfig;
  readonly sink: LoggingProjectSink;
  readonly exclusion: LoggingProjectExclusion;

  constructor(scope: Construct, id: string, props: RegionalLogStorageProps) {
    super(scope, id);
    const days = props.retentionDays;
    if (!Number.isInteger(days) || days < LOG_BUCKET_DAYS.min || days > LOG_BUCKET_DAYS.max) {
      throw new Error(
        `RegionalLogStorage ${this.node.path}: retentionDays must be a whole number from ${LOG_BUCKET_DAYS.min} to ${LOG_BUCKET_DAYS.max}, got ${days}`,
      );
    }
    if (props.filter.trim() === '') throw new Error(`RegionalLogStorage ${this.node.path}: filter must select the stack's entries, got ""`);
    this.logBucket = new LoggingProjectBucketConfig(this, 'bucket', {
      project: props.project,
      location: props.region,
      bucketId: `${props.prefix}-logs`,
      description: `Log entries of the ${props.prefix} stack that _Default would have stored outside ${props.region}; CMEK`,
      retentionDays: days,
      cmekSettings: { kmsKeyName: props.key.id },
      dependsOn: props.key.grants,
      lifecycle: { preventDestroy: true },
    });
    this.sink = new LoggingProjectSink(this, 'sink', {
      project: props.project,
      name: `${props.prefix}-logs`,
      description: `Every log entry of the ${props.prefix} stack into its regional log bucket (${props.region})`,
      destination: `logging.googleapis.com/projects/${props.project}/locations/${props.region}/buckets/${this.logBucket.bucketId}`,
      filter: props.filter,
      uniqueWriterIdentity: true,
    });
    this.exclusion = new LoggingProjectExclusion(this, 'default-exclusion', {
      project: props.project,
      name: `${props.prefix}-logs-elsewhere`,
      description: `Keeps the ${props.prefix} stack's entries out of the _Default bucket: the ${props.prefix}-logs sink stores them in ${props.region}`,
      filter: props.filter,
      // The regional copy must exist before _Default stops storing the entries.
      dependsOn: [this.sink],
    });
  }
}
