import { PolicyRule } from '../types';
import { DAY_SECONDS, durationSeconds, get, list, lookup, referencedAddress, reporter, resources, str } from '../tfjson';

/** Backup and DR's recurrence for each promised tier, and the days each must be kept. */
const PLAN_PROMISE = [
  { recurrence: 'HOURLY', keepDays: 2 },
  { recurrence: 'DAILY', keepDays: 7 },
  { recurrence: 'WEEKLY', keepDays: 28 },
  { recurrence: 'MONTHLY', keepDays: 365 },
] as const;

/** Every Cloud SQL instance is associated with a Backup and DR plan carrying the four tiers, stored in a vault with enforced retention. */
export const databaseBackup: PolicyRule = {
  id: 'GCP-DB-BACKUP',
  controls: ['BACKUP-TIERS'],
  description: 'Each Cloud SQL instance has a Backup and DR plan association with HOURLY 2 d, DAILY 7 d, WEEKLY 28 d, MONTHLY 365 d rules',
  check(stack) {
    const report = reporter(this.id, stack);
    const associations = resources(stack, 'google_backup_dr_backup_plan_association');
    return resources(stack, 'google_sql_database_instance').flatMap(({ address, name }) => {
      const association = associations.find((a) => str(a.block.resource)?.includes(`\${google_sql_database_instance.${name}.name}`));
      if (association === undefined) return [report(address, 'is not associated with a Backup and DR backup plan')];
      const planAddress = referencedAddress(association.block.backup_plan);
      const plan = lookup(stack, planAddress);
      if (plan === undefined || association.block.resource_type !== 'sqladmin.googleapis.com/Instance') {
        return [report(association.address, 'does not point to a Backup and DR plan for sqladmin.googleapis.com/Instance in this stack')];
      }
      const findings = [];
      const rules = list(plan.backup_rules);
      for (const tier of PLAN_PROMISE) {
        const rule = rules.find((r) => get(r, 'standard_schedule', 'recurrence_type') === tier.recurrence);
        const keep = get(rule, 'backup_retention_days');
        if (keep !== tier.keepDays) findings.push(report(`${planAddress}`, `keeps ${tier.recurrence} backups ${keep ?? 'never'} days; the promise is ${tier.keepDays}`));
      }
      const vault = lookup(stack, referencedAddress(plan.backup_vault));
      const enforced = durationSeconds(vault?.backup_minimum_enforced_retention_duration);
      if (vault === undefined || enforced === undefined || enforced < DAY_SECONDS) {
        findings.push(report(`${planAddress}`, 'stores backups in a vault without an enforced minimum retention of at least 1 day'));
      }
      return findings;
    });
  },
};
