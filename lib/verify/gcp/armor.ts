import type { ControlId } from '../../promises/control-ids';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json } from '../types';
import { asArray, at, get, isObject, lookup, num, resolve, resources, str, type TfResource } from './terraform';

/** WAF and DDOS on Google Cloud: the Cloud Armor policy in front of every external backend service. */

/** The OWASP Core Rule Set families Cloud Armor preconfigures that a web application firewall must enforce. */
const OWASP_FAMILIES = ['sqli', 'xss', 'lfi', 'rfi', 'rce', 'scannerdetection', 'protocolattack', 'sessionfixation'];
const EXTERNAL_SCHEMES = ['EXTERNAL', 'EXTERNAL_MANAGED'];

/** External backend services: the load balancer's way in (global or regional). */
function externalBackends(context: CheckContext): TfResource[] {
  return resources(context.stack, 'google_compute_backend_service', 'google_compute_region_backend_service').filter((b) => {
    const scheme = str(get(b, 'load_balancing_scheme'));
    return scheme === undefined || EXTERNAL_SCHEMES.includes(scheme);
  });
}

function attachedPolicy(context: CheckContext, backend: TfResource): TfResource | undefined {
  const policy = resolve(context.stack, get(backend, 'security_policy'));
  return policy?.type === 'google_compute_security_policy' || policy?.type === 'google_compute_region_security_policy' ? policy : undefined;
}

/** A rule that acts: not in preview. */
function enforced(rule: Json): boolean {
  return isObject(rule) && rule.preview !== true;
}

/** Whether a rule allows every request (`*` source ranges or the expression `true`). */
function allowsEverything(rule: Json): boolean {
  const ranges = lookup(rule, ['match', 'config', 'src_ip_ranges']).value;
  const everyone = Array.isArray(ranges) ? ranges.includes('*') : ranges === '*';
  const expression = (str(lookup(rule, ['match', 'expr', 'expression']).value) ?? '').trim();
  return enforced(rule) && str(lookup(rule, ['action']).value) === 'allow' && (everyone || expression === 'true');
}

/**
 * The rules that can act: Cloud Armor evaluates by ascending priority and stops at the first match,
 * so a rule behind an allow-everything rule (the default rule, or one moved ahead of the others) never runs.
 */
function reachable(rules: readonly Json[]): (rule: Json) => boolean {
  const allowAll = Math.min(...rules.filter(allowsEverything).map((r) => num(lookup(r, ['priority']).value) ?? Infinity));
  return (rule) => (num(lookup(rule, ['priority']).value) ?? Infinity) < allowAll;
}

const BACKEND_POLICY: EvidenceKind = {
  control: 'WAF',
  kind: 'gcp-backend-armor-policy',
  subject: 'external backend services behind a Cloud Armor policy',
  expected: 'security_policy refers to a google_compute_security_policy of the stack of type CLOUD_ARMOR',
};

const OWASP_RULE: EvidenceKind = {
  control: 'WAF',
  kind: 'gcp-armor-owasp-rule',
  subject: 'OWASP rule sets enforced by Cloud Armor',
  expected:
    "a rule denying evaluatePreconfiguredWaf('<family>-...') matches (sensitivity above 0), not in preview, ahead of any allow-everything rule",
};

const RATE_LIMIT: EvidenceKind = {
  control: 'WAF',
  kind: 'gcp-armor-rate-limit',
  subject: 'Cloud Armor policies with a per-IP rate limit',
  expected: 'a throttle or rate_based_ban rule, not in preview, ahead of any allow-everything rule, with rate_limit_options.enforce_on_key IP',
};

const ANY_BACKEND: EvidenceKind = {
  control: 'WAF',
  kind: 'gcp-external-backends',
  subject: 'stacks with an external backend service',
  expected: 'the load balancer reaches the application through a google_compute_backend_service',
};

function policyEvidence(context: CheckContext, backend: TfResource, what: EvidenceKind): { policy?: TfResource; evidence: Evidence } {
  const value = get(backend, 'security_policy');
  const policy = attachedPolicy(context, backend);
  const ok = policy !== undefined && (str(get(policy, 'type')) ?? 'CLOUD_ARMOR') === 'CLOUD_ARMOR';
  return { ...(policy === undefined ? {} : { policy }), evidence: observe(context, what, at(backend, 'security_policy'), value, ok) };
}

const waf: ControlCheck = (context) => {
  const backends = externalBackends(context);
  if (backends.length === 0) return [absent(context, ANY_BACKEND, pointer('resource', 'google_compute_backend_service'))];
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const backend of backends) {
    const { policy, evidence: attached } = policyEvidence(context, backend, BACKEND_POLICY);
    evidence.push(attached);
    if (policy === undefined || seen.has(policy.address)) continue;
    seen.add(policy.address);
    const rules = asArray(get(policy, 'rule'));
    const runs = reachable(rules);
    for (const family of OWASP_FAMILIES) {
      const index = rules.findIndex((r) => {
        const expression = str(lookup(r, ['match', 'expr', 'expression']).value) ?? '';
        const action = str(lookup(r, ['action']).value) ?? '';
        // Sensitivity 0 turns on no signature of the rule set: the rule matches nothing by default.
        const silenced = /['"]sensitivity['"]\s*:\s*0\b/.test(expression);
        return enforced(r) && runs(r) && !silenced && action.startsWith('deny') && expression.includes(`evaluatePreconfiguredWaf('${family}-`);
      });
      const place = index < 0 ? at(policy, 'rule') : at(policy, 'rule', index, 'match', 'expr', 'expression');
      const value = index < 0 ? undefined : get(policy, 'rule', index, 'match', 'expr', 'expression');
      evidence.push(observe(context, { ...OWASP_RULE, expected: OWASP_RULE.expected.replace('<family>', family) }, place, value, index >= 0));
    }
    const limit = rules.findIndex((r) => {
      const action = str(lookup(r, ['action']).value);
      const key = lookup(r, ['rate_limit_options', 'enforce_on_key']).value;
      return enforced(r) && runs(r) && (action === 'throttle' || action === 'rate_based_ban') && key === 'IP';
    });
    const place = limit < 0 ? at(policy, 'rule') : at(policy, 'rule', limit, 'rate_limit_options', 'enforce_on_key');
    evidence.push(observe(context, RATE_LIMIT, place, limit < 0 ? undefined : 'IP', limit >= 0));
  }
  return evidence;
};

const DDOS_POLICY: EvidenceKind = {
  control: 'DDOS',
  kind: 'gcp-backend-armor-policy',
  subject: 'external backend services behind a Cloud Armor policy',
  expected: 'security_policy refers to a google_compute_security_policy of the stack of type CLOUD_ARMOR',
};

const ADAPTIVE: EvidenceKind = {
  control: 'DDOS',
  kind: 'gcp-armor-adaptive-protection',
  subject: 'Cloud Armor policies with Adaptive Protection',
  expected: 'adaptive_protection_config.layer_7_ddos_defense_config.enable is true',
};

const GLOBAL_LB: EvidenceKind = {
  control: 'DDOS',
  kind: 'gcp-global-external-backend',
  subject: 'external backend services on the global load balancer (always-on volumetric protection)',
  expected: 'a global google_compute_backend_service with load_balancing_scheme EXTERNAL or EXTERNAL_MANAGED',
};

const ANY_DDOS_BACKEND: EvidenceKind = { ...ANY_BACKEND, control: 'DDOS' };

const ddos: ControlCheck = (context) => {
  const backends = externalBackends(context);
  if (backends.length === 0) return [absent(context, ANY_DDOS_BACKEND, pointer('resource', 'google_compute_backend_service'))];
  const evidence: Evidence[] = [];
  for (const backend of backends) {
    evidence.push(policyEvidence(context, backend, DDOS_POLICY).evidence);
    const scheme = get(backend, 'load_balancing_scheme');
    evidence.push(observe(context, GLOBAL_LB, at(backend, 'load_balancing_scheme'), scheme, backend.type === 'google_compute_backend_service'));
  }
  for (const policy of resources(context.stack, 'google_compute_security_policy', 'google_compute_region_security_policy')) {
    const path = ['adaptive_protection_config', 'layer_7_ddos_defense_config', 'enable'];
    const value = get(policy, ...path);
    evidence.push(observe(context, ADAPTIVE, at(policy, ...path), value, value === true));
  }
  return evidence;
};

export const ARMOR_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { WAF: [waf], DDOS: [ddos] };
