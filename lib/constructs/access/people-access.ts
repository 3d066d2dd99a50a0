import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag/acknowledge';
import { iamRoleArn } from '../../plan/naming';
import { ACTIVITY_ALARM_PERIOD_SECONDS } from '../../promises/activity-alarms';
import { BREAK_GLASS_PRINCIPAL, BREAK_GLASS_SESSION_SECONDS, breakGlassUsePattern, MFA_CONFIG_RULES } from '../../promises/people-access';
import type { SecurityMonitoring } from '../audit/security-monitoring';
import { ACTIVITY_NAMESPACE } from '../detection/activity-alarms';

export interface PeopleAccessProps {
  /** Where alerts go; its recorder must exist before Config rules. */
  readonly monitoring: SecurityMonitoring;
  /** The account trail's log group: every use of the break-glass role is found there. */
  readonly trailLogGroup: logs.ILogGroup;
  /** Name of the break-glass role (`<org>-<env>-break-glass`). */
  readonly breakGlassRoleName: string;
  /**
   * IAM users or roles, outside Identity Center, that may assume the break-glass role with MFA.
   * Empty: no break-glass role.
   */
  readonly breakGlassPrincipals: readonly string[];
}

/**
 * ACCESS-MFA, once per account (next to its trail, where Config records global resources):
 *
 * - AWS Config managed rules reporting MFA on the root user, on every IAM user and on every IAM
 *   user with a console password; a NON_COMPLIANT result goes to the alert topic. (People reach
 *   production through Identity Center, whose MFA is its own sign-in setting: README.)
 * - The break-glass role, for when Identity Center is unavailable: assumable only by the named
 *   principals, only with MFA used within the hour, for sessions of at most an hour; every
 *   AssumeRole of it alarms to the alert topic. It carries the account's permissions boundary like
 *   every role, and AdministratorAccess within it.
 */
export class PeopleAccess extends Construct {
  public readonly breakGlassRole?: iam.Role;

  constructor(scope: Construct, id: string, props: PeopleAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const rules = MFA_CONFIG_RULES.map((identifier) => {
      const rule = new config.CfnConfigRule(this, identifier.replace(/_/g, ''), {
        description: `ACCESS-MFA: ${identifier}`,
        source: { owner: 'AWS', sourceIdentifier: identifier },
        maximumExecutionFrequency: 'TwentyFour_Hours',
      });
      rule.node.addDependency(props.monitoring.recorder);
      return rule;
    });
    props.monitoring.routeToAlerts(
      'MfaMissing',
      {
        description: 'Root or an IAM user without MFA (AWS Config) to on-call',
        eventPattern: {
          source: ['aws.config'],
          detailType: ['Config Rules Compliance Change'],
          detail: { configRuleName: rules.map((r) => r.ref), newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
        },
      },
      this,
    );

    if (props.breakGlassPrincipals.length === 0) return;
    const wrong = props.breakGlassPrincipals.filter((p) => !BREAK_GLASS_PRINCIPAL.test(p));
    if (wrong.length > 0)
      throw new Error(`PeopleAccess ${this.node.path}: breakGlassPrincipals must be IAM user or role ARNs, got ${JSON.stringify(wrong)}`);
    const withMfa = {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': String(BREAK_GLASS_SESSION_SECONDS) },
    };
    const role = new iam.Role(this, 'BreakGlassRole', {
      roleName: props.breakGlassRoleName,
      description: 'Break-glass: for when IAM Identity Center is unavailable; named principals with MFA only; every use alarms',
      assumedBy: new iam.CompositePrincipal(...props.breakGlassPrincipals.map((arn) => new iam.ArnPrincipal(arn).withConditions(withMfa))),
      maxSessionDuration: Duration.seconds(BREAK_GLASS_SESSION_SECONDS),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });
    acknowledge(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      'Break-glass exists to repair anything when Identity Center is down: it is capped by the account permissions boundary, assumable only by the named principals with MFA for one hour, and every AssumeRole of it alarms on-call.',
    );
    this.breakGlassRole = role;
    const roleArn = iamRoleArn(stack.account, props.breakGlassRoleName, stack.partition);
    const filter = new logs.MetricFilter(this, 'BreakGlassUseFilter', {
      logGroup: props.trailLogGroup,
      filterPattern: logs.FilterPattern.literal(breakGlassUsePattern(roleArn)),
      metricNamespace: ACTIVITY_NAMESPACE,
      metricName: 'BreakGlassUse',
      metricValue: '1',
    });
    new cloudwatch.Alarm(this, 'BreakGlassUseAlarm', {
      alarmDescription: `Rampart: the break-glass role ${props.breakGlassRoleName} was assumed. Confirm the incident with the person named in the event.`,
      metric: filter.metric({ statistic: 'Sum', period: Duration.seconds(ACTIVITY_ALARM_PERIOD_SECONDS) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(...props.monitoring.alarmActions());
  }
}
