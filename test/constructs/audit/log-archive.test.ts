import { Template } from 'aws-cdk-lib/assertions';
import { RampartKey } from '../../../lib/constructs/keys/rampart-key';
import { LogArchive, LogArchiveProps } from '../../../lib/constructs/audit/log-archive';
import { testStack, unacknowledgedFindings } from '../../helpers';

function build(props: Partial<LogArchiveProps> = {}) {
  const stack = testStack();
  const key = new RampartKey(stack, 'LogsKey', { alias: 'alias/t/logs', description: 'test', viaServices: ['s3'] }).key;
  new LogArchive(stack, 'LogArchive', { encryptionKey: key, bucketName: 'org-logs', accessLogsBucketName: 'org-access-logs', ...props });
  return { stack, resources: Template.fromStack(stack).toJSON().Resources as Record<string, any> };
}

describe('LogArchive', () => {
  describe('GIVEN the defaults', () => {
    const { stack, resources } = build();
    const archive = resources.LogArchiveBucket;
    const accessLogs = resources.LogArchiveAccessLogs;

    test('THEN the archive is KMS-encrypted with the logs key, never SSE-S3', () => {
      expect(archive.Properties.BucketName).toBe('org-logs');
      expect(archive.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
      });
    });

    test('THEN objects are locked in compliance mode for 365 days', () => {
      expect(archive.Properties.ObjectLockConfiguration).toEqual({
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
      });
    });

    test('THEN logs move to Glacier Instant Retrieval after 90 days and expire after 400', () => {
      expect(archive.Properties.LifecycleConfiguration.Rules[1]).toEqual({
        Id: 'archive-then-expire',
        Status: 'Enabled',
        ExpirationInDays: 400,
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
      });
    });

    test('THEN access to the archive is logged into the access-log bucket, which keeps them as long', () => {
      expect(archive.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: 'LogArchiveAccessLogs' }, LogFilePrefix: 'org-logs/' });
      expect(accessLogs.Properties.BucketName).toBe('org-access-logs');
      expect(accessLogs.Properties.LifecycleConfiguration.Rules[1]).toEqual({ Id: 'expire-access-logs', Status: 'Enabled', ExpirationInDays: 400 });
    });

    test('THEN both buckets are retained under pinned logical ids', () => {
      for (const bucket of [archive, accessLogs]) expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    test('THEN no validation pack has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  test('GIVEN access logs kept only to the erasure deadline THEN the access-log bucket expires them then while the archive keeps its own retention', () => {
    const { resources } = build({ accessLogsRetentionDays: 30 });
    expect(resources.LogArchiveAccessLogs.Properties.LifecycleConfiguration.Rules[1]).toEqual({
      Id: 'expire-access-logs',
      Status: 'Enabled',
      ExpirationInDays: 30,
    });
    expect(
      resources.LogArchiveBucket.Properties.LifecycleConfiguration.Rules.find((r: { Id: string }) => r.Id === 'archive-then-expire').ExpirationInDays,
    ).toBe(400);
  });

  test('GIVEN an access-log retention of 0 days WHEN constructed THEN it throws naming the value', () => {
    expect(() => build({ accessLogsRetentionDays: 0 })).toThrow('accessLogsRetentionDays must be a whole number of days >= 1, got 0');
  });

  test('GIVEN retention shorter than the lock WHEN constructed THEN it throws naming both values', () => {
    expect(() => build({ lockDays: 365, retentionDays: 30 })).toThrow('retentionDays must be a whole number >= lockDays (365), got 30');
  });

  test('GIVEN governance mode chosen explicitly WHEN synthesized THEN the lock uses it', () => {
    const { resources } = build({ lockMode: 'GOVERNANCE', lockDays: 30, retentionDays: 60 });
    expect(resources.LogArchiveBucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: 30 });
  });
});
