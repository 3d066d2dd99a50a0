import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecurityMonitoring } from '../../../lib/constructs/audit/security-monitoring';
import { AccessAnalyzers } from '../../../lib/constructs/detection/access-analyzers';
import { ACCESS_REVIEW } from '../../../lib/promises/access-review';
import { testStack } from '../../helpers';

type Resource = { Type: string; Properties: Record<string, any> };

function build(unusedAccess: boolean): Resource[] {
  const stack = testStack();
  const monitoring = new SecurityMonitoring(stack, 'Monitoring', {
    alertEmail: 'oncall@example.com',
    alertsKeyAlias: 'alias/test/alerts',
    archiveBucket: new s3.Bucket(stack, 'Archive'),
    archiveKey: new kms.Key(stack, 'Logs'),
    recordGlobalResources: true,
  });
  new AccessAnalyzers(stack, 'Access', { monitoring, unusedAccess });
  return Object.values((Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources);
}

describe('AccessAnalyzers', () => {
  test('GIVEN the account trail stack THEN external and unused access (one quarter) are analysed', () => {
    const analyzers = build(true).filter((r) => r.Type === 'AWS::AccessAnalyzer::Analyzer');
    expect(analyzers.map((a) => a.Properties)).toEqual([
      { Type: 'ACCOUNT' },
      { Type: 'ACCOUNT_UNUSED_ACCESS', AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: ACCESS_REVIEW.unusedAccessAgeDays } } },
    ]);
  });

  test('GIVEN another region of the account THEN only external access is analysed there', () => {
    expect(
      build(false)
        .filter((r) => r.Type === 'AWS::AccessAnalyzer::Analyzer')
        .map((a) => a.Properties.Type),
    ).toEqual(['ACCOUNT']);
  });

  test('THEN active findings of both go to the alert topic, and the topic admits EventBridge for that rule too', () => {
    const resources = build(true);
    const rule = resources.find((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern.source?.[0] === 'aws.access-analyzer')!;
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.access-analyzer'],
      'detail-type': ['Access Analyzer Finding', 'Unused Access Finding for IAM entities'],
      detail: { status: ['ACTIVE'] },
    });
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { Ref: expect.stringMatching(/^MonitoringAlertTopic/) } }),
      expect.objectContaining({ Arn: { Ref: expect.stringMatching(/^MonitoringPageTopic/) } }),
    ]);
    const policy = resources.find((r) => r.Type === 'AWS::SNS::TopicPolicy')!;
    const publish = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'EventBridgeRulesOfThisStackPublish');
    expect(publish.Condition.ArnEquals['aws:SourceArn']).toHaveLength(3);
  });
});
