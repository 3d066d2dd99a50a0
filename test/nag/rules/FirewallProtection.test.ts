import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { FirewallProtection } from '../../../lib/nag/rules/FirewallProtection';
import { cfnOf, testStack } from '../../helpers';

function firewall(protection: Partial<Pick<nfw.CfnFirewallProps, 'deleteProtection' | 'subnetChangeProtection' | 'firewallPolicyChangeProtection'>>) {
  return new nfw.CfnFirewall(testStack(), 'F', {
    firewallName: 'f',
    firewallPolicyArn: 'arn:aws:network-firewall:us-east-1:111111111111:firewall-policy/p',
    vpcId: 'vpc-1',
    subnetMappings: [{ subnetId: 'subnet-1' }],
    ...protection,
  });
}

const ALL_ON = { deleteProtection: true, subnetChangeProtection: true, firewallPolicyChangeProtection: true };

describe('Rampart-FirewallProtection (IDS-IPS)', () => {
  test('GIVEN delete, subnet-change and policy-change protection THEN compliant', () => {
    expect(FirewallProtection.check(firewall(ALL_ON))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN any protection off or unset THEN non-compliant', () => {
    expect(FirewallProtection.check(firewall({}))).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(FirewallProtection.check(firewall({ ...ALL_ON, deleteProtection: false }))).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(FirewallProtection.check(firewall({ ...ALL_ON, subnetChangeProtection: false }))).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(FirewallProtection.check(firewall({ ...ALL_ON, firewallPolicyChangeProtection: undefined }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN another resource type THEN not applicable', () => {
    expect(FirewallProtection.check(cfnOf(new sns.Topic(testStack(), 'T')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
