import { Construct } from 'constructs';
import { LoggingProjectBucketConfig, LoggingProjectSink, ProjectIamAuditConfig } from '../bindings';
import { CmekKey } from './keys';

/** Services whose data-access audit logs (reads and writes of data, admin reads) are switched on. */
export const DATA_ACCESS_AUDITED_SERVICES = ['storage.googleapis.com', 'cloudkms.googleapis.com'] as const;

export interface AuditLoggingProps {
  /** Project whose audit logs are collected (and that holds the log bucket and the sink). */
  readonly project: string;
  /** Region of the log bucket: entries are stored only there. */
  readonly region: string;
  /** Name prefix of the stack: bucket and sink are `<prefix>-audit`. */
  readonly prefix: string;
  /** Key for the log bucket; the project's Cloud Logging service agent must have been granted it. */
  readonly key: CmekKey;
  /**
   * The shortest retention the policy allows (control AUDIT: policy.auditLogs.retentionDays). Required,
   * so no log bucket is built without the policy's number; a shorter `retentionDays` throws.
   */
  readonly minRetentionDays: number;
  /**
   * Days the locked log bucket keeps entries (Cloud Logging accepts 1 to 3650). Required: the locked
   * retention can never be shortened afterwards, so the stack decides it (gcp.audit.retentionDays, or
   * the policy's retention plus AUDIT_EXPIRY_MARGIN_DAYS).
   */
  readonly retentionDays: number;
  /** Manage the project-wide audit configuration (false when another stack already owns the project). */
  readonly manageAuditConfig: boolean;
  /**
   * Extra clause of the sink filter, used to keep each region's audit trail in that region
   * when two stacks share a project.
   * @default - none: the sink takes every Cloud Audit Logs entry of the project
   */
  readonly locationFilter?: string;
}

/**
 * Days the log bucket keeps entries beyond the policy's audit retention, when gcp.audit.retentionDays
 * is not set. A SOC 2 Type 2 report covers a 12-month period and the auditor samples its evidence
 * after the period closes; five weeks keep the period's first entries readable through that fieldwork
 * (and through Cloud Logging's asynchronous expiry).
 */
export const AUDIT_EXPIRY_MARGIN_DAYS = 35;

/** Cloud Logging's bounds on a log bucket's retention. */
const LOG_BUCKET_DAYS = { min: 1, max: 3650 } as const;

/** Resource labels that carry a location in Cloud Audit Logs entries. */
function locationClause(regions: readonly string[]): string {
  return regions.map((r) => `resource.labels.location="${r}" OR resource.labels.region="${r}" OR resource.labels.zone:"${r}-"`).join(' OR ');
}

/** `(...)` clause matching audit entries about resources in any of `regions`. */
export function inRegions(regions: readonly string[]): string {
  return `(${locationClause(regions)})`;
}

/** `NOT (...)` clause excluding audit entries about resources in any of `regions`. */
export function notInRegions(regions: readonly string[]): string {
  return `NOT (${locationClause(regions)})`;
}

/**
 * Audit trail: data-access audit logs for Cloud Storage (and Cloud KMS, so every use of a key is
 * on record), routed by a sink into a regional log bucket encrypted with its own CMEK key and
 * locked (retention can be neither shortened nor the bucket deleted).
 */
export class AuditLogging extends Construct {
  readonly logBucket: LoggingProjectBucketConfig;
  readonly sink: LoggingProjectSink;

  constructor(scope: Construct, id: string, props: AuditLoggingProps) {
    super(scope, id);
    const { minRetentionDays: min, retentionDays: days } = props;
    if (!Number.isInteger(min) || min < LOG_BUCKET_DAYS.min || min > LOG_BUCKET_DAYS.max) {
      const bounds = `${LOG_BUCKET_DAYS.min} to ${LOG_BUCKET_DAYS.max}`;
      throw new Error(`AuditLogging ${this.node.path}: minRetentionDays must be a whole number from ${bounds}, got ${min}`);
    }
    if (!Number.isInteger(days) || days < min || days > LOG_BUCKET_DAYS.max) {
      const bounds = `at least ${min} (the policy's audit retention) and at most ${LOG_BUCKET_DAYS.max}`;
      throw new Error(`AuditLogging ${this.node.path}: retentionDays must be ${bounds}, got ${days}`);
    }
    if (props.manageAuditConfig) {
      for (const service of DATA_ACCESS_AUDITED_SERVICES) {
        new ProjectIamAuditConfig(this, `data-access-${service.split('.')[0]}`, {
          project: props.project,
          service,
          auditLogConfig: [{ logType: 'ADMIN_READ' }, { logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }],
        });
      }
    }
    this.logBucket = new LoggingProjectBucketConfig(this, 'log-bucket', {
      project: props.project,
      location: props.region,
      bucketId: `${props.prefix}-audit`,
      description: 'Rampart audit trail: Cloud Audit Logs, CMEK, locked retention',
      retentionDays: props.retentionDays,
      locked: true,
      cmekSettings: { kmsKeyName: props.key.id },
      dependsOn: props.key.grants,
      lifecycle: { preventDestroy: true },
    });
    const auditLogs = 'logName:"cloudaudit.googleapis.com"';
    this.sink = new LoggingProjectSink(this, 'sink', {
      project: props.project,
      name: `${props.prefix}-audit`,
      description: 'Cloud Audit Logs (admin activity, data access, system event, policy denied) into the locked audit bucket',
      destination: `logging.googleapis.com/projects/${props.project}/locations/${props.region}/buckets/${this.logBucket.bucketId}`,
      filter: props.locationFilter === undefined ? auditLogs : `${auditLogs} AND ${props.locationFilter}`,
      uniqueWriterIdentity: true,
    });
  }
}
