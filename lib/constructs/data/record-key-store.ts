import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { pinLogicalId } from '../pin-logical-id';

/** The item attribute holding a record's id: the table's only key. */
export const RECORD_KEY_ATTRIBUTE = 'recordId';

/** DynamoDB's longest point-in-time recovery period (1..35 days). */
const DYNAMODB_MAX_RECOVERY_DAYS = 35;

/** What the application may do with the store: read, write and delete one record's key, nothing in bulk. */
export const RECORD_KEY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] as const;

export interface RecordKeyStoreProps {
  /** Deterministic table name (`<org>-<env>-record-keys`, see lib/plan). */
  readonly tableName: string;
  /** The stack's data key (a tenant's own): the table and its point-in-time recovery are under it. */
  readonly encryptionKey: kms.IKey;
  /**
   * Days of point-in-time recovery: how long a deleted key stays restorable. Must be at most the
   * erasure deadline (control ERASURE); DynamoDB accepts 1..35.
   */
  readonly recoveryDays: number;
  /** The erasure deadline the recovery window must fit in (policy.erasure.deadlineDays). */
  readonly erasureDeadlineDays: number;
}

/**
 * ERASURE for single records, backups included: the store of per-record data keys. The application
 * encrypts each record (database row fields, objects) with a data key of its own, keeps that key only
 * here, and erases a record by deleting its key. The stores holding records keep their backup tiers
 * (the monthly one for a year); what those tiers hold is ciphertext whose key no copy of this table
 * keeps past the deadline:
 *
 * - point-in-time recovery for `recoveryDays` (at most the deadline): a deleted key is restorable for
 *   that long, then gone;
 * - in no AWS Backup plan (nothing here selects it; the evidence verifier proves no selection of the
 *   account reaches it, by ARN, wildcard or tag) and no on-demand backups by the deploy;
 * - no stream, no Kinesis destination, no replica in another region: no copy that outlives a delete;
 * - deletion protection, retained on removal and replacement, logical id pinned: losing the table
 *   would lose every record it keys.
 *
 * The table is an `AWS::DynamoDB::GlobalTable` with one replica in its own region (aws-cdk-lib's
 * TableV2), so a replica in another region can be added later without replacing the table. The public
 * packs' DynamoDB rules read `AWS::DynamoDB::Table` only; the verifier's ERASURE evidence
 * (record-key-store-*) checks this table instead.
 */
export class RecordKeyStore extends Construct {
  public readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: RecordKeyStoreProps) {
    super(scope, id);
    const where = `RecordKeyStore ${this.node.path}`;
    const { recoveryDays, erasureDeadlineDays } = props;
    const most = Math.min(erasureDeadlineDays, DYNAMODB_MAX_RECOVERY_DAYS);
    if (!Number.isInteger(recoveryDays) || recoveryDays < 1 || recoveryDays > most) {
      throw new Error(
        `${where}: recoveryDays must be a whole number from 1 to ${most} (ERASURE within ${erasureDeadlineDays} days), got ${recoveryDays}`,
      );
    }
    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: RECORD_KEY_ATTRIBUTE, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(props.encryptionKey),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: recoveryDays },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(this, this.table.node.defaultChild, 'Table');
  }

  /**
   * Lets `role` read, write and delete single keys (no scans, queries or batch reads), through a
   * customer-managed policy (the compliance packs reject inline policies). The table's key admits the
   * account's principals through DynamoDB, so the role needs no KMS permission of its own.
   * `sessionTag`: only in a session tagged `aws:PrincipalTag/<key>` = `value` (a pooled tenant's
   * access role, control ISOLATION).
   */
  public grantRecordKeys(
    scope: Construct,
    id: string,
    role: iam.IRole,
    sessionTag?: { readonly key: string; readonly value: string },
  ): iam.ManagedPolicy {
    return new iam.ManagedPolicy(scope, id, {
      description: `Single-record key access to ${this.node.path} (ERASURE: the application deletes a record's key to erase it)`,
      statements: [
        new iam.PolicyStatement({
          sid: sessionTag === undefined ? 'OneRecordKeyAtATime' : 'OneRecordKeyAtATimeInTheTenantSession',
          actions: [...RECORD_KEY_ACTIONS],
          resources: [this.table.tableArn],
          ...(sessionTag === undefined ? {} : { conditions: { StringEquals: { [`aws:PrincipalTag/${sessionTag.key}`]: sessionTag.value } } }),
        }),
      ],
      roles: [role],
    });
  }
}
