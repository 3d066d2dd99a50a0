import { Template } from 'aws-cdk-lib/assertions';
import { LogArchive } from '../../../lib/constructs/audit/log-archive';
import { AuditTrail, AuditTrailProps } from '../../../lib/constructs/audit/trail';
import { DataBucket } from '../../../lib/constructs/data/data-bucket';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

function build(props: Partial<AuditTrailProps> | ((archive: LogArchive) => Partial<AuditTrailProps>) = {}) {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: keys.logs, bucketName: 'org-logs', accessLogsBucketName: 'org-access-logs' });
  const data = new DataBucket(stack, 'DataBucket', { bucketName: 'org-data', encryptionKey: keys.data, accessLogsBucket: archive.accessLogsBucket });
  const extra = typeof props === 'function' ? props(archive) : props;
  const trail = new AuditTrail(stack, 'AuditTrail', {
    trailName: 'org-prod',
    archiveBucket: archive.bucket,
    encryptionKey: keys.logs,
    dataEventBuckets: [data.bucket],
    ...extra,
  });
  const template = Template.fromStack(stack);
  return { stack, trail, template, resources: template.toJSON().Resources as Record<string, any> };
}

const LOGS_KEY = { 'Fn::GetAtt': ['LogsKey', 'Arn'] };

describe('AuditTrail', () => {
  describe('GIVEN the defaults', () => {
    const { trail, resources, template } = build();
    const props = resources.AuditTrail.Properties;

    test('THEN the trail covers all regions and global services, validates log files and encrypts with the logs key', () => {
      expect(props).toMatchObject({
        TrailName: 'org-prod',
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        IsLogging: true,
        KMSKeyId: LOGS_KEY,
        S3BucketName: { Ref: 'LogArchiveBucket' },
      });
    });

    test('THEN it records all management events and every read and write of the data bucket', () => {
      expect(props.EventSelectors).toEqual([
        { IncludeManagementEvents: true, ReadWriteType: 'All' },
        {
          IncludeManagementEvents: true,
          ReadWriteType: 'All',
          DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['DataBucket', 'Arn'] }, '/']] }] }],
        },
      ]);
    });

    test('THEN Insights watch API call and error rates', () => {
      expect(props.InsightSelectors).toEqual([{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }]);
    });

    test('THEN events also go to a KMS-encrypted log group kept one year, through a role limited to it', () => {
      expect(resources.AuditTrailLogGroup.Properties).toEqual({
        LogGroupName: '/rampart/cloudtrail/org-prod',
        KmsKeyId: LOGS_KEY,
        RetentionInDays: 365,
      });
      expect(props.CloudWatchLogsLogGroupArn).toEqual({ 'Fn::GetAtt': ['AuditTrailLogGroup', 'Arn'] });
      const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as any[];
      expect(policy.Properties.PolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['AuditTrailLogGroup', 'Arn'] } },
      ]);
      expect(template.findResources('AWS::IAM::Policy')).toEqual({});
    });

    test('THEN the archive bucket policy lets CloudTrail check its ACL and write objects', () => {
      const [policy] = Object.values(
        template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: 'LogArchiveBucket' } } }),
      ) as any[];
      const actions = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Principal?.Service === 'cloudtrail.amazonaws.com').map(
        (s: any) => s.Action,
      );
      expect(actions).toEqual(['s3:GetBucketAcl', 's3:PutObject']);
    });

    test('THEN trail and log group are retained under pinned logical ids', () => {
      for (const id of ['AuditTrail', 'AuditTrailLogGroup'])
        expect(resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    test('THEN no validation pack has a finding, with no acknowledgment needed', () => {
      expect(unacknowledgedFindings(trail)).toEqual([]);
      expect(acknowledgmentsUnder(trail)).toEqual([]);
    });
  });

  test('GIVEN insights turned off THEN the trail has no insight selectors', () => {
    expect(build({ insights: false }).resources.AuditTrail.Properties.InsightSelectors).toBeUndefined();
  });

  test('GIVEN no data-event bucket THEN it throws', () => {
    expect(() => build({ dataEventBuckets: [] })).toThrow('dataEventBuckets must name at least one sensitive bucket (control AUDIT), got []');
  });

  describe('GIVEN dataEventsOnEveryBucketExcept the log buckets', () => {
    const { stack, resources } = build((archive) => ({
      dataEventBuckets: undefined,
      dataEventsOnEveryBucketExcept: [archive.bucket, archive.accessLogsBucket],
    }));
    const props = resources.AuditTrail.Properties;

    test('THEN advanced selectors record every management event and S3 data events on every bucket except the log destinations', () => {
      expect(props.EventSelectors).toBeUndefined();
      expect(props.AdvancedEventSelectors).toEqual([
        { Name: 'Every management event', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'S3 data events on every bucket but the log destinations',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            {
              Field: 'resources.ARN',
              NotStartsWith: [
                { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['LogArchiveBucket', 'Arn'] }, '/']] },
                { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['LogArchiveAccessLogs', 'Arn'] }, '/']] },
              ],
            },
          ],
        },
      ]);
      expect(props).toMatchObject({ IsMultiRegionTrail: true, EnableLogFileValidation: true, KMSKeyId: LOGS_KEY });
    });

    test('THEN no validation pack has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  test('GIVEN both listed buckets and every bucket THEN it throws', () => {
    expect(() => build((archive) => ({ dataEventsOnEveryBucketExcept: [archive.bucket] }))).toThrow(
      'give dataEventBuckets or dataEventsOnEveryBucketExcept, not both (got 1 listed buckets)',
    );
  });
});
