import * as logs from 'aws-cdk-lib/aws-logs';
import { logRetentionAtLeast, tenantRetentionDays } from '../../../lib/constructs/tenant/retention';

describe('tenantRetentionDays', () => {
  test.each([
    [{ id: 'a', plan: 'starter' as const }, 30],
    [{ id: 'b', plan: 'pro' as const }, 365],
    [{ id: 'c', plan: 'enterprise' as const, retentionDays: 2555 }, 2555],
  ])('GIVEN %p THEN the plan keeps data %p days', (tenant, days) => {
    expect(tenantRetentionDays(tenant)).toBe(days);
  });

  test('GIVEN enterprise without retentionDays THEN it throws naming the tenant', () => {
    expect(() => tenantRetentionDays({ id: 'c', plan: 'enterprise' })).toThrow('tenant c: plan enterprise requires retentionDays, got undefined');
  });
});

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
