import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ACTIVITY_NAMESPACE, ActivityAlarms } from '../../../lib/constructs/detection/activity-alarms';
import { ACTIVITY_ALARMS } from '../../../lib/promises/activity-alarms';
import { testStack } from '../../helpers';

type Resource = { Type: string; Properties: Record<string, any> };

describe('ActivityAlarms', () => {
  const stack = testStack();
  const key = new kms.Key(stack, 'AlertsKey');
  const topic = new sns.Topic(stack, 'Topic', { masterKey: key });
  const group = new logs.LogGroup(stack, 'TrailLogs');
  new ActivityAlarms(stack, 'Activity', { trailLogGroup: group, alertTopic: topic, alertsKey: key });
  const resources = Object.values((Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources);
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

  test('THEN one event in five minutes alarms to the topic, and no data is no alarm', () => {
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
        AlarmActions: [{ Ref: expect.stringMatching(/^Topic/) }],
      });
    }
  });

  test('THEN CloudWatch may publish to the topic only for alarms of this account, and use its key only for this account', () => {
    const conditions = {
      ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:*' },
      StringEquals: { 'aws:SourceAccount': '111111111111' },
    };
    const topicStatement = ofType('AWS::SNS::TopicPolicy')[0].PolicyDocument.Statement.find(
      (s: any) => s.Sid === 'CloudWatchAlarmsOfThisAccountPublish',
    );
    expect(topicStatement).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: conditions });
    const keyStatement = ofType('AWS::KMS::Key')[0].KeyPolicy.Statement.find((s: any) => s.Sid === 'CloudWatchAlarmsPublishAlerts');
    expect(keyStatement).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: conditions.StringEquals } });
  });
});

describe('ActivityAlarms GIVEN a page topic', () => {
  const stack = testStack();
  const key = new kms.Key(stack, 'AlertsKey');
  const topic = new sns.Topic(stack, 'Topic', { masterKey: key });
  const page = new sns.Topic(stack, 'Page', { masterKey: key });
  const group = new logs.LogGroup(stack, 'TrailLogs');
  new ActivityAlarms(stack, 'Activity', { trailLogGroup: group, alertTopic: topic, alertsKey: key, pageTopic: page });
  const resources = Object.values((Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources);

  test('THEN every alarm acts on the alert topic and the page topic, and both admit CloudWatch for this account only', () => {
    const alarms = resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(ACTIVITY_ALARMS.length);
    for (const a of alarms)
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Topic/) }, { Ref: expect.stringMatching(/^Page/) }]);
    const policies = resources.filter((r) => r.Type === 'AWS::SNS::TopicPolicy');
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      const s = p.Properties.PolicyDocument.Statement.find((x: { Sid: string }) => x.Sid === 'CloudWatchAlarmsOfThisAccountPublish');
      expect(s.Condition.StringEquals).toEqual({ 'aws:SourceAccount': '111111111111' });
    }
  });
});
