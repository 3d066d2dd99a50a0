import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { cloudWatchLogsStatement } from '../keys/key-policy';
import { BACKUP_KEY_SERVICES, DATA_KEY_SERVICES } from '../keys/key-ring';
import { RampartKey } from '../keys/rampart-key';

export interface TenantKeysProps {
  readonly tenantId: string;
  readonly dataKeyAlias: string;
  readonly backupKeyAlias: string;
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
 * stores is encrypted under them and under nothing shared: the data key encrypts its bucket and its
 * logs, the separate backup key its vault. Scheduling both for deletion therefore erases every copy
 * of the tenant's data, including backups that a compliance-locked vault keeps for up to a year
 * (crypto-shredding; see `npm run tenant:offboard`).
 */
export class TenantKeys extends Construct {
  public readonly data: kms.Key;
  public readonly backup: kms.Key;

  constructor(scope: Construct, id: string, props: TenantKeysProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.data = new RampartKey(this, 'DataKey', {
      alias: props.dataKeyAlias,
      description: `Tenant ${props.tenantId} data key: its data and logs${props.byok ? ' (customer-imported material)' : ''}`,
      viaServices: DATA_KEY_SERVICES,
      servicePrincipalStatements: [cloudWatchLogsStatement(stack)],
      pendingWindowDays: props.deletionWindowDays,
      importedKeyMaterial: props.byok,
    }).key;
    this.backup = new RampartKey(this, 'BackupKey', {
      alias: props.backupKeyAlias,
      description: `Tenant ${props.tenantId} backup key: its backup vault only`,
      viaServices: BACKUP_KEY_SERVICES,
      pendingWindowDays: props.deletionWindowDays,
    }).key;
  }
}
