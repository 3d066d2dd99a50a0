import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { NoLoss } from '../../../lib/nag/rules/NoLoss';
import { cfnOf, testStack } from '../../helpers';

describe('Rampart-NoLoss (NO-LOSS)', () => {
  test('GIVEN a retained bucket THEN compliant', () => {
    expect(NoLoss.check(cfnOf(new s3.Bucket(testStack(), 'B', { removalPolicy: RemovalPolicy.RETAIN })))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN a bucket destroyed on removal THEN non-compliant', () => {
    expect(NoLoss.check(cfnOf(new s3.Bucket(testStack(), 'B', { removalPolicy: RemovalPolicy.DESTROY })))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a log group retained on delete but not on replacement THEN non-compliant', () => {
    const group = cfnOf(new logs.LogGroup(testStack(), 'L', { removalPolicy: RemovalPolicy.RETAIN }));
    group.cfnOptions.updateReplacePolicy = undefined;
    expect(NoLoss.check(group)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a stateless resource THEN not applicable', () => {
    expect(NoLoss.check(cfnOf(new sns.Topic(testStack(), 'T')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
