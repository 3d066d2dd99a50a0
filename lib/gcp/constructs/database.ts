import { Construct } from 'constructs';
import {
  BackupDrBackupPlan,
  BackupDrBackupPlanAssociation,
  BackupDrBackupPlanBackupRules,
  BackupDrBackupVault,
  SqlDatabase,
  SqlDatabaseInstance,
} from '../bindings';
import { DAY_SECONDS, describeDays } from '../durations';
import { BackupTier, shortestTierDays } from '../tiers';
import { CmekKey } from './keys';
import { PrivateNetwork } from './network';

export interface MetadataDatabaseProps {
  /** Project the instance, vault and plan are created in. */
  readonly project: string;
  /** Region of the instance, its standard backups, the backup vault and the plan. */
  readonly region: string;
  /** Name prefix of the stack: the instance is `<prefix>-metadata`, the vault `<prefix>-vault`. */
  readonly prefix: string;
  /** Cloud SQL machine tier, e.g. `db-custom-2-7680` (config gcp.database.tier). */
  readonly tier: string;
  /** Cloud SQL database version, e.g. `POSTGRES_16` (config gcp.database.version). */
  readonly version: string;
  /** CMEK for the instance's disks; the Cloud SQL service agent must have been granted it. */
  readonly key: CmekKey;
  /** The VPC the instance gets its private IP in (through the network's private services access). */
  readonly network: PrivateNetwork;
  /**
   * One Backup and DR rule per tier (control BACKUP-TIERS), scheduled by the tier's cadence and kept
   * `keepDays`; the vault's enforced minimum retention is the shortest tier. Required: the stack
   * derives them from the policy's backupTiers.
   */
  readonly tiers: readonly BackupTier[];
}

/** Backup and DR runs HOURLY rules at most every 6 hours (API limit 6..23); point-in-time recovery covers the hours between. */
export const BACKUP_DR_MIN_HOURLY_FREQUENCY = 6;
/** Transaction logs kept for point-in-time recovery, in days: the longest window Cloud SQL Enterprise edition allows. */
const PITR_DAYS = 7;
/**
 * Standard automated backups kept, Cloud SQL's own default: they protect the instance until the
 * Backup and DR plan attaches and takes the backup configuration over.
 */
const STANDARD_BACKUPS_KEPT = 7;

const RECURRENCE: Record<BackupTier['every'], Omit<BackupDrBackupPlanBackupRules['standardSchedule'], 'timeZone'>> = {
  hour: { recurrenceType: 'HOURLY', hourlyFrequency: BACKUP_DR_MIN_HOURLY_FREQUENCY, backupWindow: { startHourOfDay: 0, endHourOfDay: 24 } },
  day: { recurrenceType: 'DAILY', backupWindow: { startHourOfDay: 1, endHourOfDay: 7 } },
  week: { recurrenceType: 'WEEKLY', daysOfWeek: ['SUNDAY'], backupWindow: { startHourOfDay: 1, endHourOfDay: 7 } },
  month: { recurrenceType: 'MONTHLY', daysOfMonth: [1], backupWindow: { startHourOfDay: 1, endHourOfDay: 7 } },
};

/** Backup and DR rules for the tiers (pure, for tests). */
export function backupPlanRules(tiers: readonly BackupTier[]): BackupDrBackupPlanBackupRules[] {
  return tiers.map((tier) => ({
    ruleId: tier.name,
    backupRetentionDays: tier.keepDays,
    standardSchedule: { ...RECURRENCE[tier.every], timeZone: 'UTC' },
  }));
}

/** The plan's description, e.g. "hourly (every 6 h) 2 days, daily 7 days, weekly 4 weeks, monthly 12 months". */
export function backupPlanDescription(tiers: readonly BackupTier[]): string {
  const every = (tier: BackupTier): string => (tier.every === 'hour' ? ` (every ${BACKUP_DR_MIN_HOURLY_FREQUENCY} h)` : '');
  return tiers.map((tier) => `${tier.name}${every(tier)} ${describeDays(tier.keepDays)}`).join(', ');
}

/**
 * Cloud SQL for PostgreSQL holding recording metadata: CMEK, private IP only (no public IPv4),
 * TLS required and connections through the Cloud SQL connectors only, IAM database
 * authentication (no built-in passwords in state), pgAudit, regional HA, deletion protection at
 * both the Terraform and the Cloud SQL level.
 *
 * Backups are Cloud SQL "enhanced backups": a Backup and DR plan with the policy's tiers, stored in a
 * backup vault whose enforced minimum retention equals the shortest tier. Standard automated
 * backups and PITR are on at creation, so the instance is protected before the plan attaches;
 * once attached, Backup and DR owns the backup configuration (the Cloud SQL API refuses changes
 * to it), hence `ignore_changes` on that block.
 */
export class MetadataDatabase extends Construct {
  readonly instance: SqlDatabaseInstance;
  readonly plan: BackupDrBackupPlan;

  constructor(scope: Construct, id: string, props: MetadataDatabaseProps) {
    super(scope, id);
    const { project, region, prefix } = props;
    this.instance = new SqlDatabaseInstance(this, 'instance', {
      project,
      name: `${prefix}-metadata`,
      region,
      databaseVersion: props.version,
      encryptionKeyName: props.key.id,
      deletionProtection: true,
      settings: {
        tier: props.tier,
        edition: 'ENTERPRISE',
        availabilityType: 'REGIONAL',
        diskType: 'PD_SSD',
        diskAutoresize: true,
        deletionProtectionEnabled: true,
        retainBackupsOnDelete: true,
        connectorEnforcement: 'REQUIRED',
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: props.network.network.id,
          sslMode: 'ENCRYPTED_ONLY',
          enablePrivatePathForGoogleCloudServices: false,
        },
        backupConfiguration: {
          enabled: true,
          pointInTimeRecoveryEnabled: true,
          transactionLogRetentionDays: PITR_DAYS,
          startTime: '02:00',
          location: region,
          backupRetentionSettings: { retainedBackups: STANDARD_BACKUPS_KEPT, retentionUnit: 'COUNT' },
        },
        maintenanceWindow: { day: 7, hour: 3, updateTrack: 'stable' },
        insightsConfig: { queryInsightsEnabled: true, recordClientAddress: false },
        databaseFlags: [
          { name: 'cloudsql.iam_authentication', value: 'on' },
          { name: 'cloudsql.enable_pgaudit', value: 'on' },
          { name: 'pgaudit.log', value: 'ddl,role' },
          { name: 'log_connections', value: 'on' },
          { name: 'log_disconnections', value: 'on' },
          { name: 'log_checkpoints', value: 'on' },
          { name: 'log_lock_waits', value: 'on' },
          { name: 'log_temp_files', value: '0' },
          { name: 'log_min_error_statement', value: 'error' },
          { name: 'log_min_duration_statement', value: '-1' },
        ],
      },
      dependsOn: [props.network.servicesConnection, ...props.key.grants],
      lifecycle: { preventDestroy: true, ignoreChanges: ['settings[0].backup_configuration'] },
    });
    new SqlDatabase(this, 'database', { project, instance: this.instance.name, name: 'recordings', deletionPolicy: 'ABANDON' });

    const vault = new BackupDrBackupVault(this, 'vault', {
      project,
      location: region,
      backupVaultId: `${prefix}-vault`,
      description: 'Backups of the recordings metadata database',
      backupMinimumEnforcedRetentionDuration: `${shortestTierDays(props.tiers) * DAY_SECONDS}s`,
      accessRestriction: 'WITHIN_PROJECT',
      forceDelete: false,
      ignoreInactiveDatasources: false,
      ignoreBackupPlanReferences: false,
      lifecycle: { preventDestroy: true },
    });
    this.plan = new BackupDrBackupPlan(this, 'plan', {
      project,
      location: region,
      backupPlanId: `${prefix}-metadata`,
      description: backupPlanDescription(props.tiers),
      resourceType: 'sqladmin.googleapis.com/Instance',
      backupVault: vault.id,
      logRetentionDays: PITR_DAYS,
      backupRules: backupPlanRules(props.tiers),
    });
    new BackupDrBackupPlanAssociation(this, 'plan-association', {
      project,
      location: region,
      backupPlanAssociationId: `${prefix}-metadata`,
      resourceType: 'sqladmin.googleapis.com/Instance',
      resource: `projects/${project}/instances/${this.instance.name}`,
      backupPlan: this.plan.id,
    });
  }
}
