import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/**
 * IDS-IPS: a Network Firewall cannot be deleted, moved out of its subnets or detached from its
 * policy by a stray API call or deploy: turning inspection off must be a deliberate two-step change.
 */
export const FirewallProtection: RampartRule = {
  id: 'FirewallProtection',
  controls: ['IDS-IPS'],
  info: 'The Network Firewall lacks delete, subnet-change or policy-change protection.',
  explanation:
    'Set DeleteProtection, SubnetChangeProtection and FirewallPolicyChangeProtection to true (NetworkFirewall does this); lift one explicitly in a reviewed change before removing or moving the firewall.',
  check(resource: CfnResource) {
    if (resource.cfnResourceType !== 'AWS::NetworkFirewall::Firewall') return NagRuleCompliance.NOT_APPLICABLE;
    const p = resolvedProperties(resource);
    const compliant = p.DeleteProtection === true && p.SubnetChangeProtection === true && p.FirewallPolicyChangeProtection === true;
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
