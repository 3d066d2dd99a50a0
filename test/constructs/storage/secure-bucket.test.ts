import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RampartKey } from '../../../lib/constructs/keys/rampart-key';
import { SecureBucket, SecureBucketProps } from '../../../lib/constructs/storage/secure-bucket';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

const REASON = 'The test bucket is a stand-in; this reason is long enough to satisfy the helper.';

function build(overrides: Partial<SecureBucketProps> = {}) {
  const stack = testStack();
  const logs = new SecureBucket(stack, 'Logs', {
    encryption: { s3Managed: { reason: REASON } },
    accessLogging: { disabled: { reason: REASON } },
    withoutReplication: { reason: REASON },
  });
  const data = new SecureBucket(stack, 'Data', {
    encryption: { key: new RampartKey(stack, 'K', { alias: 'alias/t/k', description: 'test', viaServices: ['s3'] }).key },
    accessLogging: { destination: logs.bucket, prefix: 'data/' },
    withoutReplication: { reason: REASON },
    ...overrides,
  });
  return { stack, data, template: Template.fromStack(stack) };
}

describe('SecureBucket', () => {
  describe('GIVEN a bucket with a customer-managed key', () => {
    const { template, stack } = build();
    const bucket = template.toJSON().Resources.Data;

    test('THEN it is SSE-KMS with the key and S3 Bucket Keys', () => {
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['K', 'Arn'] } } },
      ]);
    });

    test('THEN public access is blocked on all four switches and ACLs are disabled', () => {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    });

    test('THEN it is versioned, retained and access-logged', () => {
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(bucket.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: 'Logs' }, LogFilePrefix: 'data/' });
    });

    test('THEN the bucket policy denies plain HTTP and TLS below 1.2', () => {
      const policy = Object.values(template.toJSON().Resources as Record<string, any>).find(
        (r) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: 'Data' }),
      );
      const denies = policy.Properties.PolicyDocument.Statement.filter((s: { Effect: string }) => s.Effect === 'Deny');
      expect(denies.map((s: { Condition: unknown }) => s.Condition)).toEqual([
        { Bool: { 'aws:SecureTransport': 'false' } },
        { NumericLessThan: { 's3:TlsVersion': 1.2 } },
      ]);
    });

    test('THEN incomplete uploads are aborted and old versions expire', () => {
      expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toEqual({
        Id: 'abort-incomplete-uploads',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Status: 'Enabled',
      });
    });

    test('THEN the only findings left are the acknowledged ones', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  test('GIVEN SSE-S3 with a reason WHEN synthesized THEN the KMS findings are acknowledged with that very reason', () => {
    const { stack } = build();
    const acks = acknowledgmentsUnder(stack).filter((a) => a.path.startsWith('Test/Logs'));
    expect(acks.map((a) => a.id).sort()).toEqual([
      'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
      'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS',
      'PCI.DSS.321::PCI.DSS.321-S3BucketReplicationEnabled',
      'PCI.DSS.321::PCI.DSS.321-S3DefaultEncryptionKMS',
    ]);
    expect(new Set(acks.map((a) => a.reason))).toEqual(new Set([REASON]));
  });

  test('GIVEN a data bucket whose access logging is disabled WHEN validated THEN the packs still flag it (a reason is not enough)', () => {
    const { stack } = build({ accessLogging: { disabled: { reason: REASON } } });
    expect(
      unacknowledgedFindings(stack)
        .filter((f) => f.constructPath === 'Test/Data/Bucket/Resource')
        .map((f) => f.ruleName),
    ).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'HIPAA.Security-S3BucketLoggingEnabled']));
  });

  test('GIVEN a short, empty-ish reason WHEN constructed THEN it throws instead of recording an unjustified exception', () => {
    expect(() => build({ withoutReplication: { reason: 'n/a' } })).toThrow(
      'SecureBucket Test/Data: withoutReplication.reason must explain the exception in at least 40 characters, got "n/a"',
    );
  });

  test.each<[string, Partial<SecureBucketProps>]>([
    ['encryption.s3Managed', { encryption: { s3Managed: { reason: '' } } }],
    ['accessLogging.disabled', { accessLogging: { disabled: { reason: ' '.repeat(50) } } }],
    ['withoutReplication', { withoutReplication: { reason: '\t\n' } }],
  ])('GIVEN an empty or blank %s reason WHEN constructed THEN it throws naming the weakening', (prop, bad) => {
    expect(() => build(bad)).toThrow(`SecureBucket Test/Data: ${prop}.reason must explain the exception in at least 40 characters`);
  });

  test('GIVEN Object Lock in compliance mode WHEN synthesized THEN the default retention is set', () => {
    const { template } = build({ objectLock: { mode: 'COMPLIANCE', retention: Duration.days(30) } });
    expect(template.toJSON().Resources.Data.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
    });
  });
});
