import type { BackupCadence } from '../../../promises/policy-numbers';
import { PolicyRule } from '../types';
import { DAY_SECONDS, durationSeconds, get, list, lookup, referencedAddress, reporter, resources, str } from '../tfjson';

/** Backup and DR's recurrence type for each cadence a policy tier may name. */
const RECURRENCE: Readonly<Record<BackupCadence, string>> = { hour: 'HOURLY', day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY' };

/**
 * Every Cloud SQL instance is associated with a Backup and DR plan carrying one rule per policy tier
 * (rule id = tier name, recurrence = the tier's cadence, retention = its keepDays), stored in a vault
 * with enforced retention.
 */
export const databaseBackup: PolicyRule = {
  id: 'GCP-DB-BACKUP',
  controls: ['BACKUP-TIERS'],
  description: 'Each Cloud SQL instance has a Backup and DR plan association with one rule per policy.backupTiers entry: its cadence, its keepDays',
  check(stack, _all, policy) {
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
      for (const tier of policy.backupTiers) {
        const recurrence = RECURRENCE[tier.every];
        const rule = rules.find((r) => get(r, 'rule_id') === tier.name);
        if (rule === undefined) {
          findings.push(report(`${planAddress}`, `has no rule ${tier.name}; the policy's ${tier.name} tier needs ${recurrence} backups`));
          continue;
        }
        const scheduled = get(rule, 'standard_schedule', 'recurrence_type');
        if (scheduled !== recurrence) {
          const deployed = `runs rule ${tier.name} ${scheduled ?? 'unscheduled'}`;
          findings.push(report(`${planAddress}`, `${deployed}; the policy's ${tier.name} tier is ${recurrence}`));
        }
        const keep = get(rule, 'backup_retention_days');
        if (keep !== tier.keepDays) {
          const kept = `keeps ${tier.name} (${recurrence}) backups ${keep ?? 'never'} days`;
          findings.push(report(`${planAddress}`, `${kept}; the policy keeps the ${tier.name} tier ${tier.keepDays} days`));
        }
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
