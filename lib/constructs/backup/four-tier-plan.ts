import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag/acknowledge';
import { reasonOf, Weakening } from '../../plan/weakening';
import { BackupTierPolicy, BackupCadence, PUBLISHED_POLICY } from '../../promises/policy-numbers';

/**
 * AWS Backup schedules for each cadence, in UTC: the daily, weekly and monthly copies run at 05:00,
 * after the hourly one at 05:00; weekly on Sunday, monthly on the 1st.
 */
export const CADENCE_SCHEDULES: Readonly<Record<BackupCadence, events.CronOptions>> = {
  hour: { minute: '0' },
  day: { minute: '0', hour: '5' },
  week: { minute: '0', hour: '5', weekDay: 'SUN' },
  month: { minute: '0', hour: '5', day: '1' },
};

/** AWS managed policies the backup role needs: back up and restore RDS and S3. */
export const BACKUP_ROLE_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
] as const;

export interface FourTierBackupPlanProps {
  /** Deterministic plan name. */
  readonly backupPlanName: string;
  /** The region's locked vault (a `BackupVault`). */
  readonly vault: backup.IBackupVault;
  /**
   * ARN of the DR region's vault (see `backupVaultArn`); every tier copies there with the same
   * retention. Omit only where data must not leave the region (EU residency) — then give a reason.
   * @default - none: `withoutDrCopy` must say why
   */
  readonly drVaultArn?: string;
  /**
   * Required when `drVaultArn` is omitted: why this plan keeps no copy in another region.
   * @default - none: `drVaultArn` must be given
   */
  readonly withoutDrCopy?: Weakening;
  /** ARNs of the resources to protect (Aurora cluster, versioned S3 buckets). Must not be empty. */
  readonly resourceArns: readonly string[];
  /**
   * The tiers (control BACKUP-TIERS): one rule per tier, its cadence and days kept. Stacks pass the
   * plan's `policy.backupTiers`.
   * @default PUBLISHED_POLICY.backupTiers - hourly 2 d, daily 7 d, weekly 28 d, monthly 365 d
   */
  readonly tiers?: readonly BackupTierPolicy[];
}

/**
 * The tiered AWS Backup plan: exactly one rule per policy tier (by default the published four:
 * hourly, daily, weekly, monthly), each copied to the DR vault with the same lifecycle, selecting
 * the given resources with a dedicated backup role.
 */
export class FourTierBackupPlan extends Construct {
  public readonly plan: backup.BackupPlan;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: FourTierBackupPlanProps) {
    super(scope, id);
    const where = `FourTierBackupPlan ${this.node.path}`;
    if (props.resourceArns.length === 0) {
      throw new Error(`${where}: resourceArns must name at least one resource to back up, got []`);
    }
    if (props.drVaultArn === undefined && props.withoutDrCopy === undefined) {
      throw new Error(
        `${where}: drVaultArn is required unless withoutDrCopy.reason explains why this plan keeps no copy in another region, got neither`,
      );
    }
    if (props.drVaultArn !== undefined && props.withoutDrCopy !== undefined) {
      throw new Error(`${where}: give either drVaultArn or withoutDrCopy, not both (got drVaultArn "${props.drVaultArn}")`);
    }
    if (props.withoutDrCopy !== undefined) reasonOf(where, 'withoutDrCopy', props.withoutDrCopy);
    const drVault = props.drVaultArn === undefined ? undefined : backup.BackupVault.fromBackupVaultArn(this, 'DrVault', props.drVaultArn);

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: props.backupPlanName,
      backupVault: props.vault,
      backupPlanRules: (props.tiers ?? PUBLISHED_POLICY.backupTiers).map(
        (tier) =>
          new backup.BackupPlanRule({
            ruleName: tier.name,
            scheduleExpression: events.Schedule.cron(CADENCE_SCHEDULES[tier.every]),
            startWindow: Duration.hours(1),
            // An hourly copy must finish before the next one starts; the others get a working day.
            completionWindow: Duration.hours(tier.every === 'hour' ? 2 : 8),
            deleteAfter: Duration.days(tier.keepDays),
            copyActions: drVault === undefined ? undefined : [{ destinationBackupVault: drVault, deleteAfter: Duration.days(tier.keepDays) }],
          }),
      ),
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: back up and restore the resources selected by the four-tier plan',
      managedPolicies: BACKUP_ROLE_MANAGED_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    for (const name of BACKUP_ROLE_MANAGED_POLICIES) {
      acknowledge(
        this.role,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        'AWS Backup documents this AWS managed policy as what its service role needs to back up or restore RDS and S3; AWS maintains it as the services add backup APIs, and the role is assumable by backup.amazonaws.com only.',
      );
    }

    this.plan.addSelection('Selection', {
      backupSelectionName: `${props.backupPlanName}-resources`,
      role: this.role,
      disableDefaultBackupPolicy: true,
      resources: props.resourceArns.map((arn) => backup.BackupResource.fromArn(arn)),
    });
  }
}
