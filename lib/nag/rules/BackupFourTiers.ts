import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

import { BackupCadence, PUBLISHED_POLICY } from '../../promises/policy-numbers';

/**
 * Classifies an AWS Backup cron schedule `cron(min hour day-of-month month day-of-week year)`.
 * hour: every hour; day: a fixed hour every day; week: one weekday; month: one day of the month.
 */
export function cadenceOfSchedule(expression: unknown): BackupCadence | undefined {
  if (typeof expression !== 'string') return undefined;
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [minute, hour, dom, month, dow] = fields;
  const fixed = (f: string) => /^\d+$/.test(f);
  const any = (f: string) => f === '*' || f === '?';
  if (!fixed(minute) || !any(month)) return undefined;
  if ((hour === '*' || hour === '0/1') && any(dom) && any(dow)) return 'hour';
  if (!fixed(hour)) return undefined;
  if (any(dom) && any(dow)) return 'day';
  if (dom === '?' && /^([A-Za-z]{3}|[1-7])$/.test(dow)) return 'week';
  if (fixed(dom) && dow === '?') return 'month';
  return undefined;
}

const days = (holder: unknown): unknown => (holder as { Lifecycle?: { DeleteAfterDays?: unknown } } | undefined)?.Lifecycle?.DeleteAfterDays;

/**
 * How long a rule keeps its tier in `region`: its own Lifecycle.DeleteAfterDays, or longer where it
 * copies into a vault of the same region (a staged rule keeps its recovery point a day in a staging
 * vault and the tier as that copy). A copy to a vault named by an ARN of another region (the DR copy)
 * does not count here. Undefined when a retention is not a number.
 */
export function keptDaysInRegion(rule: Record<string, unknown>, region: string): number | undefined {
  const inRegion = (Array.isArray(rule.CopyActions) ? rule.CopyActions : []).filter((copy) => {
    const arn = (copy as { DestinationBackupVaultArn?: unknown } | undefined)?.DestinationBackupVaultArn;
    return typeof arn !== 'string' || arn.split(':')[3] === region;
  });
  const all = [days(rule), ...inRegion.map(days)];
  return all.every((d): d is number => typeof d === 'number') ? Math.max(...all) : undefined;
}

/**
 * BACKUP-TIERS: a backup plan has exactly the policy's tiers (policy.backupTiers): one rule per
 * tier, judged by schedule cadence and the days it keeps the tier in the region (keptDaysInRegion),
 * and no other rule.
 */
export const BackupFourTiers: RampartRule = {
  id: 'BackupFourTiers',
  controls: ['BACKUP-TIERS'],
  info: 'The backup plan does not have exactly the published tiers of policy.backupTiers (cadence and days kept).',
  explanation:
    'The published policy promises each tier (e.g. hourly kept 2 days ... monthly 12 months). Use FourTierBackupPlan, which creates one rule per policy tier; extra or missing rules, other schedules or other retentions break the promise.',
  check(resource: CfnResource, policy = PUBLISHED_POLICY) {
    if (resource.cfnResourceType !== 'AWS::Backup::BackupPlan') return NagRuleCompliance.NOT_APPLICABLE;
    const plan = resolvedProperties(resource).BackupPlan as { BackupPlanRule?: unknown } | undefined;
    const rules = Array.isArray(plan?.BackupPlanRule) ? (plan.BackupPlanRule as Record<string, any>[]) : [];
    const expected = policy.backupTiers.map((tier) => `${tier.every}:${tier.keepDays}`).sort();
    const region = Stack.of(resource).region;
    const actual = rules.map((rule) => `${cadenceOfSchedule(rule.ScheduleExpression) ?? '?'}:${keptDaysInRegion(rule, region)}`).sort();
    return JSON.stringify(actual) === JSON.stringify(expected) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
