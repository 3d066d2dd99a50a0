import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ACTIVITY_ALARM_PERIOD_SECONDS, ACTIVITY_ALARMS, type ActivityAlarm } from '../../promises/activity-alarms';

/** The metric namespace of every activity alarm. */
export const ACTIVITY_NAMESPACE = 'Rampart/Activity';

export interface ActivityAlarmsProps {
  /** The account trail's log group (`AuditTrail.logGroup`): every region's events of the account land there. */
  readonly trailLogGroup: logs.ILogGroup;
  /** The alert topic (`SecurityMonitoring.alertTopic`) and the key that encrypts it. */
  readonly alertTopic: sns.ITopic;
  readonly alertsKey: kms.IKey;
  /**
   * DETECT: the page topic (`SecurityMonitoring.pageTopic`, under the same key): every alarm pages too.
   * @default - the alarms only mail the alert topic
   */
  readonly pageTopic?: sns.ITopic;
  /**
   * The alarms to build.
   * @default ACTIVITY_ALARMS (lib/promises/activity-alarms.ts): CIS AWS Foundations section 4 and Rampart's own
   */
  readonly alarms?: readonly ActivityAlarm[];
}

/**
 * DETECT-ACTIVITY: a metric filter and an alarm for each thing people do that on-call must hear
 * about (root use, console sign-in without MFA, failed sign-ins, IAM, KMS, backup, bucket policy,
 * network and trail changes), on the account trail's log group, to the alert topic. One matching
 * event in five minutes alarms; no event is no data, which is not an alarm.
 *
 * Built once per account, next to its multi-region trail: global services (IAM, sign-in) are
 * delivered in the trail's region, so one set covers every region of the account.
 */
export class ActivityAlarms extends Construct {
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ActivityAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const topics = [props.alertTopic, ...(props.pageTopic ? [props.pageTopic] : [])];
    const actions = topics.map((t) => ({ bind: () => ({ alarmActionArn: t.topicArn }) }));
    this.alarms = (props.alarms ?? ACTIVITY_ALARMS).map((a) => {
      const filter = new logs.MetricFilter(this, `${a.id}Filter`, {
        logGroup: props.trailLogGroup,
        filterPattern: logs.FilterPattern.literal(a.pattern),
        metricNamespace: ACTIVITY_NAMESPACE,
        metricName: a.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${a.id}Alarm`, {
        alarmDescription: `Rampart: ${a.title} (${a.reference}). Look up the event in the trail's log group.`,
        metric: filter.metric({ statistic: 'Sum', period: Duration.seconds(ACTIVITY_ALARM_PERIOD_SECONDS) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(...actions);
      return alarm;
    });

    // CloudWatch publishes these alarms to the encrypted topic: admitted for this account's alarms only.
    const alarmsOfThisAccount = {
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
      StringEquals: { 'aws:SourceAccount': stack.account },
    };
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    for (const topic of topics) {
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsOfThisAccountPublish',
          principals: [cloudWatch],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: alarmsOfThisAccount,
        }),
      );
    }
    // The key admits CloudWatch for this account only, as it admits EventBridge: the key use is SNS's,
    // on the alarm's behalf, and the topic statement above already names the alarms.
    props.alertsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishAlerts',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
  }
}
