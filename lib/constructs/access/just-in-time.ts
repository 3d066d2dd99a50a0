import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag/acknowledge';
import { JUST_IN_TIME } from '../../promises/people-access';
import { LogsKeyRing } from '../keys/key-ring';
import { RampartKey } from '../keys/rampart-key';
import { retainedLogGroup } from '../logging/retained-log-group';

export interface JustInTimeAccessProps {
  readonly instanceArn: string;
  /** The write permission sets that may be granted just in time, by name. */
  readonly permissionSets: Readonly<Record<string, string>>;
  /** Production accounts an elevation may target. */
  readonly accounts: readonly string[];
  readonly stateMachineName: string;
  /** `<org>/<env>/identity`: prefix of this construct's key aliases. */
  readonly aliasPrefix: string;
  readonly rotationPeriodDays: number;
  /** Where every step is announced. */
  readonly alertEmail: string;
}

/**
 * ACCESS-JIT: the only way a write permission set reaches a production account. A state machine
 * checks the request (a known write set, a production account, a duration within bounds), creates
 * the account assignment, announces it, waits the requested time, deletes the assignment and
 * announces that; a failure is announced too. Every state is logged (level ALL, encrypted) and
 * traced. Who may start an execution is the approval: only principals allowed states:StartExecution
 * on it in the management account (the approvers), never the requester alone (README).
 */
export class JustInTimeAccess extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: JustInTimeAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logsKey = new LogsKeyRing(this, 'Keys', {
      aliasPrefix: props.aliasPrefix,
      rotationPeriodDays: props.rotationPeriodDays,
      logsKeyForCloudTrail: false,
    }).logs;
    const alertsKey = new RampartKey(this, 'AlertsKey', {
      alias: `alias/${props.aliasPrefix}/access-alerts`,
      description: 'Rampart just-in-time access alerts key: the access topic only',
      viaServices: ['sns'],
      rotationPeriodDays: props.rotationPeriodDays,
    }).key;
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Rampart production access', masterKey: alertsKey, enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));

    const accountArns = props.accounts.map((a) => `arn:${stack.partition}:sso:::account/${a}`);
    const assignment = {
      InstanceArn: props.instanceArn,
      'PermissionSetArn.$': '$.permissionSetArn',
      'PrincipalId.$': '$.userId',
      PrincipalType: 'USER',
      'TargetId.$': '$.account',
      TargetType: 'AWS_ACCOUNT',
    };
    const ssoResources = [props.instanceArn, ...Object.values(props.permissionSets), ...accountArns];
    const announce = (stateId: string, text: string) =>
      new tasks.SnsPublish(this, stateId, {
        topic: this.topic,
        subject: `Rampart production access: ${text}`,
        message: sfn.TaskInput.fromJsonPathAt(
          "States.Format('{} {} for user {} in account {} ({}), reason: {}', $$.Execution.Name, '" +
            text +
            "', $.userId, $.account, $.permissionSet, $.reason)",
        ),
        resultPath: sfn.JsonPath.DISCARD,
      });

    const failed = announce('AnnounceFailure', 'request refused or failed').next(new sfn.Fail(this, 'Refused'));
    const grant = new tasks.CallAwsService(this, 'CreateAssignment', {
      service: 'ssoadmin',
      action: 'createAccountAssignment',
      parameters: assignment,
      iamResources: ssoResources,
      resultPath: '$.grant',
    });
    grant.addCatch(failed, { resultPath: '$.error' });
    const revoke = new tasks.CallAwsService(this, 'DeleteAssignment', {
      service: 'ssoadmin',
      action: 'deleteAccountAssignment',
      parameters: assignment,
      iamResources: ssoResources,
      resultPath: '$.revoke',
    });
    revoke.addRetry({ maxAttempts: 6, interval: Duration.minutes(1), backoffRate: 2 });
    revoke.addCatch(failed, { resultPath: '$.error' });

    const setArns = Object.entries(props.permissionSets).map(
      ([name, arn]) => new sfn.Pass(this, `Use${name}`, { result: sfn.Result.fromString(arn), resultPath: '$.permissionSetArn' }),
    );
    const timed = grant
      .next(announce('AnnounceGranted', 'granted'))
      .next(new sfn.Wait(this, 'HoldForDuration', { time: sfn.WaitTime.secondsPath('$.durationSeconds') }))
      .next(revoke)
      .next(announce('AnnounceRevoked', 'removed'))
      .next(new sfn.Succeed(this, 'Done'));
    const chooseSet = new sfn.Choice(this, 'WhichPermissionSet');
    Object.keys(props.permissionSets).forEach((name, i) =>
      chooseSet.when(sfn.Condition.stringEquals('$.permissionSet', name), setArns[i].next(timed)),
    );
    chooseSet.otherwise(failed);
    const inBounds = sfn.Condition.and(
      sfn.Condition.isNumeric('$.durationSeconds'),
      sfn.Condition.numberGreaterThanEquals('$.durationSeconds', JUST_IN_TIME.minSeconds),
      sfn.Condition.numberLessThanEquals('$.durationSeconds', JUST_IN_TIME.maxSeconds),
      sfn.Condition.or(...props.accounts.map((a) => sfn.Condition.stringEquals('$.account', a))),
      sfn.Condition.isString('$.userId'),
      sfn.Condition.isString('$.reason'),
    );
    const definition = announce('AnnounceRequest', 'requested').next(
      new sfn.Choice(this, 'CheckRequest').when(inBounds, chooseSet).otherwise(failed),
    );

    // The role's permissions are one customer-managed policy (the compliance packs reject inline
    // policies); the grants CDK would add for the tasks, logging and tracing are written here instead.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `Just-in-time access state machine ${props.stateMachineName}: one account assignment at a time`,
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Permissions of ${props.stateMachineName}`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'AssignAndRemoveWriteSetsInProduction',
          actions: [
            'sso:CreateAccountAssignment',
            'sso:DeleteAccountAssignment',
            'sso:DescribeAccountAssignmentCreationStatus',
            'sso:DescribeAccountAssignmentDeletionStatus',
          ],
          resources: ssoResources,
        }),
        new iam.PolicyStatement({ sid: 'AnnounceEachStep', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
        new iam.PolicyStatement({ sid: 'EncryptAnnouncements', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [alertsKey.keyArn] }),
        new iam.PolicyStatement({
          sid: 'DeliverExecutionLogsAndTraces',
          actions: [
            'logs:CreateLogDelivery',
            'logs:GetLogDelivery',
            'logs:UpdateLogDelivery',
            'logs:DeleteLogDelivery',
            'logs:ListLogDeliveries',
            'logs:PutResourcePolicy',
            'logs:DescribeResourcePolicies',
            'logs:DescribeLogGroups',
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
          ],
          resources: ['*'],
        }),
      ],
    });
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery (logs:CreateLogDelivery and the other delivery actions) and X-Ray (PutTraceSegments) support no resource-level permissions; the SSO actions name the instance, the two write permission sets and the production accounts.',
    );
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      role: role.withoutPolicyUpdates(),
      timeout: Duration.seconds(JUST_IN_TIME.maxSeconds + 3600),
      tracingEnabled: true,
      logs: {
        destination: retainedLogGroup(this, 'Logs', { encryptionKey: logsKey, pinAs: 'JustInTimeLogs' }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });
    this.stateMachine.node.addDependency(policy);
  }
}
