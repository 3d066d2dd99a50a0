import { Duration, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag/acknowledge';
import { reasonOf, Weakening } from '../../plan/weakening';
import { AURORA_DATA_KEY_COPY_DAYS } from '../../promises/catalog/encryption';
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

/**
 * Where a staged plan writes each tier's recovery point first: for resource types whose recovery
 * points AWS Backup leaves under the source's key (RDS and Aurora, EBS, ...), so that the tier is
 * kept only as copies in vaults under a backup key.
 */
export interface BackupStaging {
  /** A locked vault for the short-lived recovery points (see `stagingVaultLock`); never the tier vault. */
  readonly vault: backup.IBackupVault;
  /**
   * Days a staging recovery point lives before AWS Backup deletes it; its copies must exist by then.
   * @default AURORA_DATA_KEY_COPY_DAYS.stagingDays - 1, AWS Backup's shortest retention
   */
  readonly days?: number;
}

export interface FourTierBackupPlanProps {
  /** Deterministic plan name. */
  readonly backupPlanName: string;
  /**
   * The region's locked vault (a `BackupVault`) under the backup key, where every tier is kept for
   * its days: directly, or (with `staging`) as a copy of the staging recovery point.
   */
  readonly vault: backup.IBackupVault;
  /**
   * Write each tier's recovery point into `staging.vault` for `staging.days`, and keep the tier as a
   * copy in `vault` (and in the DR vault) instead, so that the tier is kept under the keys of those
   * vaults: AWS Backup documents re-encrypting cross-Region and cross-account copies with the
   * destination vault's key; for the same-Region copy into `vault` a first deploy must confirm it
   * (README, "Backups and their keys").
   * @default - none: each tier is kept where the backup job writes it (right for S3, whose recovery
   * points AWS Backup encrypts with the vault's key)
   */
  readonly staging?: BackupStaging;
  /**
   * Name of the plan's IAM role. Give one when a key policy must name the role (e.g. the backup key
   * admitting RDS on its behalf for Aurora copies). Not with `role`.
   * @default - a name CloudFormation generates
   */
  readonly roleName?: string;
  /**
   * Back up and copy with this role (another FourTierBackupPlan's `role`) instead of a new one.
   * @default - a role of its own, holding BACKUP_ROLE_MANAGED_POLICIES
   */
  readonly role?: iam.IRole;
  /**
   * Name of the resource selection.
   * @default `${backupPlanName}-resources`
   */
  readonly selectionName?: string;
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
 * the given resources with a dedicated backup role. With `staging`, each rule writes a recovery
 * point kept `staging.days` into the staging vault and copies it into `vault` and the DR vault,
 * each kept the tier's days.
 */
export class FourTierBackupPlan extends Construct {
  public readonly plan: backup.BackupPlan;
  public readonly role: iam.IRole;

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
    const tiers = props.tiers ?? PUBLISHED_POLICY.backupTiers;
    const stagingDays = props.staging === undefined ? undefined : (props.staging.days ?? AURORA_DATA_KEY_COPY_DAYS.stagingDays);
    if (props.staging !== undefined) {
      if (props.staging.vault === props.vault) {
        throw new Error(`${where}: staging.vault must be a vault of its own, not the tier vault ${props.vault.node.path}`);
      }
      const shortest = Math.min(...tiers.map((tier) => tier.keepDays));
      if (stagingDays === undefined || !Number.isInteger(stagingDays) || stagingDays < 1 || stagingDays >= shortest) {
        throw new Error(`${where}: staging.days must be a whole number from 1 to ${shortest - 1} (below the shortest tier), got ${stagingDays}`);
      }
    }
    if (props.role !== undefined && props.roleName !== undefined) {
      throw new Error(`${where}: give either role or roleName, not both (got roleName "${props.roleName}")`);
    }
    if (props.roleName !== undefined && !Token.isUnresolved(props.roleName) && !/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
      throw new Error(`${where}: roleName must be 1..64 of A-Z a-z 0-9 + = , . @ _ -, got "${props.roleName}"`);
    }
    const drVault = props.drVaultArn === undefined ? undefined : backup.BackupVault.fromBackupVaultArn(this, 'DrVault', props.drVaultArn);
    const copiesOf = (tier: BackupTierPolicy): backup.BackupPlanCopyActionProps[] => [
      ...(props.staging === undefined ? [] : [{ destinationBackupVault: props.vault, deleteAfter: Duration.days(tier.keepDays) }]),
      ...(drVault === undefined ? [] : [{ destinationBackupVault: drVault, deleteAfter: Duration.days(tier.keepDays) }]),
    ];

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: props.backupPlanName,
      backupVault: props.staging?.vault ?? props.vault,
      backupPlanRules: tiers.map((tier) => {
        const copyActions = copiesOf(tier);
        return new backup.BackupPlanRule({
          ruleName: tier.name,
          scheduleExpression: events.Schedule.cron(CADENCE_SCHEDULES[tier.every]),
          startWindow: Duration.hours(1),
          // An hourly copy must finish before the next one starts; the others get a working day.
          completionWindow: Duration.hours(tier.every === 'hour' ? 2 : 8),
          deleteAfter: Duration.days(stagingDays ?? tier.keepDays),
          copyActions: copyActions.length === 0 ? undefined : copyActions,
        });
      }),
    });

    this.role = props.role ?? this.ownRole(props.roleName);

    this.plan.addSelection('Selection', {
      backupSelectionName: props.selectionName ?? `${props.backupPlanName}-resources`,
      role: this.role,
      disableDefaultBackupPolicy: true,
      resources: props.resourceArns.map((arn) => backup.BackupResource.fromArn(arn)),
    });
  }

  private ownRole(roleName: string | undefined): iam.Role {
    const role = new iam.Role(this, 'Role', {
      roleName,
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: back up and restore the resources selected by the four-tier plan',
      managedPolicies: BACKUP_ROLE_MANAGED_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    for (const name of BACKUP_ROLE_MANAGED_POLICIES) {
      acknowledge(
        role,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        'AWS Backup documents this AWS managed policy as what its service role needs to back up or restore RDS and S3; AWS maintains it as the services add backup APIs, and the role is assumable by backup.amazonaws.com only.',
      );
    }
    return role;
  }
}
