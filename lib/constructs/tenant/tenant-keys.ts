import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { cloudWatchLogsStatement } from '../keys/key-policy';
import { BACKUP_KEY_SERVICES, DATA_KEY_SERVICES, LOGS_KEY_SERVICES } from '../keys/key-ring';
import { RampartKey } from '../keys/rampart-key';

export interface TenantKeysProps {
  readonly tenantId: string;
  readonly dataKeyAlias: string;
  readonly backupKeyAlias: string;
  readonly logsKeyAlias: string;
  /** BYOK (enterprise): the data key is `Origin: EXTERNAL` and the customer imports its material. */
  readonly byok: boolean;
  /**
   * KMS pending window of both keys: the crypto-shredding delay of offboarding
   * (config `tenancy.offboarding.keyDeletionWindowDays`).
   */
  readonly deletionWindowDays: number;
}

/**
 * A tenant's own keys (controls ISOLATION, KEY-SEPARATE, ERASURE, BYOK). Everything the tenant
 * stores is encrypted under them and under nothing shared: the data key its bucket, the separate
 * backup key its vault, the logs key its flow logs. (Logs have their own key because CloudWatch
 * Logs refuses a key that is not enabled, and a BYOK data key has no material until the customer
 * imports it after the first deploy.) Scheduling both for deletion therefore erases every copy
 * of the tenant's data, including backups that a compliance-locked vault keeps for up to a year
 * (crypto-shredding; see `npm run tenant:offboard`).
 */
export class TenantKeys extends Construct {
  public readonly data: kms.Key;
  public readonly backup: kms.Key;
  public readonly logs: kms.Key;

  constructor(scope: Construct, id: string, props: TenantKeysProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.data = new RampartKey(this, 'DataKey', {
      alias: props.dataKeyAlias,
      description: `Tenant ${props.tenantId} data key: its data${props.byok ? ' (customer-imported material)' : ''}`,
      viaServices: DATA_KEY_SERVICES,
      pendingWindowDays: props.deletionWindowDays,
      importedKeyMaterial: props.byok,
    }).key;
    this.backup = new RampartKey(this, 'BackupKey', {
      alias: props.backupKeyAlias,
      description: `Tenant ${props.tenantId} backup key: its backup vault only`,
      viaServices: BACKUP_KEY_SERVICES,
      pendingWindowDays: props.deletionWindowDays,
    }).key;
    this.logs = new RampartKey(this, 'LogsKey', {
      alias: props.logsKeyAlias,
      description: `Tenant ${props.tenantId} logs key: its flow logs`,
      viaServices: LOGS_KEY_SERVICES,
      servicePrincipalStatements: [cloudWatchLogsStatement(stack)],
      pendingWindowDays: props.deletionWindowDays,
    }).key;
  }
}
