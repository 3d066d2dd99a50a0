import type { ControlId } from '../../promises/control-ids';
import type { BackupCadence, BackupTierPolicy } from '../../promises/policy-numbers';
import { absent, observe, pointer, type EvidenceKind, type Place } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json } from '../types';
import { backupBuckets, dataBuckets, deleteRules, transferJobs, type TransferJob } from './storage';
import { asArray, at, DAY_SECONDS, durationSeconds, get, lookup, num, referencesIn, resolve, resources, str, type TfResource } from './terraform';

/**
 * BACKUP-TIERS on Google Cloud: for every policy tier, a Storage Transfer Service job copying each
 * data bucket under `<tier>/` of a locked backup bucket that deletes the tier at its age, and a
 * Backup and DR plan rule for every Cloud SQL instance.
 */

/** The longest gap between copies a cadence tolerates (a calendar month has up to 31 days). */
const MAX_INTERVAL_SECONDS: Readonly<Record<BackupCadence, number>> = {
  hour: 3600,
  day: DAY_SECONDS,
  week: 7 * DAY_SECONDS,
  month: 31 * DAY_SECONDS,
};
/** Backup and DR's recurrence type for each cadence. */
const RECURRENCE: Readonly<Record<BackupCadence, string>> = { hour: 'HOURLY', day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY' };

const TIER_JOB: EvidenceKind = {
  control: 'BACKUP-TIERS',
  kind: 'gcp-bucket-tier-copy',
  subject: 'data bucket tiers copied by an enabled transfer job',
  expected:
    'a transfer job copies the whole bucket (no object_conditions) to <tier>/ of a backup bucket, enabled, with no end date, at least as often as the cadence, deleting nothing',
};

const TIER_AGE: EvidenceKind = {
  control: 'BACKUP-TIERS',
  kind: 'gcp-backup-tier-age',
  subject: 'backup bucket tiers deleted at the policy age',
  expected: 'a Delete lifecycle rule with matches_prefix <tier>/ and age equal to the tier keepDays',
};

const LOCK: EvidenceKind = {
  control: 'BACKUP-TIERS',
  kind: 'gcp-backup-bucket-lock',
  subject: 'backup buckets with a locked retention policy',
  expected: 'retention_policy.is_locked true with retention_period above 0 and at most the shortest tier (longer would block its deletion)',
};

const ANY_DATA: EvidenceKind = {
  control: 'BACKUP-TIERS',
  kind: 'gcp-data-buckets',
  subject: 'stacks with a data bucket to back up',
  expected: 'the stack declares the recordings bucket and a backup bucket it is copied into',
};

const SQL_PLAN: EvidenceKind = {
  control: 'BACKUP-TIERS',
  kind: 'gcp-sql-backup-plan',
  subject: 'Cloud SQL instances in a Backup and DR plan',
  expected: 'a google_backup_dr_backup_plan_association for the instance, to a plan of the stack for sqladmin.googleapis.com/Instance',
};

const SQL_TIER: EvidenceKind = {
  control: 'BACKUP-TIERS',
  kind: 'gcp-sql-backup-tier',
  subject: 'Cloud SQL backup tiers at the policy cadence and age',
  expected: 'a backup rule with rule_id <tier>, recurrence_type of its cadence and backup_retention_days equal to the tier keepDays',
};

const SQL_VAULT: EvidenceKind = {
  control: 'BACKUP-TIERS',
  kind: 'gcp-sql-backup-vault',
  subject: 'Cloud SQL backup plans storing into a vault with enforced retention',
  expected: 'backup_vault refers to a google_backup_dr_backup_vault of the stack with backup_minimum_enforced_retention_duration of at least a day',
};

function named(what: EvidenceKind, tier: BackupTierPolicy, detail: string): EvidenceKind {
  return { ...what, expected: `${what.expected.replace(/<tier>/g, tier.name)} (${detail})` };
}

/** The first way a tier's job falls short, or the place showing it holds. */
function jobVerdict(job: TransferJob, tier: BackupTierPolicy): { place: Place; value: Json | undefined; ok: boolean } {
  const interval = get(job.job, 'schedule', 'repeat_interval');
  const seconds = durationSeconds(interval);
  if (seconds === undefined || seconds > MAX_INTERVAL_SECONDS[tier.every]) {
    return { place: at(job.job, 'schedule', 'repeat_interval'), value: interval, ok: false };
  }
  // An end date stops the copies; object conditions copy only part of the bucket. Either leaves a tier incomplete.
  const end = get(job.job, 'schedule', 'schedule_end_date');
  if (end !== undefined) return { place: at(job.job, 'schedule', 'schedule_end_date'), value: end, ok: false };
  const conditions = get(job.job, 'transfer_spec', 'object_conditions');
  if (conditions !== undefined) return { place: at(job.job, 'transfer_spec', 'object_conditions'), value: conditions, ok: false };
  const status = get(job.job, 'status');
  if (status !== undefined && status !== 'ENABLED') return { place: at(job.job, 'status'), value: status, ok: false };
  for (const option of ['delete_objects_unique_in_sink', 'delete_objects_from_source_after_transfer']) {
    const value = get(job.job, 'transfer_spec', 'transfer_options', option);
    if (value === true) return { place: at(job.job, 'transfer_spec', 'transfer_options', option), value, ok: false };
  }
  return { place: at(job.job, 'schedule', 'repeat_interval'), value: interval, ok: true };
}

function bucketEvidence(context: CheckContext): Evidence[] {
  const tiers = context.metadata.policy.backupTiers;
  const data = dataBuckets(context.stack);
  const backups = backupBuckets(context.stack);
  if (data.length === 0 || backups.length === 0) return [absent(context, ANY_DATA, pointer('resource', 'google_storage_bucket'))];
  const backupAddresses = new Set(backups.map((b) => b.address));
  const jobs = transferJobs(context.stack);
  const evidence: Evidence[] = [];
  for (const bucket of data) {
    for (const tier of tiers) {
      const what = named(TIER_JOB, tier, `every ${tier.every}`);
      const job = jobs.find(
        (j) => j.source?.address === bucket.address && j.sink !== undefined && backupAddresses.has(j.sink.address) && j.sinkPath === `${tier.name}/`,
      );
      if (job === undefined) {
        evidence.push(observe(context, what, at(bucket), undefined, false, 'missing'));
        continue;
      }
      const { place, value, ok } = jobVerdict(job, tier);
      evidence.push(observe(context, what, place, value, ok));
    }
  }
  const shortest = Math.min(...tiers.map((t) => t.keepDays));
  for (const bucket of backups) {
    const rules = deleteRules(bucket);
    for (const tier of tiers) {
      const rule = rules.find((r) => r.prefixes.includes(`${tier.name}/`) && typeof r.condition.age === 'number');
      const what = named(TIER_AGE, tier, `${tier.keepDays} days`);
      // Any other age rule covering the whole tier (no prefix, or a prefix the tier starts with) that deletes sooner cuts it short.
      const sooner = rules.find(
        (r) =>
          r !== rule &&
          typeof r.condition.age === 'number' &&
          r.condition.age < tier.keepDays &&
          (r.prefixes.length === 0 || r.prefixes.some((p) => `${tier.name}/`.startsWith(p))),
      );
      if (sooner !== undefined) {
        evidence.push(observe(context, what, at(bucket, 'lifecycle_rule', sooner.index, 'condition', 'age'), sooner.condition.age, false));
      } else if (rule === undefined) evidence.push(observe(context, what, at(bucket, 'lifecycle_rule'), undefined, false, 'missing'));
      else
        evidence.push(
          observe(
            context,
            what,
            at(bucket, 'lifecycle_rule', rule.index, 'condition', 'age'),
            rule.condition.age,
            rule.condition.age === tier.keepDays,
          ),
        );
    }
    const locked = get(bucket, 'retention_policy', 'is_locked') === true;
    const period = get(bucket, 'retention_policy', 'retention_period');
    const seconds = num(period) ?? durationSeconds(period);
    const ok = locked && seconds !== undefined && seconds > 0 && seconds <= shortest * DAY_SECONDS;
    const what = { ...LOCK, expected: `${LOCK.expected}: ${shortest} days` };
    evidence.push(observe(context, what, at(bucket, 'retention_policy'), get(bucket, 'retention_policy'), ok));
  }
  return evidence;
}

/** Whether a plan association names the instance (by reference or by its literal instance name). */
function associates(association: TfResource, instance: TfResource): boolean {
  const resource = get(association, 'resource');
  if (referencesIn(resource).some((r) => r.type === instance.type && r.name === instance.name)) return true;
  const name = str(get(instance, 'name'));
  return name !== undefined && (str(resource) ?? '').endsWith(`/instances/${name}`);
}

function databaseEvidence(context: CheckContext): Evidence[] {
  const tiers = context.metadata.policy.backupTiers;
  const associations = resources(context.stack, 'google_backup_dr_backup_plan_association');
  return resources(context.stack, 'google_sql_database_instance').flatMap((instance): Evidence[] => {
    const association = associations.find((a) => associates(a, instance));
    const plan = association === undefined ? undefined : resolve(context.stack, get(association, 'backup_plan'));
    const isPlan = plan?.type === 'google_backup_dr_backup_plan' && get(plan, 'resource_type') === 'sqladmin.googleapis.com/Instance';
    if (association === undefined || plan === undefined || !isPlan) {
      const place = association === undefined ? at(instance) : at(association, 'backup_plan');
      return [observe(context, SQL_PLAN, place, association === undefined ? undefined : get(association, 'backup_plan'), false)];
    }
    const evidence = [observe(context, SQL_PLAN, at(association, 'backup_plan'), get(association, 'backup_plan'), true)];
    const rules = asArray(get(plan, 'backup_rules'));
    for (const tier of tiers) {
      const what = named(SQL_TIER, tier, `${RECURRENCE[tier.every]}, ${tier.keepDays} days`);
      const index = rules.findIndex((r) => lookup(r, ['rule_id']).value === tier.name);
      if (index < 0) {
        evidence.push(observe(context, what, at(plan, 'backup_rules'), undefined, false, 'missing'));
        continue;
      }
      const recurrence = lookup(rules[index], ['standard_schedule', 'recurrence_type']).value;
      const keep = lookup(rules[index], ['backup_retention_days']).value;
      const wrongCadence = recurrence !== RECURRENCE[tier.every];
      const field = wrongCadence ? ['standard_schedule', 'recurrence_type'] : ['backup_retention_days'];
      const ok = !wrongCadence && keep === tier.keepDays;
      evidence.push(observe(context, what, at(plan, 'backup_rules', index, ...field), wrongCadence ? recurrence : keep, ok));
    }
    const vault = resolve(context.stack, get(plan, 'backup_vault'));
    const enforced = vault === undefined ? undefined : durationSeconds(get(vault, 'backup_minimum_enforced_retention_duration'));
    const vaultOk = vault?.type === 'google_backup_dr_backup_vault' && enforced !== undefined && enforced >= DAY_SECONDS;
    const place = vault === undefined ? at(plan, 'backup_vault') : at(vault, 'backup_minimum_enforced_retention_duration');
    const value = vault === undefined ? get(plan, 'backup_vault') : get(vault, 'backup_minimum_enforced_retention_duration');
    evidence.push(observe(context, SQL_VAULT, place, value, vaultOk));
    return evidence;
  });
}

const backupTiers: ControlCheck = (context) => [...bucketEvidence(context), ...databaseEvidence(context)];

export const BACKUP_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'BACKUP-TIERS': [backupTiers] };
