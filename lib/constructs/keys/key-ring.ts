import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  cloudTrailStatements,
  cloudWatchLogsStatement,
  denyWithoutSessionTagStatement,
  type KeyUsers,
  useThroughServiceByRolesStatements,
} from './key-policy';
import { iamRoleArn } from '../../plan/naming';
import { RampartKey } from './rampart-key';

export interface KeyRingProps {
  /** Alias prefix, e.g. `example-saas/prod`; keys become `alias/<prefix>/data|backup|logs`. */
  readonly aliasPrefix: string;
  /**
   * Rotation period for every key of the ring (stacks pass policy.keyRotation.awsMaxDays).
   * @default PUBLISHED_POLICY.keyRotation.awsMaxDays (365)
   */
  readonly rotationPeriodDays?: number;
  /**
   * KMS pending window of every key of the ring (for a tenant: the crypto-shredding delay of offboarding).
   * @default 30
   */
  readonly pendingWindowDays?: number;
  /**
   * BYOK: the data key is created with `Origin: EXTERNAL` and the customer imports its material
   * (see RampartKey `importedKeyMaterial`).
   * @default false
   */
  readonly importedDataKeyMaterial?: boolean;
  /**
   * Let this account's CloudTrail encrypt with the logs key. Only the key ring that holds the
   * account's trail needs it; a tenant's logs key encrypts its flow logs alone.
   * @default true
   */
  readonly logsKeyForCloudTrail?: boolean;
  /**
   * Roles (ARNs of this account) for which RDS may use the backup key: the roles AWS Backup copies
   * Aurora recovery points with, into vaults under this key (RDS re-encrypts each snapshot copy with
   * the destination vault's key, calling KMS through `rds.<region>.amazonaws.com`). Nobody else may
   * use the backup key through RDS, so it cannot encrypt a live database.
   * @default [] - the backup key is usable through AWS Backup only
   */
  readonly backupKeyRdsCopyRoles?: readonly string[];
  /**
   * Narrow the data key to these principals, and its services to `dataKeyServices` (a pooled tenant:
   * its access role in its own session and its backup role, through S3 only).
   * @default - every principal of the account, through DATA_KEY_SERVICES
   */
  readonly dataKeyUsers?: KeyUsers;
  /** @default DATA_KEY_SERVICES */
  readonly dataKeyServices?: readonly string[];
  /**
   * Give the record key store (ERASURE) a key of its own: every tenant asks for it, in both models, so
   * moving it between pool and silo keeps the same key. Required where the data key cannot serve
   * DynamoDB (a BYOK data key has no material until imported; a pooled tenant's serves S3 alone).
   * `sessionTag`: a pooled tenant's record-keys key, which its access role may use (through DynamoDB,
   * like every principal of the account) only in a session tagged for its tenant (control ISOLATION).
   * Other principals are not narrowed: CloudFormation's role must reach the key to create the table.
   * @default - none: the record key store uses the data key
   */
  readonly recordKeysKey?: { readonly sessionTag?: NonNullable<KeyUsers['sessionTag']> };
}

/**
 * The role AWS Backup acts as on the service's own behalf (`AWSServiceRoleForBackup`), e.g. to
 * finish a copy job in the destination vault. `arn:<partition>:iam::<account>:role/aws-service-role/...`
 * with the stack's partition (Stack.partition).
 */
export function backupServiceLinkedRoleArn(account: string, partition: string): string {
  return iamRoleArn(account, 'aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup', partition);
}

/** Services that store customer data with the data key. */
export const DATA_KEY_SERVICES = ['s3', 'rds', 'secretsmanager', 'sns', 'sqs', 'ec2', 'dynamodb', 'elasticfilesystem', 'ecr'] as const;
/** AWS Backup uses the backup key (control KEY-SEPARATE); RDS only for the roles of `backupKeyRdsCopyRoles`. */
export const BACKUP_KEY_SERVICES = ['backup'] as const;
/** The record key store with a key of its own (every tenant's) is a DynamoDB table (ERASURE). */
export const RECORD_KEYS_KEY_SERVICES = ['dynamodb'] as const;
/** Log archive objects are written through S3; CloudWatch Logs and CloudTrail use their own statements. */
export const LOGS_KEY_SERVICES = ['s3', 'logs'] as const;

/**
 * Three separate customer-managed keys per account and region (controls ENC-REST, KEY-ROTATE,
 * KEY-SEPARATE): data, backups and logs. Separate keys mean a leaked data-key grant cannot read
 * backups or logs, and the backup key's deletion is independent of the data it protects.
 */
export class KeyRing extends Construct {
  public readonly data: kms.IKey;
  public readonly backup: kms.IKey;
  public readonly logs: kms.IKey;
  /**
   * An AWS-generated key for the record key store (ERASURE), when `recordKeysKey` asks for it (every
   * tenant). A tenant's is deleted with its other keys at offboarding.
   */
  public readonly recordKeys?: kms.IKey;

  constructor(scope: Construct, id: string, props: KeyRingProps) {
    super(scope, id);
    const common = { rotationPeriodDays: props.rotationPeriodDays, pendingWindowDays: props.pendingWindowDays };
    const byok = props.importedDataKeyMaterial ?? false;
    this.data = new RampartKey(this, 'DataKey', {
      ...common,
      alias: `alias/${props.aliasPrefix}/data`,
      description: `Rampart data key (${props.aliasPrefix}): customer data at rest${byok ? ' (customer-imported material)' : ''}`,
      viaServices: props.dataKeyServices ?? DATA_KEY_SERVICES,
      importedKeyMaterial: byok,
      users: props.dataKeyUsers,
    }).key;
    this.backup = new RampartKey(this, 'BackupKey', {
      ...common,
      alias: `alias/${props.aliasPrefix}/backup`,
      description: `Rampart backup key (${props.aliasPrefix}): AWS Backup vaults only, never data`,
      viaServices: BACKUP_KEY_SERVICES,
      servicePrincipalStatements:
        (props.backupKeyRdsCopyRoles ?? []).length === 0
          ? []
          : useThroughServiceByRolesStatements(Stack.of(this), 'AuroraCopiesThroughRdsForBackupRoles', 'rds', props.backupKeyRdsCopyRoles ?? []),
    }).key;
    this.logs = logsKey(this, props);
    // DynamoDB cannot create the record key store under a data key without material (BYOK) or one that
    // serves other services only (a pooled tenant's: S3 alone): such a ring must give the store its own key.
    const dataKeyServesDynamoDb = (props.dataKeyServices ?? DATA_KEY_SERVICES).includes('dynamodb');
    if (props.recordKeysKey === undefined && (byok || !dataKeyServesDynamoDb)) {
      throw new Error(
        `KeyRing ${this.node.path}: recordKeysKey is required with ${byok ? 'importedDataKeyMaterial: true' : `dataKeyServices ${JSON.stringify(props.dataKeyServices)}`}: ` +
          'that data key cannot serve the record key store through DynamoDB',
      );
    }
    if (props.recordKeysKey !== undefined) {
      const sessionTag = props.recordKeysKey.sessionTag;
      this.recordKeys = new RampartKey(this, 'RecordKeysKey', {
        ...common,
        alias: `alias/${props.aliasPrefix}/record-keys`,
        description: `Rampart record-keys key (${props.aliasPrefix}): the tenant's record key store, through DynamoDB only`,
        viaServices: RECORD_KEYS_KEY_SERVICES,
        servicePrincipalStatements: sessionTag === undefined ? [] : [denyWithoutSessionTagStatement(sessionTag)],
      }).key;
    }
  }
}

/** What the logs key of a key ring is built from (KeyRingProps, without the data keys' settings). */
export type LogsKeyRingProps = Pick<KeyRingProps, 'aliasPrefix' | 'rotationPeriodDays' | 'pendingWindowDays' | 'logsKeyForCloudTrail'>;

/**
 * `alias/<prefix>/logs` under `scope` (construct id `LogsKey`, logical id pinned to it): audit and
 * access logs through S3 and CloudWatch Logs, and, when asked, this account's CloudTrail.
 */
function logsKey(scope: Construct, props: LogsKeyRingProps): kms.IKey {
  const stack = Stack.of(scope);
  return new RampartKey(scope, 'LogsKey', {
    rotationPeriodDays: props.rotationPeriodDays,
    pendingWindowDays: props.pendingWindowDays,
    alias: `alias/${props.aliasPrefix}/logs`,
    description: `Rampart logs key (${props.aliasPrefix}): audit and access logs`,
    viaServices: LOGS_KEY_SERVICES,
    servicePrincipalStatements: [cloudWatchLogsStatement(stack), ...((props.logsKeyForCloudTrail ?? true) ? cloudTrailStatements(stack) : [])],
  }).key;
}

/**
 * The logs key alone, built exactly as a KeyRing builds its own, for a stack that stores no customer
 * data and so must not carry a data or backup key whose description would say otherwise: the
 * account baseline (its audit archive, its trail where it has one, its Config deliveries).
 */
export class LogsKeyRing extends Construct {
  public readonly logs: kms.IKey;

  constructor(scope: Construct, id: string, props: LogsKeyRingProps) {
    super(scope, id);
    this.logs = logsKey(this, props);
  }
}
