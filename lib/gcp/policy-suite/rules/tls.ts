import type { PolicyNumbers } from '../../../promises/policy-numbers';
import { PolicyRule } from '../types';
import { get, list, lookup, referencedAddress, reporter, resources } from '../tfjson';

/** SSL policy versions, oldest first; a policy minimum allows itself and every later version. */
const TLS_VERSIONS = ['TLS_1_0', 'TLS_1_1', 'TLS_1_2', 'TLS_1_3'];
const PROFILES = ['MODERN', 'RESTRICTED'];

/** The `min_tls_version` values policy.tls.minimum allows (`'1.2'` -> TLS_1_2 and TLS_1_3). */
export function allowedMinTlsVersions(minimum: PolicyNumbers['tls']['minimum']): string[] {
  const index = TLS_VERSIONS.indexOf(`TLS_${minimum.replace('.', '_')}`);
  if (index < 0) throw new Error(`GCP-TLS: unknown policy.tls.minimum ${JSON.stringify(minimum)}`);
  return TLS_VERSIONS.slice(index);
}

/**
 * HTTPS only: policy.tls.minimum or later with a MODERN/RESTRICTED profile on every HTTPS proxy; plain
 * HTTP may only redirect; HSTS on backends.
 */
export const tls: PolicyRule = {
  id: 'GCP-TLS',
  controls: ['TLS-EDGE'],
  description:
    'HTTPS proxies use an SSL policy with min TLS >= policy.tls.minimum and MODERN/RESTRICTED profile; ' +
    'HTTP proxies only redirect to HTTPS; backends send HSTS',
  check(stack, _all, policy) {
    const report = reporter(this.id, stack);
    const allowed = allowedMinTlsVersions(policy.tls.minimum);
    const findings = [];
    for (const { address, block } of resources(stack, 'google_compute_ssl_policy')) {
      if (!allowed.includes(block.min_tls_version as string)) {
        const actual = JSON.stringify(block.min_tls_version ?? 'TLS_1_0');
        findings.push(report(address, `allows TLS below ${policy.tls.minimum}, the policy's minimum (min_tls_version ${actual})`));
      }
      if (!PROFILES.includes(block.profile as string))
        findings.push(report(address, `uses profile ${JSON.stringify(block.profile ?? 'COMPATIBLE')}; expected MODERN or RESTRICTED`));
    }
    for (const { address, block } of resources(stack, 'google_compute_target_https_proxy')) {
      const policyAddress = referencedAddress(block.ssl_policy);
      if (policyAddress === undefined || lookup(stack, policyAddress) === undefined) {
        findings.push(report(address, "has no SSL policy from this stack: Google's default allows TLS 1.0"));
      }
    }
    for (const { address, block } of resources(stack, 'google_compute_target_http_proxy')) {
      const urlMap = lookup(stack, referencedAddress(block.url_map));
      if (
        get(urlMap, 'default_url_redirect', 'https_redirect') !== true ||
        urlMap?.default_service !== undefined ||
        list(urlMap?.path_matcher).length > 0
      ) {
        findings.push(report(address, 'serves plain HTTP: its URL map must only redirect to HTTPS'));
      }
    }
    for (const { address, block } of resources(stack, 'google_compute_backend_service')) {
      if (block.load_balancing_scheme === 'INTERNAL_MANAGED' || block.load_balancing_scheme === 'INTERNAL_SELF_MANAGED') continue;
      const hsts = list(block.custom_response_headers).some((h) => typeof h === 'string' && /^strict-transport-security:\s*max-age=\d{7,}/i.test(h));
      if (!hsts) findings.push(report(address, 'does not send Strict-Transport-Security (max-age >= ~4 months)'));
    }
    return findings;
  },
};
