import { Template } from 'aws-cdk-lib/assertions';
import { LogArchive } from '../../../lib/constructs/audit/log-archive';
import { AuditTrail, AuditTrailProps } from '../../../lib/constructs/audit/trail';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

function build(props: Partial<AuditTrailProps> = {}) {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: keys.logs, bucketName: 'org-logs', accessLogsBucketName: 'org-access-logs' });
  const trail = new AuditTrail(stack, 'AuditTrail', {
    trailName: 'org-prod',
    archiveBucket: archive.bucket,
    encryptionKey: keys.logs,
    dataEventsOnEveryBucketExcept: [archive.bucket, archive.accessLogsBucket],
    ...props,
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

  test('GIVEN no bucket to leave out THEN data events are recorded on every bucket of the account', () => {
    const selectors = build({ dataEventsOnEveryBucketExcept: [] }).resources.AuditTrail.Properties.AdvancedEventSelectors;
    expect(selectors[1].FieldSelectors).toEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
    ]);
  });
});
