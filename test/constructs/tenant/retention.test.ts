import * as logs from 'aws-cdk-lib/aws-logs';
import { logRetentionAtLeast } from '../../../lib/constructs/tenant/retention';

describe('logRetentionAtLeast', () => {
  test.each([
    [30, logs.RetentionDays.ONE_MONTH],
    [365, logs.RetentionDays.ONE_YEAR],
    [366, logs.RetentionDays.THIRTEEN_MONTHS],
    [2555, logs.RetentionDays.SEVEN_YEARS],
    [3650, logs.RetentionDays.TEN_YEARS],
  ])('GIVEN %p days THEN logs are kept for the shortest CloudWatch period that is not shorter (%p)', (days, expected) => {
    expect(logRetentionAtLeast(days)).toBe(expected);
  });

  test('GIVEN more than ten years THEN it throws (never "infinite")', () => {
    expect(() => logRetentionAtLeast(4000)).toThrow('no CloudWatch Logs retention of at least 4000 days');
  });
});
