import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PeopleAccess } from '../../../lib/constructs/access/people-access';
import { SecurityMonitoring } from '../../../lib/constructs/audit/security-monitoring';
import { breakGlassUsePattern, MFA_CONFIG_RULES } from '../../../lib/promises/people-access';
import { testStack } from '../../helpers';

type Resource = { Type: string; Properties: Record<string, any> };

function build(breakGlassPrincipals: readonly string[]): Resource[] {
  const stack = testStack();
  const monitoring = new SecurityMonitoring(stack, 'Monitoring', {
    alertEmail: 'oncall@example.com',
    alertsKeyAlias: 'alias/test/alerts',
    archiveBucket: new s3.Bucket(stack, 'Archive'),
    archiveKey: new kms.Key(stack, 'Logs'),
    recordGlobalResources: true,
  });
  new PeopleAccess(stack, 'People', {
    monitoring,
    trailLogGroup: new logs.LogGroup(stack, 'Trail'),
    breakGlassRoleName: 'org-prod-break-glass',
    breakGlassPrincipals,
  });
  return Object.values((Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources);
}

const ALICE = 'arn:aws:iam::999999999999:user/break-glass-1';

describe('PeopleAccess', () => {
  test('GIVEN any account THEN Config reports MFA on root and IAM users, and non-compliance pages', () => {
    const resources = build([]);
    expect(resources.filter((r) => r.Type === 'AWS::Config::ConfigRule').map((r) => r.Properties.Source.SourceIdentifier)).toEqual([
      ...MFA_CONFIG_RULES,
    ]);
    const rule = resources.find((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern.source[0] === 'aws.config')!;
    expect(rule.Properties.EventPattern.detail.newEvaluationResult).toEqual({ complianceType: ['NON_COMPLIANT'] });
    expect(resources.filter((r) => r.Type === 'AWS::IAM::Role')).toEqual([]);
  });

  test('GIVEN break-glass principals THEN the role trusts only them, only with MFA of the last hour, for one-hour sessions', () => {
    const [role] = build([ALICE]).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(role.Properties.RoleName).toBe('org-prod-break-glass');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: ALICE },
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
      },
    ]);
  });

  test('THEN every AssumeRole of it alarms to the alert topic and pages', () => {
    const resources = build([ALICE]);
    const [filter] = resources.filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    expect(filter.Properties.FilterPattern).toBe(breakGlassUsePattern('arn:aws:iam::111111111111:role/org-prod-break-glass'));
    const [alarm] = resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({
      MetricName: 'BreakGlassUse',
      Threshold: 1,
      AlarmActions: [{ Ref: expect.stringMatching(/^MonitoringAlertTopic/) }, { Ref: expect.stringMatching(/^MonitoringPageTopic/) }],
    });
  });

  test('GIVEN an account root or a wildcard as break-glass principal THEN construction fails naming it', () => {
    expect(() => build(['arn:aws:iam::999999999999:root'])).toThrow(
      /breakGlassPrincipals must be IAM user or role ARNs, got \["arn:aws:iam::999999999999:root"\]/,
    );
  });
});
