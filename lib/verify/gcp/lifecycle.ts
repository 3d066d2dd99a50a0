import type { ControlId } from '../../promises/control-ids';
import { observe, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence } from '../types';
import { recordKeyStoreEvidence, shreddingKeyDatabase } from './record-keys';
import { backupBuckets, dataBuckets, deleteRules, softDeleteSeconds, transferJobs } from './storage';
import { asArray, at, DAY_SECONDS, durationSeconds, get, lookup, num, resources, type TfResource } from './terraform';

/**
 * ERASURE and WORKSPACE-DELETION on Google Cloud: how long a deleted recording stays restorable in
 * its bucket, and whether every workspace deletion schedule reaches every backup copy.
 *
 * A recording (or database row) deleted by hand, outside a schedule, keeps its backup copies until
 * each tier's age: a tier longer than the erasure deadline holds only through the stack's record key
 * store (record-keys.ts), whose deleted keys are gone within the deadline, so the tier keeps ciphertext.
 */

/** A workspace deletion schedule: a Delete rule of a data bucket counting `days` from upload for objects under `prefix`. */
interface Schedule {
  readonly bucket: TfResource;
  readonly index: number;
  readonly prefix: string;
  readonly days: number;
}

const WORKSPACE_PREFIX = /^workspaces\/[^/]+\/$/;

function schedules(context: CheckContext): Schedule[] {
  return dataBuckets(context.stack).flatMap((bucket) =>
    deleteRules(bucket).flatMap((rule) => {
      const days = num(rule.condition.age);
      // A rule for noncurrent versions only is not a schedule for the recordings themselves.
      if (days === undefined || rule.condition.with_state === 'ARCHIVED' || rule.condition.is_live === false) return [];
      const prefixes = rule.prefixes.length > 0 ? rule.prefixes : [''];
      return prefixes.map((prefix) => ({ bucket, index: rule.index, prefix, days }));
    }),
  );
}

/** Evidence that each schedule's copies in every backup tier are deleted no later (by customTime, the recording's creation). */
function mirroredEvidence(context: CheckContext, all: readonly Schedule[], what: EvidenceKind, keepsTime: EvidenceKind): Evidence[] {
  const jobs = transferJobs(context.stack);
  const evidence: Evidence[] = [];
  for (const schedule of all) {
    for (const job of jobs.filter((j) => j.source?.address === schedule.bucket.address && j.sink !== undefined)) {
      const sink = job.sink as TfResource;
      const copyPrefix = `${job.sinkPath}${schedule.prefix}`;
      // The rule deleting the copies soonest among those whose prefixes cover them (no prefix covers everything).
      const rule = deleteRules(sink)
        .filter((r) => num(r.condition.days_since_custom_time) !== undefined)
        .filter((r) => r.prefixes.length === 0 || r.prefixes.some((p) => copyPrefix.startsWith(p)))
        .sort((a, b) => Number(a.condition.days_since_custom_time) - Number(b.condition.days_since_custom_time))[0];
      const source = `${schedule.bucket.address} deletes ${schedule.prefix || 'everything'} at ${schedule.days} days`;
      const expected = `a Delete rule of the backup bucket for ${copyPrefix} with days_since_custom_time at most ${schedule.days} (${source})`;
      const kind = { ...what, expected };
      if (rule === undefined) {
        evidence.push(observe(context, kind, at(sink, 'lifecycle_rule'), undefined, false, 'missing'));
        continue;
      }
      const days = rule.condition.days_since_custom_time;
      evidence.push(
        observe(
          context,
          kind,
          at(sink, 'lifecycle_rule', rule.index, 'condition', 'days_since_custom_time'),
          days,
          (num(days) ?? Infinity) <= schedule.days,
        ),
      );
    }
  }
  for (const { job } of jobs) {
    const path = ['transfer_spec', 'transfer_options', 'metadata_options', 'time_created'];
    const value = get(job, ...path);
    evidence.push(observe(context, keepsTime, at(job, ...path), value, value === 'TIME_CREATED_PRESERVE_AS_CUSTOM_TIME'));
  }
  return evidence;
}

const ERASURE_MIRRORED: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-schedule-on-backups',
  subject: 'deletion schedules mirrored on a backup tier',
  expected: 'a Delete rule of the backup bucket for the tier copy of the prefix, by days_since_custom_time, no later than the schedule',
};

const ERASURE_KEEPS_TIME: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-transfer-keeps-creation-time',
  subject: 'transfer jobs keeping the recording creation time on each copy',
  expected: 'transfer_options.metadata_options.time_created is TIME_CREATED_PRESERVE_AS_CUSTOM_TIME (else days_since_custom_time never fires)',
};

const NONCURRENT: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-noncurrent-expiry',
  subject: 'versioned data buckets expiring noncurrent versions within the deadline',
  expected: 'a Delete lifecycle rule with days_since_noncurrent_time at most policy.erasure.deadlineDays',
};

const RESTORABLE: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-deleted-object-window',
  subject: 'data buckets where a deleted object is gone within the deadline',
  expected: 'days_since_noncurrent_time (versioned buckets) plus the soft delete days at most policy.erasure.deadlineDays',
};

const LOCK_DEADLINE: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-retention-lock-within-deadline',
  subject: 'bucket retention policies no longer than the deadline',
  expected: 'retention_policy.retention_period at most policy.erasure.deadlineDays (a longer lock forbids deleting in time)',
};

const BACKUP_TIER_DEADLINE: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-backup-tier-within-deadline',
  subject: 'backup tiers (bucket copies and Cloud SQL backups) a deleted record leaves, or whose copy of it becomes unreadable, within the deadline',
  expected:
    "the tier age (lifecycle age, backup_retention_days) at most policy.erasure.deadlineDays, or the stack's record key store keeps a " +
    'deleted record key no longer than the deadline (the tier then holds ciphertext whose key is gone)',
};

/** Every backup tier's age against the deadline: a record deleted by hand stays in each tier until it ages out, readable only while its key lives. */
function tierDeadlineEvidence(context: CheckContext, deadline: number): Evidence[] {
  const keyStore = shreddingKeyDatabase(context);
  const through =
    keyStore === undefined ? 'no record key store' : `record key store ${keyStore.address}: a deleted key restorable ${keyStore.days} days`;
  const what = { ...BACKUP_TIER_DEADLINE, expected: `${BACKUP_TIER_DEADLINE.expected}: ${deadline} days (${through})` };
  // A tier kept longer holds ciphertext once the record's key is gone from the key store (its own evidence proves the store).
  const judge = (days: number | undefined): { value: number | undefined; ok: boolean } => ({
    value: days,
    ok: days !== undefined && (days <= deadline || keyStore !== undefined),
  });
  const evidence: Evidence[] = [];
  for (const bucket of backupBuckets(context.stack)) {
    for (const rule of deleteRules(bucket).filter((r) => r.prefixes.length > 0 && num(r.condition.age) !== undefined)) {
      const { value, ok } = judge(num(rule.condition.age));
      evidence.push(observe(context, what, at(bucket, 'lifecycle_rule', rule.index, 'condition', 'age'), value, ok));
    }
  }
  for (const plan of resources(context.stack, 'google_backup_dr_backup_plan')) {
    asArray(get(plan, 'backup_rules')).forEach((rule, index) => {
      const { value, ok } = judge(num(lookup(rule, ['backup_retention_days']).value));
      evidence.push(observe(context, what, at(plan, 'backup_rules', index, 'backup_retention_days'), value, ok));
    });
  }
  return evidence;
}

const erasure: ControlCheck = (context) => {
  const deadline = context.metadata.policy.erasure.deadlineDays;
  const evidence: Evidence[] = [];
  for (const bucket of dataBuckets(context.stack)) {
    const versioned = get(bucket, 'versioning', 'enabled') === true;
    // Noncurrent versions of every object: a rule without prefix.
    const noncurrent = deleteRules(bucket).find((r) => num(r.condition.days_since_noncurrent_time) !== undefined && r.prefixes.length === 0);
    const noncurrentDays = noncurrent === undefined ? undefined : num(noncurrent.condition.days_since_noncurrent_time);
    if (versioned) {
      const place =
        noncurrent === undefined
          ? at(bucket, 'lifecycle_rule')
          : at(bucket, 'lifecycle_rule', noncurrent.index, 'condition', 'days_since_noncurrent_time');
      const what = { ...NONCURRENT, expected: `${NONCURRENT.expected}: ${deadline} days` };
      evidence.push(observe(context, what, place, noncurrentDays, noncurrentDays !== undefined && noncurrentDays <= deadline));
    }
    const softDays = softDeleteSeconds(bucket) / DAY_SECONDS;
    const window = (versioned ? (noncurrentDays ?? Infinity) : 0) + softDays;
    const what = { ...RESTORABLE, expected: `${RESTORABLE.expected}: ${deadline} days` };
    const place = at(bucket, 'soft_delete_policy', 'retention_duration_seconds');
    const value = get(bucket, 'soft_delete_policy', 'retention_duration_seconds');
    evidence.push(observe(context, what, place, value, window <= deadline, 'contradicted'));
  }
  for (const bucket of [...dataBuckets(context.stack), ...backupBuckets(context.stack)]) {
    const period = get(bucket, 'retention_policy', 'retention_period');
    if (period === undefined) continue;
    const seconds = num(period) ?? durationSeconds(period);
    const what = { ...LOCK_DEADLINE, expected: `${LOCK_DEADLINE.expected}: ${deadline} days` };
    evidence.push(
      observe(context, what, at(bucket, 'retention_policy', 'retention_period'), period, seconds !== undefined && seconds <= deadline * DAY_SECONDS),
    );
  }
  const tiers = context.metadata.policy.erasure.includesBackups ? tierDeadlineEvidence(context, deadline) : [];
  return [
    ...evidence,
    ...tiers,
    ...recordKeyStoreEvidence(context),
    ...mirroredEvidence(context, schedules(context), ERASURE_MIRRORED, ERASURE_KEEPS_TIME),
  ];
};

const SCHEDULE: EvidenceKind = {
  control: 'WORKSPACE-DELETION',
  kind: 'gcp-workspace-schedule',
  subject: 'workspace deletion schedules on the recordings bucket',
  expected: 'a Delete lifecycle rule with matches_prefix workspaces/<id>/ and a positive age (days from upload)',
};

const WORKSPACE_MIRRORED: EvidenceKind = { ...ERASURE_MIRRORED, control: 'WORKSPACE-DELETION' };
const WORKSPACE_KEEPS_TIME: EvidenceKind = { ...ERASURE_KEEPS_TIME, control: 'WORKSPACE-DELETION' };

const BACKUP_LOCK: EvidenceKind = {
  control: 'WORKSPACE-DELETION',
  kind: 'gcp-backup-lock-within-schedules',
  subject: 'backup bucket locks shorter than every deletion schedule',
  expected: 'retention_policy.retention_period at most the shortest workspace schedule',
};

const workspaceDeletion: ControlCheck = (context) => {
  const all = schedules(context).filter((s) => s.prefix.startsWith('workspaces/'));
  const evidence: Evidence[] = all.map((s) =>
    observe(context, SCHEDULE, at(s.bucket, 'lifecycle_rule', s.index, 'condition', 'age'), s.days, WORKSPACE_PREFIX.test(s.prefix) && s.days > 0),
  );
  const shortest = Math.min(...all.map((s) => s.days));
  if (all.length > 0) {
    for (const bucket of backupBuckets(context.stack)) {
      const period = get(bucket, 'retention_policy', 'retention_period');
      if (period === undefined) continue;
      const seconds = num(period) ?? durationSeconds(period);
      const what = { ...BACKUP_LOCK, expected: `${BACKUP_LOCK.expected}: ${shortest} days` };
      evidence.push(
        observe(
          context,
          what,
          at(bucket, 'retention_policy', 'retention_period'),
          period,
          seconds !== undefined && seconds <= shortest * DAY_SECONDS,
        ),
      );
    }
  }
  return [...evidence, ...mirroredEvidence(context, all, WORKSPACE_MIRRORED, WORKSPACE_KEEPS_TIME)];
};

export const LIFECYCLE_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  ERASURE: [erasure],
  'WORKSPACE-DELETION': [workspaceDeletion],
};
