import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { isPublicApplicationLoadBalancer, isReferencedBy } from './WafOnPublicEndpoint';

/**
 * DDOS: every internet-facing ALB has an `AWS::Shield::Protection` in its stack. When the config
 * turns Shield Advanced off, the load balancer must carry the acknowledgment written by
 * `acknowledgeShieldAdvancedOff` (lib/constructs/edge/shield.ts), which puts the decision in the report.
 */
export const ShieldOnPublicEndpoint: RampartRule = {
  id: 'ShieldOnPublicEndpoint',
  controls: ['DDOS'],
  info: 'The internet-facing load balancer has no Shield Advanced protection in its stack.',
  explanation:
    "The published policy promises DDoS protection (Shield Advanced) on every public endpoint. Add it to the stack's ShieldProtection, or, when the account has no subscription, set shieldAdvanced: false in the config so that ShieldProtection records that on the endpoint.",
  check(resource: CfnResource) {
    if (!isPublicApplicationLoadBalancer(resource)) return NagRuleCompliance.NOT_APPLICABLE;
    return isReferencedBy(resource, 'AWS::Shield::Protection') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
