import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { BackupTierPolicy, PUBLISHED_POLICY } from '../../promises/policy-numbers';
import { pinLogicalId } from '../pin-logical-id';

/** Vault Lock bounds: every tier's retention must lie between them (the published tiers: 2 to 365 days). */
export const VAULT_LOCK_DEFAULTS = {
  minRetentionDays: 1,
  maxRetentionDays: Math.max(...PUBLISHED_POLICY.backupTiers.map((tier) => tier.keepDays)),
  /** AWS Backup's cooling-off period before a compliance-mode lock becomes immutable (>= 3 days). */
  changeableForDays: 3,
} as const;

/** The lock bounds and tiers for a vault receiving `tiers`: the lock must cover the longest tier. */
export function vaultLockFor(tiers: readonly BackupTierPolicy[]): Pick<BackupVaultProps, 'maxRetentionDays' | 'tiers'> {
  return { maxRetentionDays: Math.max(...tiers.map((tier) => tier.keepDays)), tiers };
}

/**
 * The lock bounds for a staging vault, whose recovery points live `stagingDays` before AWS Backup
 * deletes them (see FourTierBackupPlan `staging`). Vault Lock's maximum must exceed its one-day
 * minimum, so the lock refuses any recovery point kept longer than `max(stagingDays, 1) + 1` days.
 */
export function stagingVaultLock(stagingDays: number): Pick<BackupVaultProps, 'maxRetentionDays' | 'tiers'> {
  return {
    maxRetentionDays: Math.max(stagingDays, VAULT_LOCK_DEFAULTS.minRetentionDays) + 1,
    tiers: [{ name: 'staging', every: 'hour', keepDays: stagingDays }],
  };
}

/** Actions nobody may call on recovery points in this vault (lifecycle expiry by AWS Backup still works). */
export const DENIED_VAULT_ACTIONS = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DeleteBackupVault'] as const;

export interface BackupVaultProps {
  /** Deterministic vault name (see `backupVaultName`); copy rules in other regions address it by ARN. */
  readonly backupVaultName: string;
  /** The BACKUP key of the region's key ring (control KEY-SEPARATE). Required: never an AWS-owned key. */
  readonly encryptionKey: kms.IKey;
  /**
   * The region's data keys. The construct throws if `encryptionKey` is one of them, so backups
   * never share a key with the data they protect.
   * @default [] (no check beyond the Rampart-BackupKeySeparate rule)
   */
  readonly dataKeys?: readonly kms.IKey[];
  /** @default the longest published tier's retention — must cover the longest tier (stacks pass the plan's). */
  readonly maxRetentionDays?: number;
  /**
   * The tiers the vault receives, to check the lock's bounds against.
   * @default PUBLISHED_POLICY.backupTiers
   */
  readonly tiers?: readonly BackupTierPolicy[];
}

/**
 * An AWS Backup vault that cannot lose recovery points early: encrypted with the backup key (which
 * must not be a data key), Vault Lock in compliance mode (after `VAULT_LOCK_DEFAULTS.changeableForDays`
 * nobody, root included, can remove the lock or delete recovery points before their retention
 * ends; the lock's minimum retention is `VAULT_LOCK_DEFAULTS.minRetentionDays`), an access policy denying
 * recovery-point deletion to every principal, retained, under a pinned logical id. Used in the
 * primary region and, with the DR region's backup key, as the copy target in the DR region.
 */
export class BackupVault extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly backupVaultArn: string;
  public readonly backupVaultName: string;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const where = `BackupVault ${this.node.path}`;
    const keyArn = (k: kms.IKey) => JSON.stringify(stack.resolve(k.keyArn));
    for (const dataKey of props.dataKeys ?? []) {
      if (dataKey === props.encryptionKey || keyArn(dataKey) === keyArn(props.encryptionKey)) {
        throw new Error(`${where}: encryptionKey must be the backup key, not a data key (KEY-SEPARATE); got the data key ${dataKey.node.path}`);
      }
    }
    const maxDays = props.maxRetentionDays ?? VAULT_LOCK_DEFAULTS.maxRetentionDays;
    // Every tier's retention must fit between the lock's bounds, or AWS Backup refuses its recovery points.
    const tiers = props.tiers ?? PUBLISHED_POLICY.backupTiers;
    const longest = tiers.reduce((a, b) => (b.keepDays > a.keepDays ? b : a));
    if (!Number.isInteger(maxDays) || maxDays < longest.keepDays) {
      throw new Error(
        `${where}: maxRetentionDays must be a whole number >= ${longest.keepDays} (the ${longest.name} tier keeps ${longest.keepDays} days), got ${maxDays}`,
      );
    }
    if (!Token.isUnresolved(props.backupVaultName) && !/^[A-Za-z0-9_-]{2,50}$/.test(props.backupVaultName)) {
      throw new Error(`${where}: backupVaultName must be 2..50 of A-Z a-z 0-9 - _, got "${props.backupVaultName}"`);
    }

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: {
        minRetention: Duration.days(VAULT_LOCK_DEFAULTS.minRetentionDays),
        maxRetention: Duration.days(maxDays),
        changeableFor: Duration.days(VAULT_LOCK_DEFAULTS.changeableForDays),
      },
      accessPolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'NobodyDeletesRecoveryPoints',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: [...DENIED_VAULT_ACTIONS],
            resources: ['*'],
          }),
        ],
      }),
    });
    pinLogicalId(this, this.vault.node.defaultChild, '');
    this.backupVaultArn = this.vault.backupVaultArn;
    this.backupVaultName = this.vault.backupVaultName;
  }
}
