import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { HttpsListenerTls13 } from '../../../lib/nag/rules/HttpsListenerTls13';
import { PUBLISHED_POLICY } from '../../../lib/promises/policy-numbers';
import { testStack } from '../../helpers';

function listener(props: Partial<elbv2.CfnListenerProps>) {
  return new elbv2.CfnListener(testStack(), 'L', { loadBalancerArn: 'arn:lb', defaultActions: [{ type: 'fixed-response' }], ...props });
}

describe('Rampart-HttpsListenerTls13 (TLS)', () => {
  test.each(['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09'])(
    'GIVEN an HTTPS listener with %s THEN compliant',
    (sslPolicy) => {
      expect(HttpsListenerTls13.check(listener({ protocol: 'HTTPS', port: 443, sslPolicy }))).toBe(NagRuleCompliance.COMPLIANT);
    },
  );

  test.each([
    'ELBSecurityPolicy-2016-08',
    'ELBSecurityPolicy-TLS-1-2-2017-01',
    'ELBSecurityPolicy-TLS13-1-0-2021-06',
    'ELBSecurityPolicy-TLS13-1-1-2021-06',
  ])('GIVEN an HTTPS listener with %s THEN non-compliant', (sslPolicy) => {
    expect(HttpsListenerTls13.check(listener({ protocol: 'HTTPS', port: 443, sslPolicy }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN an HTTPS listener without a policy (ELB falls back to TLS 1.0) THEN non-compliant', () => {
    expect(HttpsListenerTls13.check(listener({ protocol: 'HTTPS', port: 443 }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a policy set through an override THEN the override is what is checked', () => {
    const l = listener({ protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    l.addPropertyOverride('SslPolicy', 'ELBSecurityPolicy-2016-08');
    expect(HttpsListenerTls13.check(l)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN an HTTP listener THEN not applicable', () => {
    expect(HttpsListenerTls13.check(listener({ protocol: 'HTTP', port: 80 }))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});

describe('Rampart-HttpsListenerTls13 reads the policy (TLS-EDGE minimum is config)', () => {
  test('GIVEN a TLS13-1-2 listener THEN compliant under the published 1.2 minimum, non-compliant when policy.tls.minimum is 1.3', () => {
    const l = listener({ protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(HttpsListenerTls13.check(l)).toBe(NagRuleCompliance.COMPLIANT);
    const strict = { ...PUBLISHED_POLICY, tls: { ...PUBLISHED_POLICY.tls, minimum: '1.3' as const } };
    expect(HttpsListenerTls13.check(l, strict)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(HttpsListenerTls13.check(listener({ protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' }), strict)).toBe(
      NagRuleCompliance.COMPLIANT,
    );
  });
});
