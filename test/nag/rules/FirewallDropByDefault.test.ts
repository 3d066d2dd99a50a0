import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { FirewallDropByDefault } from '../../../lib/nag/rules/FirewallDropByDefault';
import { cfnOf, testStack } from '../../helpers';

const GROUP = { resourceArn: 'arn:aws:network-firewall:us-east-1:aws-managed:stateful-rulegroup/ThreatSignaturesMalwareStrictOrder', priority: 1 };

function policy(overrides: Partial<nfw.CfnFirewallPolicy.FirewallPolicyProperty> = {}) {
  return new nfw.CfnFirewallPolicy(testStack(), 'P', {
    firewallPolicyName: 'p',
    firewallPolicy: {
      statelessDefaultActions: ['aws:forward_to_sfe'],
      statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
      statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
      statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
      statefulRuleGroupReferences: [GROUP],
      ...overrides,
    },
  });
}

describe('Rampart-FirewallDropByDefault (IDS-IPS)', () => {
  test('GIVEN all traffic forwarded to stateful rules with drop-established by default THEN compliant', () => {
    expect(FirewallDropByDefault.check(policy())).toBe(NagRuleCompliance.COMPLIANT);
    expect(FirewallDropByDefault.check(policy({ statefulDefaultActions: ['aws:drop_strict'] }))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN stateless defaults that pass traffic uninspected THEN non-compliant', () => {
    expect(FirewallDropByDefault.check(policy({ statelessDefaultActions: ['aws:pass'] }))).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(FirewallDropByDefault.check(policy({ statelessFragmentDefaultActions: ['aws:pass'] }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN no dropping stateful default (alert only) THEN non-compliant', () => {
    expect(FirewallDropByDefault.check(policy({ statefulDefaultActions: ['aws:alert_established'] }))).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(FirewallDropByDefault.check(policy({ statefulDefaultActions: undefined }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN no stateful rule group THEN non-compliant', () => {
    expect(FirewallDropByDefault.check(policy({ statefulRuleGroupReferences: [] }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN another resource type THEN not applicable', () => {
    expect(FirewallDropByDefault.check(cfnOf(new sns.Topic(testStack(), 'T')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
