import * as iam from 'aws-cdk-lib/aws-iam';
import { Template } from 'aws-cdk-lib/assertions';
import { RECORD_KEY_ACTIONS, RecordKeyStore, RecordKeyStoreProps } from '../../../lib/constructs/data/record-key-store';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

function build(props: Partial<RecordKeyStoreProps> = {}) {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const store = new RecordKeyStore(stack, 'RecordKeys', {
    tableName: 'org-prod-record-keys',
    encryptionKey: keys.data,
    recoveryDays: 7,
    erasureDeadlineDays: 30,
    ...props,
  });
  const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  store.grantRecordKeys(stack, 'AppRecordKeys', role);
  return { stack, store, resources: Template.fromStack(stack).toJSON().Resources as Record<string, any> };
}

describe('RecordKeyStore', () => {
  describe('GIVEN a 7-day window and a 30-day erasure deadline', () => {
    const { store, resources } = build();
    const table = resources.RecordKeysTable;
    const [replica] = table.Properties.Replicas;

    test('THEN it is one global table in its own region, keyed by record id, under the data key, retained under a pinned id', () => {
      expect(table.Type).toBe('AWS::DynamoDB::GlobalTable');
      expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(table.Properties.TableName).toBe('org-prod-record-keys');
      expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'recordId', KeyType: 'HASH' }]);
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Properties.Replicas).toHaveLength(1);
      expect(replica.Region).toBe('us-east-1');
      expect(replica.SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': ['DataKey', 'Arn'] } });
    });

    test('THEN a deleted key is restorable 7 days and never longer: no stream, no Kinesis destination, deletion-protected', () => {
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 });
      expect(replica.DeletionProtectionEnabled).toBe(true);
      expect(table.Properties.StreamSpecification).toBeUndefined();
      expect(replica.KinesisStreamSpecification).toBeUndefined();
    });

    test('THEN nothing in the construct selects it for AWS Backup', () => {
      expect(Object.values(resources).filter((r) => String(r.Type).startsWith('AWS::Backup::'))).toEqual([]);
    });

    test('THEN the application role may get, put and delete single keys only, through a managed policy', () => {
      const policy = Object.values(resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy');
      expect(policy.Properties.PolicyDocument.Statement).toEqual([
        {
          Sid: 'OneRecordKeyAtATime',
          Effect: 'Allow',
          Action: [...RECORD_KEY_ACTIONS].sort(),
          Resource: { 'Fn::GetAtt': ['RecordKeysTable', 'Arn'] },
        },
      ]);
      expect(Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy')).toEqual([]);
    });

    test('THEN no pack finding is left and none is acknowledged', () => {
      expect(unacknowledgedFindings(store)).toEqual([]);
      expect(acknowledgmentsUnder(store)).toEqual([]);
    });
  });

  test.each([
    [
      'longer than the erasure deadline',
      { recoveryDays: 20, erasureDeadlineDays: 14 },
      /recoveryDays must be a whole number from 1 to 14 \(ERASURE within 14 days\), got 20/,
    ],
    ["longer than DynamoDB's 35 days", { recoveryDays: 36, erasureDeadlineDays: 60 }, /recoveryDays must be a whole number from 1 to 35 .*got 36/],
    ['zero', { recoveryDays: 0 }, /got 0/],
  ])('GIVEN a recovery window %s THEN it throws naming the prop and the value', (_what, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
