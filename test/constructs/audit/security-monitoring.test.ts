import { Template } from 'aws-cdk-lib/assertions';
import { LogArchive } from '../../../lib/constructs/audit/log-archive';
import { SecurityMonitoring, SecurityMonitoringProps, standardArn } from '../../../lib/constructs/audit/security-monitoring';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

function build(props: Partial<SecurityMonitoringProps> = {}, region = 'us-east-1') {
  const stack = testStack(region);
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: keys.logs, bucketName: 'org-logs', accessLogsBucketName: 'org-access-logs' });
  const monitoring = new SecurityMonitoring(stack, 'SecurityMonitoring', {
    alertEmail: 'oncall@example.com',
    alertsKeyAlias: 'alias/org/prod/alerts',
    archiveBucket: archive.bucket,
    archiveKey: keys.logs,
    recordGlobalResources: true,
    ...props,
  });
  const template = Template.fromStack(stack);
  return { stack, monitoring, template };
}

const only = (template: Template, type: string) => Object.values(template.findResources(type)) as any[];

describe('SecurityMonitoring', () => {
  describe('GIVEN the primary region', () => {
    const { monitoring, template } = build();

    test('THEN Security Hub runs without AWS defaults, with FSBP, CIS 3.0, NIST 800-53 r5 and PCI DSS 3.2.1', () => {
      expect(only(template, 'AWS::SecurityHub::Hub')[0].Properties).toMatchObject({
        EnableDefaultStandards: false,
        ControlFindingGenerator: 'SECURITY_CONTROL',
      });
      expect(only(template, 'AWS::SecurityHub::Standard').map((s) => s.Properties.StandardsArn)).toEqual([
        'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
        'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
        'arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0',
        'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
      ]);
      for (const s of only(template, 'AWS::SecurityHub::Standard')) expect(s.DependsOn).toEqual([expect.stringMatching(/^SecurityMonitoringHub/)]);
    });

    test('THEN AWS Config records every supported type, global ones included, with the service-linked role', () => {
      expect(only(template, 'AWS::Config::ConfigurationRecorder')[0].Properties).toEqual({
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
        RoleARN: 'arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
      });
    });

    test("THEN Config delivers to the log archive under the logs key, and the archive policy admits only this account's Config", () => {
      expect(only(template, 'AWS::Config::DeliveryChannel')[0].Properties).toMatchObject({
        S3BucketName: { Ref: 'LogArchiveBucket' },
        S3KeyPrefix: 'config',
        S3KmsKeyArn: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
      });
      const [policy] = only(template, 'AWS::S3::BucketPolicy').filter((p) => p.Properties.Bucket.Ref === 'LogArchiveBucket');
      const config = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Principal?.Service === 'config.amazonaws.com');
      expect(config.map((s: any) => [s.Sid, s.Condition.StringEquals['aws:SourceAccount']])).toEqual([
        ['ConfigChecksBucket', '111111111111'],
        ['ConfigDelivers', '111111111111'],
      ]);
    });

    test('THEN high and critical GuardDuty and Security Hub findings go to the alert topic and the page topic', () => {
      const rules = only(template, 'AWS::Events::Rule')
        .map((r) => r.Properties)
        .filter((r) => !r.Description.includes('digest'));
      expect(rules.map((r) => r.EventPattern)).toEqual([
        { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 7] }] } },
        {
          source: ['aws.securityhub'],
          'detail-type': ['Security Hub Findings - Imported'],
          detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] } },
        },
      ]);
      for (const r of rules)
        expect(r.Targets).toEqual([
          { Arn: { Ref: expect.stringMatching(/^SecurityMonitoringAlertTopic/) }, Id: 'Target0' },
          { Arn: { Ref: expect.stringMatching(/^SecurityMonitoringPageTopic/) }, Id: 'Target1' },
        ]);
    });

    test('THEN medium GuardDuty (4 to below 7) and Security Hub findings go to the digest topic only', () => {
      const rules = only(template, 'AWS::Events::Rule')
        .map((r) => r.Properties)
        .filter((r) => r.Description.includes('digest'));
      expect(rules.map((r) => r.EventPattern)).toEqual([
        { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 4, '<', 7] }] } },
        {
          source: ['aws.securityhub'],
          'detail-type': ['Security Hub Findings - Imported'],
          detail: { findings: { Severity: { Label: ['MEDIUM'] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] } },
        },
      ]);
      for (const r of rules) expect(r.Targets).toEqual([{ Arn: { Ref: expect.stringMatching(/^SecurityMonitoringDigestTopic/) }, Id: 'Target0' }]);
    });

    test('THEN the page and digest topics are under the alerts key; without an endpoint nothing pages, the digest mails alertEmail', () => {
      const topics = template.toJSON().Resources;
      for (const prefix of ['SecurityMonitoringPageTopic', 'SecurityMonitoringDigestTopic']) {
        const [id] = Object.keys(topics).filter((k) => k.startsWith(prefix) && topics[k].Type === 'AWS::SNS::Topic');
        expect(topics[id].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlertsKey', 'Arn'] });
      }
      const subscriptions = only(template, 'AWS::SNS::Subscription').map((s) => [s.Properties.Protocol, s.Properties.Endpoint]);
      expect(subscriptions).toEqual([
        ['email', 'oncall@example.com'],
        ['email', 'oncall@example.com'],
      ]);
    });

    test('THEN the topic is encrypted with its own rotating key that EventBridge of this account may use, and TLS-only', () => {
      expect(only(template, 'AWS::SNS::Topic')[0].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlertsKey', 'Arn'] });
      const key = template.toJSON().Resources.AlertsKey;
      expect(key.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365 });
      expect(key.Properties.KeyPolicy.Statement).toContainEqual(
        expect.objectContaining({
          Sid: 'EventBridgePublishesAlerts',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        }),
      );
      const statements = only(template, 'AWS::SNS::TopicPolicy')[0].Properties.PolicyDocument.Statement;
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    });

    test('THEN EventBridge may publish only for the two alert rules of this account, and no statement admits a service unconditioned', () => {
      const rules = Object.keys(template.findResources('AWS::Events::Rule')).sort();
      const topicStatements = only(template, 'AWS::SNS::TopicPolicy')[0].Properties.PolicyDocument.Statement;
      const publish = topicStatements.find((s: { Sid?: string }) => s.Sid === 'EventBridgeRulesOfThisStackPublish');
      expect(publish.Condition.StringEquals).toEqual({ 'aws:SourceAccount': '111111111111' });
      expect(publish.Condition.ArnEquals['aws:SourceArn'].map((a: { 'Fn::GetAtt': string[] }) => a['Fn::GetAtt'][0]).sort()).toEqual(
        rules.filter((r) => r.includes('High')),
      );
      const keyStatements = template.toJSON().Resources.AlertsKey.Properties.KeyPolicy.Statement;
      const unconditioned = [...topicStatements, ...keyStatements].filter(
        (s: { Effect: string; Principal?: { Service?: string }; Condition?: object }) =>
          s.Effect === 'Allow' && s.Principal?.Service !== undefined && s.Condition === undefined,
      );
      expect(unconditioned).toEqual([]);
    });

    test('THEN on-call is subscribed by email', () => {
      expect(only(template, 'AWS::SNS::Subscription')[0].Properties).toMatchObject({ Protocol: 'email', Endpoint: 'oncall@example.com' });
    });

    test('THEN no validation pack has a finding, with no acknowledgment needed', () => {
      expect(unacknowledgedFindings(monitoring)).toEqual([]);
      expect(acknowledgmentsUnder(monitoring)).toEqual([]);
    });
  });

  test('GIVEN the DR region THEN global resources are not recorded again and standard ARNs name that region', () => {
    const { template } = build({ recordGlobalResources: false }, 'us-west-2');
    expect(only(template, 'AWS::Config::ConfigurationRecorder')[0].Properties.RecordingGroup).toEqual({
      AllSupported: true,
      IncludeGlobalResourceTypes: false,
    });
    expect(only(template, 'AWS::SecurityHub::Standard')[0].Properties.StandardsArn).toBe(
      standardArn('us-west-2', 'aws-foundational-security-best-practices/v/1.0.0'),
    );
  });

  test('GIVEN an invalid alert address THEN it throws naming it', () => {
    expect(() => build({ alertEmail: 'oncall' })).toThrow('alertEmail must be an email address, got "oncall"');
  });

  describe('GIVEN a paging endpoint and a digest address', () => {
    const { template } = build({ pagingEndpoint: 'https://events.example.com/page', digestEmail: 'digest@example.com' });

    test('THEN the page topic has the HTTPS subscription and the digest topic mails the digest address', () => {
      const subscriptions = only(template, 'AWS::SNS::Subscription').map((s) => ({
        topic: s.Properties.TopicArn.Ref.replace(/[0-9A-F]{8}$/, ''),
        protocol: s.Properties.Protocol,
        endpoint: s.Properties.Endpoint,
      }));
      expect(subscriptions).toEqual([
        { topic: 'SecurityMonitoringAlertTopic', protocol: 'email', endpoint: 'oncall@example.com' },
        { topic: 'SecurityMonitoringPageTopic', protocol: 'https', endpoint: 'https://events.example.com/page' },
        { topic: 'SecurityMonitoringDigestTopic', protocol: 'email', endpoint: 'digest@example.com' },
      ]);
    });
  });

  test.each([
    [{ pagingEndpoint: 'http://events.example.com/page' }, 'pagingEndpoint must be an https:// URL, got "http://events.example.com/page"'],
    [{ digestEmail: 'digest' }, 'digestEmail must be an email address, got "digest"'],
  ])('GIVEN %p THEN it throws naming the prop and the value', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
