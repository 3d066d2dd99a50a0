import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as shield from 'aws-cdk-lib/aws-shield';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { NagRuleCompliance } from 'cdk-nag';
import { ShieldOnPublicEndpoint } from '../../../lib/nag/rules/ShieldOnPublicEndpoint';
import { testStack } from '../../helpers';

function loadBalancer(props: Partial<elbv2.CfnLoadBalancerProps> = {}) {
  return new elbv2.CfnLoadBalancer(testStack(), 'Alb', { subnets: ['s-1', 's-2'], scheme: 'internet-facing', ...props });
}

describe('Rampart-ShieldOnPublicEndpoint (DDOS)', () => {
  test('GIVEN an internet-facing ALB with a Shield protection in its stack THEN compliant', () => {
    const lb = loadBalancer();
    new shield.CfnProtection(lb.stack, 'P', { name: 'alb', resourceArn: lb.ref });
    expect(ShieldOnPublicEndpoint.check(lb)).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN an internet-facing ALB with only a WAF association THEN non-compliant', () => {
    const lb = loadBalancer();
    new wafv2.CfnWebACLAssociation(lb.stack, 'A', { resourceArn: lb.ref, webAclArn: 'arn:acl' });
    expect(ShieldOnPublicEndpoint.check(lb)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN an internal ALB THEN not applicable', () => {
    expect(ShieldOnPublicEndpoint.check(loadBalancer({ scheme: 'internal' }))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
