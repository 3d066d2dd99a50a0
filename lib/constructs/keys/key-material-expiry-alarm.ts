import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { RampartKey } from './rampart-key';

/** Warn this many days before imported key material expires: time to obtain and import new material. */
export const EXPIRY_WARNING_DAYS = 30;

export interface KeyMaterialExpiryAlarmProps {
  /**
   * Rotation period of the topic's key (policy.keyRotation.awsMaxDays; stacks pass the plan's).
   * @default PUBLISHED_POLICY.keyRotation.awsMaxDays, RampartKey's default
   */
  readonly rotationPeriodDays?: number;
  /** The BYOK key (Origin EXTERNAL) whose imported material is watched. */
  readonly key: kms.IKey;
  /** Who is told: the on-call address (and, by the runbook, the customer's key custodian). */
  readonly alertEmail: string;
  /** Alias of the small key encrypting the alarm topic. */
  readonly topicKeyAlias: string;
}

/**
 * BYOK: when imported key material expires, KMS deletes it and everything under the key becomes
 * unreadable until the customer imports the same material again. This alarm watches KMS's
 * `SecondsUntilKeyMaterialExpiration` metric and tells on-call `EXPIRY_WARNING_DAYS` ahead. Missing data
 * counts as breaching: it means no material is imported yet, or material that never expires was
 * imported against the runbook (which requires an expiry date so the customer can revoke).
 * The topic has its own key: the watched key may be the one that is failing.
 */
export class KeyMaterialExpiryAlarm extends Construct {
  public readonly alarm: cloudwatch.Alarm;
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: KeyMaterialExpiryAlarmProps) {
    super(scope, id);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.alertEmail)) {
      throw new Error(`KeyMaterialExpiryAlarm ${this.node.path}: alertEmail must be an email address, got "${props.alertEmail}"`);
    }
    const stack = Stack.of(this);
    const topicKey = new RampartKey(this, 'TopicKey', {
      alias: props.topicKeyAlias,
      rotationPeriodDays: props.rotationPeriodDays,
      description: 'Rampart BYOK expiry alarm topic key',
      viaServices: ['sns'],
      servicePrincipalStatements: [
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      ],
    }).key;
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Rampart BYOK key material expiry', masterKey: topicKey, enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));

    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription: `Imported key material of ${props.key.keyId} expires within ${EXPIRY_WARNING_DAYS} days (or none is imported): import new material per the README BYOK runbook`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/KMS',
        metricName: 'SecondsUntilKeyMaterialExpiration',
        dimensionsMap: { KeyId: props.key.keyId },
        statistic: 'Minimum',
        period: Duration.hours(1),
      }),
      threshold: EXPIRY_WARNING_DAYS * 24 * 60 * 60,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.topic));
  }
}
