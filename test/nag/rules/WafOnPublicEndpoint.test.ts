import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { NagRuleCompliance } from 'cdk-nag';
import { WafOnPublicEndpoint } from '../../../lib/nag/rules/WafOnPublicEndpoint';
import { testStack } from '../../helpers';

function loadBalancer(props: Partial<elbv2.CfnLoadBalancerProps> = {}) {
  return new elbv2.CfnLoadBalancer(testStack(), 'Alb', { subnets: ['s-1', 's-2'], ...props });
}

function associate(lb: elbv2.CfnLoadBalancer, id = 'Assoc') {
  return new wafv2.CfnWebACLAssociation(lb.stack, id, { resourceArn: lb.ref, webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/x/1' });
}

describe('Rampart-WafOnPublicEndpoint (WAF)', () => {
  test('GIVEN an internet-facing ALB associated with a web ACL in its stack THEN compliant', () => {
    const lb = loadBalancer({ scheme: 'internet-facing' });
    associate(lb);
    expect(WafOnPublicEndpoint.check(lb)).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN an ALB without scheme (defaults to internet-facing) and no association THEN non-compliant', () => {
    expect(WafOnPublicEndpoint.check(loadBalancer())).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN an association for another ALB whose logical id is a prefix THEN still non-compliant', () => {
    const lb = loadBalancer({ scheme: 'internet-facing' });
    const other = new elbv2.CfnLoadBalancer(lb.stack, 'AlbOther', { subnets: ['s-1'] });
    associate(other);
    expect(WafOnPublicEndpoint.check(lb)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN an internal ALB or a network load balancer THEN not applicable', () => {
    expect(WafOnPublicEndpoint.check(loadBalancer({ scheme: 'internal' }))).toBe(NagRuleCompliance.NOT_APPLICABLE);
    expect(WafOnPublicEndpoint.check(loadBalancer({ type: 'network' }))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
