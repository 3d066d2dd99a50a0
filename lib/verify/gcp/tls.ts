import type { ControlId } from '../../promises/control-ids';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { ControlCheck, Evidence } from '../types';
import { asArray, at, get, resolve, resources, str } from './terraform';

/** TLS-EDGE on Google Cloud: the external HTTPS load balancer, its SSL policy, the HTTP redirect and HSTS. */

/** Profiles that offer only modern cipher suites (COMPATIBLE, the default, keeps legacy ones). */
const STRONG_PROFILES = ['MODERN', 'RESTRICTED'];
/** HSTS must be remembered at least a year (the HSTS preload list's floor). */
const HSTS_MIN_SECONDS = 31536000;
const EXTERNAL_SCHEMES = ['EXTERNAL', 'EXTERNAL_MANAGED'];
/** The global and the regional variant of each load-balancer resource. */
const SSL_POLICIES = ['google_compute_ssl_policy', 'google_compute_region_ssl_policy'];
const HTTPS_PROXIES = ['google_compute_target_https_proxy', 'google_compute_region_target_https_proxy'];
const HTTP_PROXIES = ['google_compute_target_http_proxy', 'google_compute_region_target_http_proxy'];
const URL_MAPS = ['google_compute_url_map', 'google_compute_region_url_map'];

/** `TLS_1_2` -> 1.2; Google's default when the field is absent is TLS 1.0. */
function tlsVersion(value: string | undefined): number | undefined {
  const match = /^TLS_(\d)_(\d)$/.exec(value ?? 'TLS_1_0');
  return match === null ? undefined : Number(`${match[1]}.${match[2]}`);
}

const MIN_TLS: EvidenceKind = {
  control: 'TLS-EDGE',
  kind: 'gcp-ssl-policy-min-tls',
  subject: 'SSL policies with the policy minimum TLS version',
  expected: 'min_tls_version at least policy.tls.minimum (absent means TLS 1.0)',
};

const PROFILE: EvidenceKind = {
  control: 'TLS-EDGE',
  kind: 'gcp-ssl-policy-profile',
  subject: 'SSL policies with a MODERN or RESTRICTED profile',
  expected: 'profile MODERN or RESTRICTED (absent means COMPATIBLE)',
};

const HTTPS_PROXY_POLICY: EvidenceKind = {
  control: 'TLS-EDGE',
  kind: 'gcp-https-proxy-ssl-policy',
  subject: 'HTTPS proxies using an SSL policy of the stack',
  expected: "ssl_policy refers to a google_compute_ssl_policy of the stack (without one Google's default accepts TLS 1.0)",
};

const HTTP_REDIRECT: EvidenceKind = {
  control: 'TLS-EDGE',
  kind: 'gcp-http-redirect-only',
  subject: 'HTTP proxies that only redirect to HTTPS',
  expected: 'url_map refers to a URL map of the stack with default_url_redirect.https_redirect true and no backend, host rule or path matcher',
};

const LISTENER: EvidenceKind = {
  control: 'TLS-EDGE',
  kind: 'gcp-listener-target',
  subject: 'external forwarding rules ending at an HTTPS proxy or an HTTP redirect',
  expected: 'target refers to a google_compute_target_https_proxy or google_compute_target_http_proxy of the stack',
};

const HSTS: EvidenceKind = {
  control: 'TLS-EDGE',
  kind: 'gcp-backend-hsts',
  subject: 'external backend services sending HSTS',
  expected: `custom_response_headers include Strict-Transport-Security with max-age at least ${HSTS_MIN_SECONDS}`,
};

const ANY_HTTPS: EvidenceKind = {
  control: 'TLS-EDGE',
  kind: 'gcp-https-load-balancer',
  subject: 'stacks with an HTTPS load balancer',
  expected: 'the stack serves the public through a google_compute_target_https_proxy',
};

function isExternal(scheme: string | undefined): boolean {
  return scheme === undefined || EXTERNAL_SCHEMES.includes(scheme);
}

const tlsEdge: ControlCheck = (context) => {
  const { stack } = context;
  const minimum = Number(context.metadata.policy.tls.minimum);
  const evidence: Evidence[] = [];
  for (const policy of resources(stack, ...SSL_POLICIES)) {
    const version = get(policy, 'min_tls_version');
    const parsed = tlsVersion(str(version));
    const expected = `${MIN_TLS.expected}: TLS ${context.metadata.policy.tls.minimum}`;
    evidence.push(observe(context, { ...MIN_TLS, expected }, at(policy, 'min_tls_version'), version, parsed !== undefined && parsed >= minimum));
    const profile = get(policy, 'profile');
    evidence.push(observe(context, PROFILE, at(policy, 'profile'), profile, STRONG_PROFILES.includes(str(profile) ?? 'COMPATIBLE')));
  }
  const httpsProxies = resources(stack, ...HTTPS_PROXIES);
  if (httpsProxies.length === 0) evidence.push(absent(context, ANY_HTTPS, pointer('resource', 'google_compute_target_https_proxy')));
  for (const proxy of httpsProxies) {
    const value = get(proxy, 'ssl_policy');
    evidence.push(observe(context, HTTPS_PROXY_POLICY, at(proxy, 'ssl_policy'), value, SSL_POLICIES.includes(resolve(stack, value)?.type ?? '')));
  }
  for (const proxy of resources(stack, ...HTTP_PROXIES)) {
    const map = resolve(stack, get(proxy, 'url_map'));
    if (map === undefined || !URL_MAPS.includes(map.type)) {
      evidence.push(observe(context, HTTP_REDIRECT, at(proxy, 'url_map'), get(proxy, 'url_map'), false));
      continue;
    }
    const redirect = get(map, 'default_url_redirect', 'https_redirect');
    const serves = ['default_service', 'default_route_action', 'host_rule', 'path_matcher'].some((k) => asArray(get(map, k)).length > 0);
    evidence.push(observe(context, HTTP_REDIRECT, at(map, 'default_url_redirect', 'https_redirect'), redirect, redirect === true && !serves));
  }
  for (const rule of resources(stack, 'google_compute_global_forwarding_rule', 'google_compute_forwarding_rule')) {
    if (!isExternal(str(get(rule, 'load_balancing_scheme')))) continue;
    const value = get(rule, 'target');
    const type = resolve(stack, value)?.type ?? '';
    evidence.push(observe(context, LISTENER, at(rule, 'target'), value, HTTPS_PROXIES.includes(type) || HTTP_PROXIES.includes(type)));
  }
  for (const backend of resources(stack, 'google_compute_backend_service')) {
    if (!isExternal(str(get(backend, 'load_balancing_scheme')))) continue;
    const headers = asArray(get(backend, 'custom_response_headers'));
    const index = headers.findIndex((h) => typeof h === 'string' && /^strict-transport-security\s*:/i.test(h));
    const hsts = index < 0 ? undefined : str(headers[index]);
    const maxAge = Number(/max-age=(\d+)/i.exec(hsts ?? '')?.[1] ?? 0);
    const place = index < 0 ? at(backend, 'custom_response_headers') : at(backend, 'custom_response_headers', index);
    evidence.push(observe(context, HSTS, place, hsts, maxAge >= HSTS_MIN_SECONDS));
  }
  return evidence;
};

export const TLS_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'TLS-EDGE': [tlsEdge] };
