import { PolicyRule } from '../types';
import { get, list, reporter, resources, str } from '../tfjson';
import { tierPromise } from './backup-tiers';

function deleteRules(block: Record<string, unknown>): Record<string, unknown>[] {
  return list(block.lifecycle_rule)
    .filter((rule) => get(rule, 'action', 'type') === 'Delete')
    .map((rule) => (get(rule, 'condition') ?? {}) as Record<string, unknown>);
}

/**
 * Deleted data is gone within the policy's deadline: noncurrent versions expire within
 * policy.erasure.deadlineDays, and every workspace deletion schedule reaches every tier the policy
 * names. The schedules are mirrored on backups even when the policy's deadline excludes backups
 * (erasure.includesBackups false): a workspace's schedule is a promise of its own (WORKSPACE-DELETION).
 */
export const erasure: PolicyRule = {
  id: 'GCP-ERASURE',
  controls: ['ERASURE', 'WORKSPACE-DELETION'],
  description:
    'Recordings buckets expire noncurrent versions within policy.erasure.deadlineDays and every workspace deletion schedule ' +
    'is mirrored on every policy.backupTiers tier',
  check(stack, _all, policy) {
    const report = reporter(this.id, stack);
    const deadline = policy.erasure.deadlineDays;
    const buckets = resources(stack, 'google_storage_bucket');
    const backups = buckets.filter((b) => get(b.block, 'labels', 'rampart_role') === 'backups');
    const findings = [];
    for (const { address, block } of buckets.filter((b) => get(b.block, 'labels', 'rampart_role') === 'recordings')) {
      const rules = deleteRules(block);
      const noncurrent = rules.find((c) => typeof c.days_since_noncurrent_time === 'number');
      const expired = noncurrent !== undefined && (noncurrent.days_since_noncurrent_time as number) <= deadline;
      if (get(block, 'versioning', 'enabled') === true && !expired) {
        const problem = `keeps noncurrent versions without a delete rule of at most ${deadline} days (policy.erasure.deadlineDays)`;
        findings.push(report(address, `${problem}: deleted recordings would live on`));
      }
      const schedules = rules.flatMap((c) =>
        typeof c.age === 'number' ? list(c.matches_prefix).map((p) => ({ prefix: str(p) ?? '', days: c.age as number })) : [],
      );
      for (const backup of backups) {
        const erasureRules = deleteRules(backup.block).filter((c) => typeof c.days_since_custom_time === 'number');
        for (const { prefix, days } of schedules) {
          for (const tier of tierPromise(policy)) {
            const copyPrefix = `${tier.prefix}${prefix}`;
            const covered = erasureRules.some((c) => (c.days_since_custom_time as number) <= days && list(c.matches_prefix).includes(copyPrefix));
            if (!covered)
              findings.push(
                report(
                  backup.address,
                  `does not delete ${copyPrefix} copies ${days} days after the recording was created (${address} deletes ${prefix} at ${days} days)`,
                ),
              );
          }
        }
      }
    }
    return findings;
  },
};
