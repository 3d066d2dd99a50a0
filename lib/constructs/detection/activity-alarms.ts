import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { SecurityMonitoring } from '../audit/security-monitoring';
import { ACTIVITY_ALARM_PERIOD_SECONDS, ACTIVITY_ALARMS, type ActivityAlarm } from '../../promises/activity-alarms';

/** The metric namespace of every activity alarm. */
export const ACTIVITY_NAMESPACE = 'Rampart/Activity';

export interface ActivityAlarmsProps {
  /** The account trail's log group (`AuditTrail.logGroup`): every region's events of the account land there. */
  readonly trailLogGroup: logs.ILogGroup;
  /** Every alarm mails the alert topic and pages through the page topic; SecurityMonitoring admits the alarms there. */
  readonly monitoring: SecurityMonitoring;
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
    const actions = props.monitoring.alarmActions();
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
  }
}
