import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/** The published tiers: schedule class -> days kept. */
export const REQUIRED_TIERS = { hourly: 2, daily: 7, weekly: 28, monthly: 365 } as const;
type Tier = keyof typeof REQUIRED_TIERS;

/**
 * Classifies an AWS Backup cron schedule `cron(min hour day-of-month month day-of-week year)`.
 * hourly: every hour; daily: a fixed hour every day; weekly: one weekday; monthly: one day of the month.
 */
export function tierOfSchedule(expression: unknown): Tier | undefined {
  if (typeof expression !== 'string') return undefined;
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [minute, hour, dom, month, dow] = fields;
  const fixed = (f: string) => /^\d+$/.test(f);
  const any = (f: string) => f === '*' || f === '?';
  if (!fixed(minute) || !any(month)) return undefined;
  if ((hour === '*' || hour === '0/1') && any(dom) && any(dow)) return 'hourly';
  if (!fixed(hour)) return undefined;
  if (any(dom) && any(dow)) return 'daily';
  if (dom === '?' && /^([A-Za-z]{3}|[1-7])$/.test(dow)) return 'weekly';
  if (fixed(dom) && dow === '?') return 'monthly';
  return undefined;
}

/**
 * BACKUP-TIERS: a backup plan has exactly four rules, hourly kept 2 days, daily 7 days, weekly 28
 * days (4 weeks) and monthly 365 days (12 months), judged by schedule and Lifecycle.DeleteAfterDays.
 */
export const BackupFourTiers: RampartRule = {
  id: 'BackupFourTiers',
  controls: ['BACKUP-TIERS'],
  info: 'The backup plan does not have exactly the four published tiers (hourly 2 d, daily 7 d, weekly 28 d, monthly 365 d).',
  explanation:
    'The published policy promises hourly backups kept 2 days, daily 7 days, weekly 4 weeks and monthly 12 months. Use FourTierBackupPlan, which creates exactly these four rules; extra or missing rules, other schedules or other retentions break the promise.',
  check(resource: CfnResource) {
    if (resource.cfnResourceType !== 'AWS::Backup::BackupPlan') return NagRuleCompliance.NOT_APPLICABLE;
    const plan = resolvedProperties(resource).BackupPlan as { BackupPlanRule?: unknown } | undefined;
    const rules = Array.isArray(plan?.BackupPlanRule) ? (plan.BackupPlanRule as Record<string, any>[]) : [];
    if (rules.length !== 4) return NagRuleCompliance.NON_COMPLIANT;
    const seen = new Set<Tier>();
    for (const rule of rules) {
      const tier = tierOfSchedule(rule.ScheduleExpression);
      if (tier === undefined || seen.has(tier)) return NagRuleCompliance.NON_COMPLIANT;
      if (rule.Lifecycle?.DeleteAfterDays !== REQUIRED_TIERS[tier]) return NagRuleCompliance.NON_COMPLIANT;
      seen.add(tier);
    }
    return NagRuleCompliance.COMPLIANT;
  },
};
