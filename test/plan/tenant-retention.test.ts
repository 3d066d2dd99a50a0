import { tenantRetentionDays } from '../../lib/plan/tenant-plans';
import { PUBLISHED_POLICY } from '../../lib/promises/policy-numbers';

describe('tenantRetentionDays (RETENTION)', () => {
  test.each([
    [{ id: 'a', plan: 'starter' as const }, 30],
    [{ id: 'b', plan: 'pro' as const }, 365],
    [{ id: 'c', plan: 'enterprise' as const, retentionDays: 2555 }, 2555],
  ])('GIVEN %p and the published policy THEN the plan keeps data %p days', (tenant, days) => {
    expect(tenantRetentionDays(tenant, PUBLISHED_POLICY)).toBe(days);
  });

  test('GIVEN a policy with other plan days THEN the plans follow the policy, not a constant', () => {
    const policy = { ...PUBLISHED_POLICY, retention: { ...PUBLISHED_POLICY.retention, starterDays: 14, proDays: 180 } };
    expect(tenantRetentionDays({ id: 'a', plan: 'starter' }, policy)).toBe(14);
    expect(tenantRetentionDays({ id: 'b', plan: 'pro' }, policy)).toBe(180);
  });

  test('GIVEN enterprise without retentionDays THEN it throws naming the tenant', () => {
    expect(() => tenantRetentionDays({ id: 'c', plan: 'enterprise' }, PUBLISHED_POLICY)).toThrow(
      'tenant "c" on plan enterprise has no retentionDays',
    );
  });
});
