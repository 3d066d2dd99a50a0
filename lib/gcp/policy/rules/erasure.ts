import { PolicyRule } from '../types';
import { get, list, reporter, resources, str } from '../tfjson';
import { BACKUP_TIER_PROMISE } from './backup-tiers';

/** Deleted data is gone within 30 days: noncurrent versions expire and the deletion schedules reach every backup tier. */
const MAX_NONCURRENT_DAYS = 30;

function deleteRules(block: Record<string, unknown>): Record<string, unknown>[] {
  return list(block.lifecycle_rule)
    .filter((rule) => get(rule, 'action', 'type') === 'Delete')
    .map((rule) => (get(rule, 'condition') ?? {}) as Record<string, unknown>);
}

export const erasure: PolicyRule = {
  id: 'GCP-ERASURE',
  controls: ['ERASURE', 'WORKSPACE-DELETION'],
  description: 'Recordings buckets expire noncurrent versions within 30 days and every workspace deletion schedule is mirrored on every backup tier',
  check(stack) {
    const report = reporter(this.id, stack);
    const buckets = resources(stack, 'google_storage_bucket');
    const backups = buckets.filter((b) => get(b.block, 'labels', 'rampart_role') === 'backups');
    const findings = [];
    for (const { address, block } of buckets.filter((b) => get(b.block, 'labels', 'rampart_role') === 'recordings')) {
      const rules = deleteRules(block);
      const noncurrent = rules.find((c) => typeof c.days_since_noncurrent_time === 'number');
      if (get(block, 'versioning', 'enabled') === true && (noncurrent === undefined || (noncurrent.days_since_noncurrent_time as number) > MAX_NONCURRENT_DAYS)) {
        findings.push(report(address, `keeps noncurrent versions without a delete rule of at most ${MAX_NONCURRENT_DAYS} days: deleted recordings would live on`));
      }
      const schedules = rules.flatMap((c) =>
        typeof c.age === 'number' ? list(c.matches_prefix).map((p) => ({ prefix: str(p) ?? '', days: c.age as number })) : [],
      );
      for (const backup of backups) {
        const erasureRules = deleteRules(backup.block).filter((c) => typeof c.days_since_custom_time === 'number');
        for (const { prefix, days } of schedules) {
          for (const tier of BACKUP_TIER_PROMISE) {
            const copyPrefix = `${tier.prefix}${prefix}`;
            const covered = erasureRules.some((c) => (c.days_since_custom_time as number) <= days && list(c.matches_prefix).includes(copyPrefix));
            if (!covered) findings.push(report(backup.address, `does not delete ${copyPrefix} copies ${days} days after the recording was created (${address} deletes ${prefix} at ${days} days)`));
          }
        }
      }
    }
    return findings;
  },
};
