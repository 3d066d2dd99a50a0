import { PolicyRule } from '../types';
import { dataSources, get, list, reporter, resources, str } from '../tfjson';

/**
 * Whether a network's lifecycle refuses the project's auto-mode `default` network: a precondition
 * testing that a google_compute_networks data source of the stack does not contain "default".
 */
function refusesDefaultNetwork(block: Record<string, unknown>, networkLists: readonly string[]): boolean {
  return list(get(block, 'lifecycle', 'precondition')).some((condition) => {
    const text = str(get(condition, 'condition')) ?? '';
    const negated = /^\$\{!\s*contains\(/.test(text) || /^\$\{!\s*\(\s*contains\(/.test(text);
    return negated && text.includes('"default"') && networkLists.some((address) => text.includes(`${address}.networks`));
  });
}

/** Custom-mode VPCs that refuse the project's default network; every subnet has private Google access and flow logs. */
export const vpc: PolicyRule = {
  id: 'GCP-VPC',
  controls: ['NET-ISOLATION'],
  description:
    'Networks are custom-mode (no auto subnets) and refuse to deploy while the project has its auto-mode "default" network ' +
    "(a precondition on the project's networks); subnets have private Google access and VPC flow logs",
  check(stack) {
    const report = reporter(this.id, stack);
    const networks = resources(stack, 'google_compute_network');
    const findings = networks
      .filter(({ block }) => block.auto_create_subnetworks !== false)
      .map(({ address }) => report(address, 'creates subnets in every region automatically (auto_create_subnetworks is not false)'));
    const networkLists = dataSources(stack, 'google_compute_networks').map((d) => d.address);
    if (networks.length > 0 && !networks.some(({ block }) => refusesDefaultNetwork(block, networkLists))) {
      const { address } = networks[0];
      findings.push(
        report(
          address,
          'has no precondition refusing the project\'s "default" network (!contains(data.google_compute_networks.<x>.networks, "default")): ' +
            'its open firewall rules would stay beside the stack',
        ),
      );
    }
    for (const { address, block } of resources(stack, 'google_compute_subnetwork')) {
      if (block.private_ip_google_access !== true)
        findings.push(report(address, 'lacks private Google access: workloads would need public IPs to reach Google APIs'));
      const sampling = get(block, 'log_config', 'flow_sampling');
      if (get(block, 'log_config') === undefined || block.enable_flow_logs === false) findings.push(report(address, 'has no VPC flow logs'));
      else if (typeof sampling === 'number' && sampling < 0.5)
        findings.push(report(address, `samples only ${sampling * 100} % of flows; at least 50 % required`));
      const filter = get(block, 'log_config', 'filter_expr');
      if (filter !== undefined && !(typeof filter === 'string' && filter.trim() === 'true'))
        findings.push(report(address, `logs only the flows matching filter_expr ${JSON.stringify(filter)}; every flow must be logged`));
    }
    return findings;
  },
};
