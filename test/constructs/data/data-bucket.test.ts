import { Template } from 'aws-cdk-lib/assertions';
import { LogArchive } from '../../../lib/constructs/audit/log-archive';
import { DataBucket, DataBucketProps } from '../../../lib/constructs/data/data-bucket';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

function build(props: Partial<DataBucketProps> = {}) {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: keys.logs, bucketName: 'org-logs', accessLogsBucketName: 'org-access-logs' });
  const data = new DataBucket(stack, 'DataBucket', {
    bucketName: 'org-data',
    encryptionKey: keys.data,
    accessLogsBucket: archive.accessLogsBucket,
    ...props,
  });
  return { stack, data, resources: Template.fromStack(stack).toJSON().Resources as Record<string, any> };
}

describe('DataBucket', () => {
  describe('GIVEN the defaults', () => {
    const { data, resources } = build();
    const bucket = resources.DataBucket;

    test('THEN it is KMS-encrypted with the data key, versioned, private and access-logged', () => {
      expect(bucket.Properties.BucketName).toBe('org-data');
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['DataKey', 'Arn'] } },
        BucketKeyEnabled: true,
      });
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: 'LogArchiveAccessLogs' }, LogFilePrefix: 'org-data/' });
    });

    test('THEN objects never expire by default, and noncurrent versions go after 30 days', () => {
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
        expect.objectContaining({ Id: 'abort-incomplete-uploads', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      ]);
    });

    test('THEN it is retained under a pinned logical id', () => {
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    test('THEN the only acknowledgment is the replication one, pointing at the DR backup copies', () => {
      expect(unacknowledgedFindings(data)).toEqual([]);
      const acks = acknowledgmentsUnder(data);
      expect(acks.map((a) => a.id).sort()).toEqual([
        'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
        'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
        'PCI.DSS.321::PCI.DSS.321-S3BucketReplicationEnabled',
      ]);
      expect(acks[0].reason).toMatch(/DR region/);
    });
  });

  test('GIVEN expireAfterDays THEN current objects expire after it', () => {
    const { resources } = build({ expireAfterDays: 365 });
    expect(resources.DataBucket.Properties.LifecycleConfiguration.Rules[1]).toEqual({
      Id: 'retention-expiry',
      Status: 'Enabled',
      ExpirationInDays: 365,
    });
  });

  test('GIVEN expireAfterDays 0 THEN it throws naming the value', () => {
    expect(() => build({ expireAfterDays: 0 })).toThrow('expireAfterDays must be a whole number of days >= 1, got 0');
  });

  test('GIVEN an erasure deadline that is not a whole number of days THEN it throws naming it', () => {
    expect(() => build({ erasureDeadlineDays: 0.5 })).toThrow(
      'DataBucket Test/DataBucket: erasureDeadlineDays must be a whole number of days >= 1, got 0.5',
    );
  });

  test('GIVEN a blank replication reason THEN it throws naming the weakening', () => {
    expect(() => build({ withoutReplication: { reason: '   ' } })).toThrow(
      'withoutReplication.reason must explain the exception in at least 40 characters, got "   "',
    );
  });

  describe('GIVEN objectLockDays and a replication reason (the enclave PHI bucket)', () => {
    const reason = 'PHI never leaves the enclave: the four tiers stay in its compliance-locked vault in this region.';
    const { stack, resources } = build({ objectLockDays: 30, withoutReplication: { reason } });

    test('THEN every version is locked in COMPLIANCE mode for 30 days and noncurrent versions still go after 30', () => {
      expect(resources.DataBucket.Properties.ObjectLockEnabled).toBe(true);
      expect(resources.DataBucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 30 });
      expect(resources.DataBucket.Properties.LifecycleConfiguration.Rules).toEqual([
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      ]);
    });

    test("THEN the replication acknowledgment carries the caller's reason, not the DR one", () => {
      const replication = acknowledgmentsUnder(stack).filter(
        (a) => a.id.endsWith('S3BucketReplicationEnabled') && a.path.startsWith('Test/DataBucket/'),
      );
      expect(replication.length).toBeGreaterThan(0);
      for (const a of replication) expect(a.reason).toBe(reason);
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  describe('GIVEN objectLockDays without replacement (a HIPAA tenant bucket that may already exist)', () => {
    const { resources } = build({ objectLockDays: 30, objectLockWithoutReplacement: true });

    test('THEN the lock comes from the Object Lock configuration alone: no top-level ObjectLockEnabled, which would replace the bucket', () => {
      expect(resources.DataBucket.Properties).not.toHaveProperty('ObjectLockEnabled');
      expect(resources.DataBucket.Properties.ObjectLockConfiguration).toEqual({
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
      });
      expect(resources.DataBucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    });
  });

  test.each([0, 31, 7.5])('GIVEN objectLockDays %p WHEN constructed THEN it throws naming the prop (ERASURE within 30 days)', (objectLockDays) => {
    expect(() => build({ objectLockDays })).toThrow(
      `DataBucket Test/DataBucket: objectLockDays must be a whole number from 1 to 30 (ERASURE within 30 days), got ${objectLockDays}`,
    );
  });
});
