import { PolicyRule } from '../types';
import { get, reporter, resources } from '../tfjson';

/** Custom-mode VPCs; every subnet has private Google access and flow logs. */
export const vpc: PolicyRule = {
  id: 'GCP-VPC',
  controls: ['NET-ISOLATION'],
  description: 'Networks are custom-mode (no auto subnets); subnets have private Google access and VPC flow logs',
  check(stack) {
    const report = reporter(this.id, stack);
    const findings = resources(stack, 'google_compute_network')
      .filter(({ block }) => block.auto_create_subnetworks !== false)
      .map(({ address }) => report(address, 'creates subnets in every region automatically (auto_create_subnetworks is not false)'));
    for (const { address, block } of resources(stack, 'google_compute_subnetwork')) {
      if (block.private_ip_google_access !== true)
        findings.push(report(address, 'lacks private Google access: workloads would need public IPs to reach Google APIs'));
      const sampling = get(block, 'log_config', 'flow_sampling');
      if (get(block, 'log_config') === undefined || block.enable_flow_logs === false) findings.push(report(address, 'has no VPC flow logs'));
      else if (typeof sampling === 'number' && sampling < 0.5)
        findings.push(report(address, `samples only ${sampling * 100} % of flows; at least 50 % required`));
    }
    return findings;
  },
};
