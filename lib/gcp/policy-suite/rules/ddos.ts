import { PolicyRule } from '../types';
import { get, reporter, resources } from '../tfjson';

/** Adaptive Protection (layer-7 DDoS detection and suggested mitigations) on every Cloud Armor policy. */
export const ddos: PolicyRule = {
  id: 'GCP-DDOS',
  controls: ['DDOS'],
  description: 'Every Cloud Armor security policy enables Adaptive Protection (layer7_ddos_defense_config.enable)',
  check(stack) {
    const report = reporter(this.id, stack);
    return resources(stack, 'google_compute_security_policy')
      .filter(({ block }) => get(block, 'adaptive_protection_config', 'layer_7_ddos_defense_config', 'enable') !== true)
      .map(({ address }) => report(address, 'does not enable Adaptive Protection (layer-7 DDoS defense)'));
  },
};
