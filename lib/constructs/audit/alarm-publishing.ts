import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * Lets CloudWatch alarms of this account (and only them) publish to `topics`, encrypted under `key`:
 * a statement on each topic's policy naming the account's alarms, and one on the key admitting
 * CloudWatch for this account. Called by the owner of the topics and the key (SecurityMonitoring).
 */
export function admitAlarmsOfThisAccount(scope: Construct, topics: readonly sns.ITopic[], key: kms.IKey): void {
  const stack = Stack.of(scope);
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
  // on the alarm's behalf, and the topic statements above already name the alarms.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublishAlerts',
      principals: [cloudWatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  );
}
