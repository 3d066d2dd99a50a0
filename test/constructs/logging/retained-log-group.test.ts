import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RampartKey } from '../../../lib/constructs/keys/rampart-key';
import { retainedLogGroup } from '../../../lib/constructs/logging/retained-log-group';
import { testStack, unacknowledgedFindings } from '../../helpers';

describe('retainedLogGroup', () => {
  test('GIVEN only a key WHEN created THEN the group is KMS-encrypted, kept a year, retained and pinned', () => {
    const stack = testStack();
    const key = new RampartKey(stack, 'LogsKey', { alias: 'alias/t/logs', description: 'test', viaServices: ['logs'] }).key;
    retainedLogGroup(stack, 'Group', { encryptionKey: key, pinAs: 'AuditLogs' });
    expect(Template.fromStack(stack).toJSON().Resources.TestAuditLogs).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] }, RetentionInDays: 365 },
    });
    expect(unacknowledgedFindings(stack)).toEqual([]);
  });

  test('GIVEN a retention and a name WHEN created THEN both are used', () => {
    const stack = testStack();
    const key = new RampartKey(stack, 'LogsKey', { alias: 'alias/t/logs', description: 'test', viaServices: ['logs'] }).key;
    retainedLogGroup(stack, 'Group', { encryptionKey: key, retention: logs.RetentionDays.TEN_YEARS, logGroupName: '/t/audit', pinAs: 'G' });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/t/audit', RetentionInDays: 3653 });
  });
});
