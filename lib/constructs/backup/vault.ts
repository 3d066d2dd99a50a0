import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { pinLogicalId } from '../pin-logical-id';

/** Vault Lock bounds. Every tier of the four-tier plan lies between them (2 days .. 365 days). */
export const VAULT_LOCK_DEFAULTS = {
  minRetentionDays: 1,
  maxRetentionDays: 365,
  /** AWS Backup's cooling-off period before a compliance-mode lock becomes immutable (>= 3 days). */
  changeableForDays: 3,
} as const;

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
  /**
   * Vault Lock mode. COMPLIANCE: after `changeableForDays` nobody, root included, can remove the lock
   * or delete recovery points before their retention ends. GOVERNANCE: privileged IAM users can
   * still remove the lock (no `changeableFor`), for environments where that is acceptable.
   * @default 'COMPLIANCE'
   */
  readonly lockMode?: 'COMPLIANCE' | 'GOVERNANCE';
  /**
   * COMPLIANCE only: days during which the lock can still be changed or removed (AWS minimum 3).
   * @default 3
   */
  readonly changeableForDays?: number;
  /** @default 1 — must not exceed the shortest tier (hourly, 2 days). */
  readonly minRetentionDays?: number;
  /** @default 365 — must cover the longest tier (monthly, 365 days). */
  readonly maxRetentionDays?: number;
}

/**
 * An AWS Backup vault that cannot lose recovery points early: encrypted with the backup key (which
 * must not be a data key), Vault Lock (compliance mode by default), an access policy denying
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
    const mode = props.lockMode ?? 'COMPLIANCE';
    const minDays = props.minRetentionDays ?? VAULT_LOCK_DEFAULTS.minRetentionDays;
    const maxDays = props.maxRetentionDays ?? VAULT_LOCK_DEFAULTS.maxRetentionDays;
    const changeable = props.changeableForDays ?? VAULT_LOCK_DEFAULTS.changeableForDays;
    if (!Number.isInteger(minDays) || minDays < 1 || minDays > 2) {
      throw new Error(`${where}: minRetentionDays must be a whole number from 1 to 2 (the hourly tier keeps 2 days), got ${minDays}`);
    }
    if (!Number.isInteger(maxDays) || maxDays < 365) {
      throw new Error(`${where}: maxRetentionDays must be a whole number >= 365 (the monthly tier keeps 365 days), got ${maxDays}`);
    }
    if (mode === 'GOVERNANCE' && props.changeableForDays !== undefined) {
      throw new Error(`${where}: changeableForDays only applies to lockMode COMPLIANCE, got ${props.changeableForDays} with GOVERNANCE`);
    }
    if (mode === 'COMPLIANCE' && (!Number.isInteger(changeable) || changeable < 3)) {
      throw new Error(`${where}: changeableForDays must be a whole number >= 3 (AWS Backup's minimum cooling-off), got ${changeable}`);
    }
    if (!Token.isUnresolved(props.backupVaultName) && !/^[A-Za-z0-9_-]{2,50}$/.test(props.backupVaultName)) {
      throw new Error(`${where}: backupVaultName must be 2..50 of A-Z a-z 0-9 - _, got "${props.backupVaultName}"`);
    }

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: {
        minRetention: Duration.days(minDays),
        maxRetention: Duration.days(maxDays),
        ...(mode === 'COMPLIANCE' ? { changeableFor: Duration.days(changeable) } : {}),
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
