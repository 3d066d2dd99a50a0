import { PolicyRule } from '../types';
import { get, list, referencedAddress, reporter, resources } from '../tfjson';

/** Google Cloud load-balancer health-check ranges: the only sources an allow rule may name. */
export const HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];

function isIngress(block: Record<string, unknown>): boolean {
  return block.direction === undefined || block.direction === 'INGRESS';
}

/** Default-deny ingress: a logged deny-all rule per network; allows only from health-check ranges; every rule logged. */
export const firewall: PolicyRule = {
  id: 'GCP-FIREWALL',
  controls: ['NET-ISOLATION'],
  description: 'Each VPC has an enabled, logged deny-all ingress rule; ingress allows come only from 35.191.0.0/16 and 130.211.0.0/22; all rules log',
  check(stack) {
    const report = reporter(this.id, stack);
    const rules = resources(stack, 'google_compute_firewall');
    const findings = [];
    for (const { address, block } of rules) {
      if (get(block, 'log_config') === undefined && block.enable_logging !== true) findings.push(report(address, 'does not log'));
      if (!isIngress(block) || list(block.allow).length === 0) continue;
      const sources = list(block.source_ranges) as string[];
      const outside = sources.filter((s) => !HEALTH_CHECK_RANGES.includes(s));
      if (sources.length === 0) findings.push(report(address, 'allows ingress without source ranges (tags or service accounts only)'));
      if (outside.length > 0)
        findings.push(report(address, `allows ingress from ${outside.join(', ')}; only Google health-check ranges are allowed`));
    }
    for (const network of resources(stack, 'google_compute_network')) {
      const denyAll = rules.find(
        ({ block }) =>
          referencedAddress(block.network) === network.address &&
          isIngress(block) &&
          block.disabled !== true &&
          list(block.source_ranges).includes('0.0.0.0/0') &&
          list(block.deny).some((d) => get(d, 'protocol') === 'all') &&
          get(block, 'log_config') !== undefined,
      );
      if (denyAll === undefined) findings.push(report(network.address, 'has no enabled, logged deny-all ingress rule'));
    }
    return findings;
  },
};
