import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/** Stateful default actions that make a policy deny what no rule passed. */
export const DROP_DEFAULTS: readonly string[] = ['aws:drop_established', 'aws:drop_strict'];

/**
 * IDS-IPS (prevention): a Network Firewall policy inspects every packet statefully and drops what no
 * rule allowed. Non-compliant when stateless defaults pass or drop traffic instead of forwarding it
 * to the stateful engine (uninspected), when no stateful default drops, or when no stateful rule
 * group is attached. No public pack has Network Firewall rules.
 */
export const FirewallDropByDefault: RampartRule = {
  id: 'FirewallDropByDefault',
  controls: ['IDS-IPS'],
  info: 'The Network Firewall policy does not inspect all traffic statefully and drop what no rule allows.',
  explanation:
    'Set StatelessDefaultActions and StatelessFragmentDefaultActions to ["aws:forward_to_sfe"], include aws:drop_established (or aws:drop_strict) in StatefulDefaultActions, and attach stateful rule groups (threat signatures, allowlist).',
  check(resource: CfnResource) {
    if (resource.cfnResourceType !== 'AWS::NetworkFirewall::FirewallPolicy') return NagRuleCompliance.NOT_APPLICABLE;
    const policy = (resolvedProperties(resource).FirewallPolicy ?? {}) as Record<string, unknown>;
    const forwardsAll = (actions: unknown) => Array.isArray(actions) && actions.length === 1 && actions[0] === 'aws:forward_to_sfe';
    const statefulDefaults = Array.isArray(policy.StatefulDefaultActions) ? (policy.StatefulDefaultActions as unknown[]) : [];
    const groups = policy.StatefulRuleGroupReferences;
    const compliant =
      forwardsAll(policy.StatelessDefaultActions) &&
      forwardsAll(policy.StatelessFragmentDefaultActions) &&
      statefulDefaults.some((a) => typeof a === 'string' && DROP_DEFAULTS.includes(a)) &&
      Array.isArray(groups) &&
      groups.length > 0;
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
