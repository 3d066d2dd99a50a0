import type { ControlId } from '../../promises/control-ids';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence } from '../types';
import { projectWide } from './project-wide';
import { asArray, at, get, lookup, num, referenced, resolve, resources, str, type TfResource } from './terraform';

/** Cloud Logging's retention of a bucket without retention_days: a service default, not a policy number. */
const LOGGING_DEFAULT_DAYS = 30;

/**
 * AUDIT on Google Cloud: data-access audit logs for Cloud Storage and Cloud KMS on in the project
 * (by this stack or another stack of the assembly in the same project), routed by a sink of the
 * stack into a locked, CMEK-encrypted log bucket that keeps them the policy's number of days.
 */

/** The services whose data access the catalog says is recorded. */
const AUDITED_SERVICES = ['storage.googleapis.com', 'cloudkms.googleapis.com'];
const DATA_ACCESS = ['DATA_READ', 'DATA_WRITE'];

const DATA_ACCESS_LOGS: EvidenceKind = {
  control: 'AUDIT',
  kind: 'gcp-data-access-audit-logs',
  subject: 'project audit configs recording data access',
  expected:
    `a google_project_iam_audit_config of the project for each of ${AUDITED_SERVICES.join(', ')} (or allServices) ` +
    'with DATA_READ and DATA_WRITE, no exempted members',
};

const AUDIT_SINK: EvidenceKind = {
  control: 'AUDIT',
  kind: 'gcp-audit-log-sink',
  subject: 'log sinks routing Cloud Audit Logs into a log bucket of the stack',
  expected:
    'an enabled sink whose filter starts with logName:"...cloudaudit.googleapis.com..." as a positive conjunct, without exclusions, ' +
    'writing to a google_logging_project_bucket_config of the stack',
};

const LOCKED: EvidenceKind = {
  control: 'AUDIT',
  kind: 'gcp-audit-log-bucket-locked',
  subject: 'audit log buckets locked',
  expected: 'locked is true (retention can no longer be shortened, nor the bucket deleted)',
};

const RETENTION: EvidenceKind = {
  control: 'AUDIT',
  kind: 'gcp-audit-log-bucket-retention',
  subject: 'audit log buckets keeping records the policy period',
  expected: `retention_days at least policy.auditLogs.retentionDays (Cloud Logging keeps ${LOGGING_DEFAULT_DAYS} days when unset)`,
};

const LOG_CMEK: EvidenceKind = {
  control: 'AUDIT',
  kind: 'gcp-audit-log-bucket-cmek',
  subject: 'audit log buckets encrypted with a Cloud KMS key of the stack',
  expected: 'cmek_settings.kms_key_name refers to a google_kms_crypto_key of the stack',
};

function dataAccessEvidence(context: CheckContext): Evidence[] {
  const configs = projectWide(context, 'google_project_iam_audit_config');
  return AUDITED_SERVICES.flatMap((service) => {
    const found = configs.filter(({ resource: config }) => get(config, 'service') === service || get(config, 'service') === 'allServices');
    const expected = `${DATA_ACCESS_LOGS.expected}: here ${service}`;
    if (found.length === 0) return [absent(context, { ...DATA_ACCESS_LOGS, expected }, pointer('resource', 'google_project_iam_audit_config'))];
    return found.map(({ context: declaring, resource: config }) => {
      const logConfigs = asArray(get(config, 'audit_log_config'));
      const types = logConfigs.map((c) => str(lookup(c, ['log_type']).value) ?? '');
      const exempted = logConfigs.flatMap((c) => asArray(lookup(c, ['exempted_members']).value));
      const ok = DATA_ACCESS.every((t) => types.includes(t)) && exempted.length === 0;
      return observe(declaring, { ...DATA_ACCESS_LOGS, expected }, at(config, 'audit_log_config'), get(config, 'audit_log_config'), ok);
    });
  });
}

/** The log bucket of the stack a sink writes to: by reference inside the destination, or by its literal bucket id. */
function destinationBucket(context: CheckContext, sink: TfResource): TfResource | undefined {
  const destination = get(sink, 'destination');
  const byReference = referenced(context.stack, destination).find((r) => r.type === 'google_logging_project_bucket_config');
  if (byReference !== undefined) return byReference;
  const id = /\/buckets\/([^/]+)$/.exec(str(destination) ?? '')?.[1];
  return resources(context.stack, 'google_logging_project_bucket_config').find((b) => get(b, 'bucket_id') === id);
}

const audit: ControlCheck = (context) => {
  const evidence = dataAccessEvidence(context);
  const sinks = resources(context.stack, 'google_logging_project_sink').filter((s) =>
    (str(get(s, 'filter')) ?? '').includes('cloudaudit.googleapis.com'),
  );
  if (sinks.length === 0) evidence.push(absent(context, AUDIT_SINK, pointer('resource', 'google_logging_project_sink')));
  const targets = new Map<string, TfResource>();
  for (const sink of sinks) {
    const bucket = destinationBucket(context, sink);
    const exclusions = asArray(get(sink, 'exclusions')).filter((e) => lookup(e, ['disabled']).value !== true);
    // The audit-log term must be a leading positive conjunct: `logName:"...cloudaudit..." [AND ...]`. Anywhere else (under a
    // NOT, or OR-ed with other entries) the filter could route everything but the audit logs, or more than them.
    const negated = !/^\s*logName\s*[:=]\s*"[^"]*cloudaudit\.googleapis\.com[^"]*"\s*(AND\b|$)/.test(str(get(sink, 'filter')) ?? '');
    const ok = bucket !== undefined && get(sink, 'disabled') !== true && exclusions.length === 0 && !negated;
    const place = negated ? at(sink, 'filter') : at(sink, 'destination');
    evidence.push(observe(context, AUDIT_SINK, place, negated ? get(sink, 'filter') : get(sink, 'destination'), ok));
    if (bucket !== undefined) targets.set(bucket.address, bucket);
  }
  const minDays = context.metadata.policy.auditLogs.retentionDays;
  for (const bucket of targets.values()) {
    const locked = get(bucket, 'locked');
    evidence.push(observe(context, LOCKED, at(bucket, 'locked'), locked, locked === true));
    const days = get(bucket, 'retention_days');
    const expected = `${RETENTION.expected}: ${minDays} days`;
    evidence.push(observe(context, { ...RETENTION, expected }, at(bucket, 'retention_days'), days, (num(days) ?? LOGGING_DEFAULT_DAYS) >= minDays));
    const key = get(bucket, 'cmek_settings', 'kms_key_name');
    evidence.push(
      observe(context, LOG_CMEK, at(bucket, 'cmek_settings', 'kms_key_name'), key, resolve(context.stack, key)?.type === 'google_kms_crypto_key'),
    );
  }
  return evidence;
};

export const AUDIT_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { AUDIT: [audit] };
