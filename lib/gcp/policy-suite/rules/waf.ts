import { PolicyRule, StackDocument, TfBlock } from '../types';
import { get, list, lookup, referencedAddress, reporter, resources } from '../tfjson';

/** OWASP rule families that must be enforced (denied, not previewed). */
const REQUIRED_WAF = ['sqli', 'xss', 'lfi', 'rfi', 'rce', 'scannerdetection', 'protocolattack', 'sessionfixation'];
const EXTERNAL_SCHEMES = ['EXTERNAL', 'EXTERNAL_MANAGED', undefined];

/** The Cloud Armor policy attached to an external backend service, or undefined. */
export function attachedPolicy(stack: StackDocument, backend: TfBlock): { address?: string; block?: TfBlock } {
  const address = referencedAddress(backend.security_policy);
  return { address, block: lookup(stack, address) };
}

function enforced(rule: unknown): boolean {
  return get(rule, 'preview') !== true && String(get(rule, 'action') ?? '').startsWith('deny');
}

/** Every public backend has a Cloud Armor policy with the OWASP preconfigured rules and a rate limit. */
export const waf: PolicyRule = {
  id: 'GCP-WAF',
  controls: ['WAF'],
  description:
    'External backend services have a CLOUD_ARMOR policy enforcing OWASP preconfigured rules (sqli, xss, lfi, rfi, rce, ...) and a per-IP rate limit',
  check(stack) {
    const report = reporter(this.id, stack);
    const findings = [];
    for (const backend of resources(stack, 'google_compute_backend_service')) {
      if (!EXTERNAL_SCHEMES.includes(backend.block.load_balancing_scheme as string | undefined)) continue;
      const { address, block } = attachedPolicy(stack, backend.block);
      if (block === undefined || address === undefined) {
        findings.push(report(backend.address, 'is public but has no Cloud Armor security policy'));
        continue;
      }
      if (block.type !== undefined && block.type !== 'CLOUD_ARMOR') findings.push(report(address, `is of type ${block.type}; expected CLOUD_ARMOR`));
      const rules = list(block.rule);
      const expressions = rules.filter(enforced).map((r) => String(get(r, 'match', 'expr', 'expression') ?? ''));
      const missing = REQUIRED_WAF.filter(
        (family) =>
          !expressions.some((e) => e.includes(`evaluatePreconfiguredWaf('${family}-`) || e.includes(`evaluatePreconfiguredExpr('${family}-`)),
      );
      if (missing.length > 0) findings.push(report(address, `does not enforce the OWASP preconfigured rules for ${missing.join(', ')}`));
      const rateLimit = rules.find(
        (r) =>
          ['throttle', 'rate_based_ban'].includes(String(get(r, 'action'))) &&
          get(r, 'preview') !== true &&
          get(r, 'rate_limit_options') !== undefined,
      );
      if (rateLimit === undefined) findings.push(report(address, 'has no enforced rate-limiting rule (throttle or rate_based_ban)'));
    }
    return findings;
  },
};
