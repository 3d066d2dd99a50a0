import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { NagRuleCompliance } from 'cdk-nag';
import { FourTierBackupPlan } from '../../../lib/constructs/backup/four-tier-plan';
import { BackupFourTiers, cadenceOfSchedule } from '../../../lib/nag/rules/BackupFourTiers';
import { PUBLISHED_POLICY } from '../../../lib/promises/policy-numbers';
import { cfnOf, testStack } from '../../helpers';

function fourTierPlan() {
  const stack = testStack();
  const vault = backup.BackupVault.fromBackupVaultName(stack, 'V', 'v');
  const plan = new FourTierBackupPlan(stack, 'P', {
    backupPlanName: 'p',
    vault,
    drVaultArn: 'arn:aws:backup:us-west-2:111111111111:backup-vault:v',
    resourceArns: ['arn:aws:s3:::b'],
  });
  return cfnOf(plan.plan) as backup.CfnBackupPlan;
}

describe('Rampart-BackupFourTiers (BACKUP-TIERS)', () => {
  test('GIVEN a FourTierBackupPlan THEN compliant', () => {
    expect(BackupFourTiers.check(fourTierPlan())).toBe(NagRuleCompliance.COMPLIANT);
  });

  test("GIVEN CDK's daily/weekly/monthly-5-year presets THEN non-compliant (three rules, wrong retentions)", () => {
    const stack = testStack();
    const plan = backup.BackupPlan.dailyWeeklyMonthly5YearRetention(stack, 'P');
    expect(BackupFourTiers.check(cfnOf(plan))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN the four tiers with the monthly tier kept 30 days (by raw override) THEN non-compliant', () => {
    const plan = fourTierPlan();
    plan.addPropertyOverride('BackupPlan.BackupPlanRule.3.Lifecycle.DeleteAfterDays', 30);
    expect(BackupFourTiers.check(plan)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a staged plan (one day in the staging vault, the tier as an in-region copy) THEN compliant; without that copy, non-compliant', () => {
    const stack = testStack();
    const vault = backup.BackupVault.fromBackupVaultArn(stack, 'V', 'arn:aws:backup:us-east-1:111111111111:backup-vault:v');
    const staging = backup.BackupVault.fromBackupVaultName(stack, 'S', 's');
    const plan = cfnOf(
      new FourTierBackupPlan(stack, 'P', {
        backupPlanName: 'p',
        vault,
        staging: { vault: staging },
        drVaultArn: 'arn:aws:backup:us-west-2:111111111111:backup-vault:v',
        resourceArns: ['arn:aws:rds:us-east-1:111111111111:cluster:db'],
      }).plan,
    ) as backup.CfnBackupPlan;
    expect(BackupFourTiers.check(plan)).toBe(NagRuleCompliance.COMPLIANT);
    // Only the DR copy left (by raw override): the tier is kept one day in this region.
    const dr = { DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:111111111111:backup-vault:v', Lifecycle: { DeleteAfterDays: 365 } };
    for (const i of [0, 1, 2, 3]) plan.addPropertyOverride(`BackupPlan.BackupPlanRule.${i}.CopyActions`, [dr]);
    expect(BackupFourTiers.check(plan)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN four rules where two are daily THEN non-compliant', () => {
    const stack = testStack();
    const daily = (name: string, days: number) =>
      new backup.BackupPlanRule({
        ruleName: name,
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
        deleteAfter: Duration.days(days),
      });
    const plan = new backup.BackupPlan(stack, 'P', { backupPlanRules: [daily('a', 2), daily('b', 7), daily('c', 28), daily('d', 365)] });
    expect(BackupFourTiers.check(cfnOf(plan))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN cron expressions THEN they are classified by tier', () => {
    expect(cadenceOfSchedule('cron(0 * * * ? *)')).toBe('hour');
    expect(cadenceOfSchedule('cron(0 5 * * ? *)')).toBe('day');
    expect(cadenceOfSchedule('cron(0 5 ? * SUN *)')).toBe('week');
    expect(cadenceOfSchedule('cron(0 5 1 * ? *)')).toBe('month');
    expect(cadenceOfSchedule('rate(1 hour)')).toBeUndefined();
  });

  test('GIVEN another resource type THEN not applicable', () => {
    const stack = testStack();
    expect(BackupFourTiers.check(cfnOf(new backup.BackupVault(stack, 'V')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});

describe('Rampart-BackupFourTiers reads the policy (BACKUP-TIERS numbers are config)', () => {
  test('GIVEN the published plan THEN non-compliant under a policy whose weekly tier keeps 14 days', () => {
    const policy = { ...PUBLISHED_POLICY, backupTiers: PUBLISHED_POLICY.backupTiers.map((t) => (t.every === 'week' ? { ...t, keepDays: 14 } : t)) };
    expect(BackupFourTiers.check(fourTierPlan(), policy)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a plan built from a three-tier policy THEN compliant under that policy, non-compliant under the published one', () => {
    const tiers = PUBLISHED_POLICY.backupTiers.filter((t) => t.every !== 'hour');
    const stack = testStack();
    const vault = backup.BackupVault.fromBackupVaultName(stack, 'V', 'v');
    const plan = cfnOf(
      new FourTierBackupPlan(stack, 'P', {
        backupPlanName: 'p',
        vault,
        tiers,
        withoutDrCopy: { reason: 'test: a three-tier policy, no DR copy in this single-region test stack' },
        resourceArns: ['arn:aws:s3:::b'],
      }).plan,
    );
    expect(BackupFourTiers.check(plan, { ...PUBLISHED_POLICY, backupTiers: tiers })).toBe(NagRuleCompliance.COMPLIANT);
    expect(BackupFourTiers.check(plan)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });
});
