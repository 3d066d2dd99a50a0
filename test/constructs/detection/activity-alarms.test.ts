import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecurityMonitoring } from '../../../lib/constructs/audit/security-monitoring';
import { ACTIVITY_NAMESPACE, ActivityAlarms } from '../../../lib/constructs/detection/activity-alarms';
import { ACTIVITY_ALARMS } from '../../../lib/promises/activity-alarms';
import { testStack } from '../../helpers';

type Resource = { Type: string; Properties: Record<string, any> };

function monitoringIn(stack: Stack): SecurityMonitoring {
  return new SecurityMonitoring(stack, 'Monitoring', {
    alertEmail: 'oncall@example.com',
    alertsKeyAlias: 'alias/test/alerts',
    archiveBucket: new s3.Bucket(stack, 'Archive'),
    archiveKey: new kms.Key(stack, 'Logs'),
    recordGlobalResources: true,
  });
}

const resourcesOf = (stack: Stack) => Object.values((Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources);
const sidsOf = (document: { Statement: { Sid?: string }[] }) => document.Statement.map((s) => s.Sid);

describe('ActivityAlarms', () => {
  const stack = testStack();
  const group = new logs.LogGroup(stack, 'TrailLogs');
  new ActivityAlarms(stack, 'Activity', { trailLogGroup: group, monitoring: monitoringIn(stack) });
  const resources = resourcesOf(stack);
  const ofType = (type: string) => resources.filter((r) => r.Type === type).map((r) => r.Properties);

  test('GIVEN the catalog of activities THEN each has a filter with its exact pattern on the trail log group', () => {
    const filters = ofType('AWS::Logs::MetricFilter');
    expect(filters.map((f) => f.FilterPattern)).toEqual(ACTIVITY_ALARMS.map((a) => a.pattern));
    for (const f of filters) {
      expect(f.LogGroupName).toEqual({ Ref: expect.stringMatching(/^TrailLogs/) });
      expect(f.MetricTransformations).toEqual([{ MetricNamespace: ACTIVITY_NAMESPACE, MetricName: expect.any(String), MetricValue: '1' }]);
    }
    expect(ACTIVITY_ALARMS.map((a) => a.id)).toEqual(
      expect.arrayContaining([
        'RootUse',
        'ConsoleSignInWithoutMfa',
        'ConsoleSignInFailures',
        'IamPolicyChanges',
        'KmsKeyDisabledOrDeleted',
        'BackupVaultOrPlanChanges',
      ]),
    );
  });

  test('THEN one event in five minutes alarms to the alert and page topics, and no data is no alarm', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(ACTIVITY_ALARMS.length);
    for (const a of alarms) {
      expect(a).toMatchObject({
        Namespace: ACTIVITY_NAMESPACE,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: expect.stringMatching(/^MonitoringAlertTopic/) }, { Ref: expect.stringMatching(/^MonitoringPageTopic/) }],
      });
    }
  });

  test('THEN the alert and page topics admit CloudWatch only for alarms of this account, and their key only for this account', () => {
    const conditions = {
      ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:*' },
      StringEquals: { 'aws:SourceAccount': '111111111111' },
    };
    const policies = ofType('AWS::SNS::TopicPolicy').filter((p) => sidsOf(p.PolicyDocument).includes('CloudWatchAlarmsOfThisAccountPublish'));
    expect(policies.map((p) => p.Topics)).toEqual([
      [{ Ref: expect.stringMatching(/^MonitoringAlertTopic/) }],
      [{ Ref: expect.stringMatching(/^MonitoringPageTopic/) }],
    ]);
    for (const p of policies) {
      const statement = p.PolicyDocument.Statement.find((s: any) => s.Sid === 'CloudWatchAlarmsOfThisAccountPublish');
      expect(statement).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: conditions });
    }
    const alertsKey = ofType('AWS::KMS::Key').find((k) => sidsOf(k.KeyPolicy).includes('CloudWatchAlarmsPublishAlerts'));
    const keyStatement = alertsKey?.KeyPolicy.Statement.find((s: any) => s.Sid === 'CloudWatchAlarmsPublishAlerts');
    expect(keyStatement).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: conditions.StringEquals } });
  });
});

describe('SecurityMonitoring without alarms', () => {
  test('THEN its topics and alerts key admit no CloudWatch: the grant comes with the first alarm actions', () => {
    const stack = testStack();
    monitoringIn(stack);
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('cloudwatch.amazonaws.com');
  });

  test('WHEN two constructs ask for the alarm actions THEN the grant is added once', () => {
    const stack = testStack();
    const monitoring = monitoringIn(stack);
    monitoring.alarmActions();
    monitoring.alarmActions();
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json.match(/CloudWatchAlarmsOfThisAccountPublish/g)).toHaveLength(2);
    expect(json.match(/CloudWatchAlarmsPublishAlerts/g)).toHaveLength(1);
  });
});
