import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/** An internet-facing Application Load Balancer (CloudFormation's default scheme is internet-facing). */
export function isPublicApplicationLoadBalancer(resource: CfnResource): boolean {
  if (resource.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') return false;
  const props = resolvedProperties(resource);
  const type = props.Type ?? 'application';
  const scheme = props.Scheme ?? 'internet-facing';
  return type === 'application' && scheme === 'internet-facing';
}

/**
 * Whether some resource of `type` in the same stack names `target` in its ResourceArn (by Ref or
 * Fn::GetAtt of the target's logical id). A rule sees one resource at a time; associations live in
 * other resources, so it looks through the stack.
 */
export function isReferencedBy(target: CfnResource, type: string): boolean {
  const stack = Stack.of(target);
  const logicalId = stack.resolve(target.logicalId) as string;
  const pattern = new RegExp(`"${logicalId}"`);
  return stack.node
    .findAll()
    .some((c) => c instanceof CfnResource && c.cfnResourceType === type && pattern.test(JSON.stringify(resolvedProperties(c).ResourceArn ?? null)));
}

/**
 * WAF: every internet-facing ALB is associated with a WAFv2 web ACL of the same stack
 * (`AWS::WAFv2::WebACLAssociation` whose ResourceArn references it).
 */
export const WafOnPublicEndpoint: RampartRule = {
  id: 'WafOnPublicEndpoint',
  controls: ['WAF'],
  info: 'The internet-facing load balancer has no WAFv2 web ACL association in its stack.',
  explanation:
    "The published policy promises a WAF on every public endpoint. Associate the load balancer with the stack's WebAcl (WebAcl.associate(loadBalancer.loadBalancerArn) or associatedResourceArns).",
  check(resource: CfnResource) {
    if (!isPublicApplicationLoadBalancer(resource)) return NagRuleCompliance.NOT_APPLICABLE;
    return isReferencedBy(resource, 'AWS::WAFv2::WebACLAssociation') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
