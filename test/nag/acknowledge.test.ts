import { Stack } from 'aws-cdk-lib';
import { acknowledge, packOfRule } from '../../lib/nag/acknowledge';
import { acknowledgmentsUnder, testStack } from '../helpers';

const REASON = 'A reason that explains the exception to an auditor in full.';

describe('acknowledge', () => {
  test('GIVEN a rule id WHEN acknowledged THEN it is recorded with the plugin prefix that keeps the reason in the report', () => {
    const stack = testStack();
    acknowledge(stack, 'HIPAA.Security-S3BucketReplicationEnabled', REASON);
    expect(acknowledgmentsUnder(stack)).toEqual([{ path: 'Test', id: 'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled', reason: REASON }]);
  });

  test.each(['', '   ', 'because'])('GIVEN the reason %p WHEN acknowledged THEN it throws', (reason) => {
    expect(() => acknowledge(testStack(), 'AwsSolutions-S1', reason)).toThrow(/reason must explain the exception/);
  });

  test('GIVEN the app itself WHEN acknowledged THEN it throws: never app-wide', () => {
    const app = testStack().node.root as unknown as Stack;
    expect(() => acknowledge(app, 'AwsSolutions-S1', REASON)).toThrow(/never acknowledge app-wide/);
  });

  test('GIVEN an id of an unknown pack THEN it throws naming the id', () => {
    expect(() => packOfRule('Serverless-LambdaTracing')).toThrow('rule id "Serverless-LambdaTracing" does not start with a known pack prefix');
  });
});
