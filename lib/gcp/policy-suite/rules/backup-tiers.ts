import type { BackupCadence, PolicyNumbers } from '../../../promises/policy-numbers';
import { PolicyRule, StackDocument } from '../types';
import { DAY_SECONDS, durationSeconds, get, list, referencedAddress, reporter, resources, str } from '../tfjson';

/** The longest gap between two copies each cadence tolerates: a calendar month may have 31 days. */
const MAX_INTERVAL_SECONDS: Readonly<Record<BackupCadence, number>> = {
  hour: 3600,
  day: DAY_SECONDS,
  week: 7 * DAY_SECONDS,
  month: 31 * DAY_SECONDS,
};

/** What the policy promises per tier, read the way the JSON is: object prefix, days kept, longest gap between copies. */
export function tierPromise(policy: PolicyNumbers): { name: string; prefix: string; keepDays: number; maxIntervalSeconds: number }[] {
  return policy.backupTiers.map((t) => ({
    name: t.name,
    prefix: `${t.name}/`,
    keepDays: t.keepDays,
    maxIntervalSeconds: MAX_INTERVAL_SECONDS[t.every],
  }));
}

/** The name a bucket reference resolves to (a literal name or `${google_storage_bucket.x.name}`). */
function bucketNameOf(stack: StackDocument, value: unknown): string | undefined {
  const address = referencedAddress(value);
  if (address === undefined) return str(value);
  const [type, name] = address.split('.');
  return type === 'google_storage_bucket' ? str(stack.json.resource?.[type]?.[name]?.name) : undefined;
}

/** Bucket backups: a locked backup bucket with one age-based delete rule per tier, fed by one enabled transfer job per tier. */
export const backupTiers: PolicyRule = {
  id: 'GCP-BACKUP-TIERS',
  controls: ['BACKUP-TIERS'],
  description: 'Recordings are copied on every policy.backupTiers cadence into a locked backup bucket that deletes each tier after its keepDays',
  check(stack, _all, policy) {
    const report = reporter(this.id, stack);
    const promise = tierPromise(policy);
    const buckets = resources(stack, 'google_storage_bucket');
    // Every bucket declares its role, so a bucket cannot drop out of the backup checks by losing its label.
    const unlabelled = buckets.filter((b) => !['recordings', 'backups'].includes(get(b.block, 'labels', 'rampart_role') as string));
    const roleFindings = unlabelled.map((b) =>
      report(b.address, 'has no rampart_role label (recordings or backups): its backup duties cannot be checked'),
    );
    const recordings = buckets.filter((b) => get(b.block, 'labels', 'rampart_role') === 'recordings');
    if (recordings.length === 0) return roleFindings;
    const backups = buckets.filter((b) => get(b.block, 'labels', 'rampart_role') === 'backups');
    if (backups.length === 0)
      return [...roleFindings, ...recordings.map((r) => report(r.address, 'has no backup bucket (label rampart_role=backups) in the stack'))];
    const findings = [...roleFindings];
    const shortest = Math.min(...promise.map((t) => t.keepDays));
    for (const { address, block } of backups) {
      const retention = get(block, 'retention_policy', 'retention_period');
      if (get(block, 'retention_policy', 'is_locked') !== true || typeof retention !== 'number') {
        findings.push(report(address, 'has no locked retention policy: backups could be deleted early'));
      } else if (retention > shortest * DAY_SECONDS) {
        const days = retention / DAY_SECONDS;
        const problem = `locks objects for ${days} days, longer than the policy's shortest tier (${shortest} days)`;
        findings.push(report(address, `${problem}: that tier could not be deleted on time`));
      }
      const rules = list(block.lifecycle_rule).filter((r) => get(r, 'action', 'type') === 'Delete');
      for (const tier of promise) {
        const match = rules.find(
          (r) => list(get(r, 'condition', 'matches_prefix')).includes(tier.prefix) && typeof get(r, 'condition', 'age') === 'number',
        );
        const age = get(match, 'condition', 'age');
        if (age !== tier.keepDays) {
          const deployed = `deletes ${tier.prefix} copies after ${age ?? 'never'} days`;
          findings.push(report(address, `${deployed}; the policy keeps the ${tier.name} tier ${tier.keepDays} days`));
        }
      }
    }
    const backupNames = new Set(backups.map((b) => str(b.block.name)));
    const jobs = resources(stack, 'google_storage_transfer_job');
    for (const source of recordings) {
      const sourceName = str(source.block.name);
      for (const tier of promise) {
        const job = jobs.find(
          (j) =>
            bucketNameOf(stack, get(j.block, 'transfer_spec', 'gcs_data_source', 'bucket_name')) === sourceName &&
            backupNames.has(bucketNameOf(stack, get(j.block, 'transfer_spec', 'gcs_data_sink', 'bucket_name'))) &&
            get(j.block, 'transfer_spec', 'gcs_data_sink', 'path') === tier.prefix,
        );
        if (job === undefined) {
          findings.push(report(source.address, `has no transfer job copying it to ${tier.prefix} of the backup bucket`));
          continue;
        }
        const interval = durationSeconds(get(job.block, 'schedule', 'repeat_interval'));
        if (interval === undefined || interval > tier.maxIntervalSeconds) {
          const needed = `the policy's ${tier.name} tier needs a copy at least every ${tier.maxIntervalSeconds}s`;
          findings.push(report(job.address, `runs every ${interval ?? '(once)'}s; ${needed}`));
        }
        if (job.block.status !== undefined && job.block.status !== 'ENABLED') findings.push(report(job.address, `is ${job.block.status}`));
        const options = get(job.block, 'transfer_spec', 'transfer_options');
        if (get(options, 'delete_objects_unique_in_sink') === true)
          findings.push(report(job.address, 'deletes backup copies whose source is gone (delete_objects_unique_in_sink)'));
        if (get(options, 'delete_objects_from_source_after_transfer') === true)
          findings.push(report(job.address, 'deletes recordings after copying them'));
      }
    }
    return findings;
  },
};
