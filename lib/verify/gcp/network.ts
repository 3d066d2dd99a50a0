import type { ControlId } from '../../promises/control-ids';
import { observe, type EvidenceKind } from '../evidence';
import type { ControlCheck, Evidence } from '../types';
import { bucketAccessEvidence, grants, PUBLIC_MEMBERS } from './iam';
import { asArray, at, get, lookup, num, reference, resolve, resources, str, type TfResource } from './terraform';

/** NET-ISOLATION, PUBLIC-SURFACE and MULTI-AZ on Google Cloud: the VPC, its firewall, Cloud SQL's network and every way in. */

/** Google Cloud load-balancer health-check ranges: the only sources an ingress allow rule may name. */
const HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];
const EXTERNAL_SCHEMES = ['EXTERNAL', 'EXTERNAL_MANAGED'];
/** What an external forwarding rule may end at: the load balancer's HTTPS proxy, or its HTTP proxy (which TLS-EDGE holds to redirecting). */
const LOAD_BALANCER_PROXIES = [
  'google_compute_target_https_proxy',
  'google_compute_region_target_https_proxy',
  'google_compute_target_http_proxy',
  'google_compute_region_target_http_proxy',
];

function isIngress(rule: TfResource): boolean {
  return (str(get(rule, 'direction')) ?? 'INGRESS') === 'INGRESS';
}

const CUSTOM_VPC: EvidenceKind = {
  control: 'NET-ISOLATION',
  kind: 'gcp-vpc-custom-mode',
  subject: 'custom-mode VPC networks',
  expected: 'auto_create_subnetworks is false (no default subnets in every region)',
};

const PRIVATE_ACCESS: EvidenceKind = {
  control: 'NET-ISOLATION',
  kind: 'gcp-subnet-private-google-access',
  subject: 'subnets with private Google access',
  expected: 'private_ip_google_access is true (Google APIs without public IPs)',
};

const FLOW_LOGS: EvidenceKind = {
  control: 'NET-ISOLATION',
  kind: 'gcp-subnet-flow-logs',
  subject: 'subnets with VPC flow logs',
  expected: 'log_config is set with a flow_sampling above 0 and no filter_expr other than "true" (a filter drops the flows it does not match)',
};

const DENY_ALL: EvidenceKind = {
  control: 'NET-ISOLATION',
  kind: 'gcp-deny-all-ingress',
  subject: 'VPC networks with a logged deny-all ingress rule',
  expected: 'an enabled INGRESS firewall on the network denies protocol all from 0.0.0.0/0 and has log_config',
};

const ALLOW_SOURCES: EvidenceKind = {
  control: 'NET-ISOLATION',
  kind: 'gcp-ingress-allow-sources',
  subject: 'ingress allow rules admitting health checks only',
  expected: `source_ranges non-empty and within ${HEALTH_CHECK_RANGES.join(', ')} (Google's load-balancer health checks)`,
};

const SQL_PRIVATE_NETWORK: EvidenceKind = {
  control: 'NET-ISOLATION',
  kind: 'gcp-sql-private-network',
  subject: 'Cloud SQL instances on a private network of the stack',
  expected: 'settings.ip_configuration.private_network refers to a google_compute_network of the stack',
};

const netIsolation: ControlCheck = (context) => {
  const { stack } = context;
  const evidence: Evidence[] = [];
  const firewalls = resources(stack, 'google_compute_firewall');
  for (const network of resources(stack, 'google_compute_network')) {
    const auto = get(network, 'auto_create_subnetworks');
    evidence.push(observe(context, CUSTOM_VPC, at(network, 'auto_create_subnetworks'), auto, auto === false));
    const denyAll = firewalls.find(
      (f) =>
        resolve(stack, get(f, 'network'))?.address === network.address &&
        isIngress(f) &&
        get(f, 'disabled') !== true &&
        asArray(get(f, 'source_ranges')).includes('0.0.0.0/0') &&
        asArray(get(f, 'deny')).some((d) => lookup(d, ['protocol']).value === 'all') &&
        get(f, 'log_config') !== undefined,
    );
    evidence.push(
      denyAll === undefined
        ? observe(context, DENY_ALL, at(network), undefined, false, 'missing')
        : observe(context, DENY_ALL, at(denyAll, 'deny'), get(denyAll, 'deny'), true),
    );
  }
  for (const subnet of resources(stack, 'google_compute_subnetwork')) {
    const access = get(subnet, 'private_ip_google_access');
    evidence.push(observe(context, PRIVATE_ACCESS, at(subnet, 'private_ip_google_access'), access, access === true));
    const logs = get(subnet, 'log_config');
    const sampling = num(get(subnet, 'log_config', 'flow_sampling')) ?? 0.5;
    const filter = get(subnet, 'log_config', 'filter_expr');
    const everyFlow = filter === undefined || (typeof filter === 'string' && filter.trim() === 'true');
    evidence.push(observe(context, FLOW_LOGS, at(subnet, 'log_config'), logs, logs !== undefined && sampling > 0 && everyFlow));
  }
  for (const rule of firewalls.filter((f) => isIngress(f) && asArray(get(f, 'allow')).length > 0 && get(f, 'disabled') !== true)) {
    const sources = asArray(get(rule, 'source_ranges'));
    const ok = sources.length > 0 && sources.every((s) => typeof s === 'string' && HEALTH_CHECK_RANGES.includes(s));
    evidence.push(observe(context, ALLOW_SOURCES, at(rule, 'source_ranges'), get(rule, 'source_ranges'), ok));
  }
  for (const sql of resources(stack, 'google_sql_database_instance')) {
    const path = ['settings', 'ip_configuration', 'private_network'];
    const value = get(sql, ...path);
    evidence.push(observe(context, SQL_PRIVATE_NETWORK, at(sql, ...path), value, resolve(stack, value)?.type === 'google_compute_network'));
  }
  return evidence;
};

const SQL_NO_PUBLIC_IP: EvidenceKind = {
  control: 'PUBLIC-SURFACE',
  kind: 'gcp-sql-no-public-ip',
  subject: 'Cloud SQL instances without a public IPv4 address',
  expected: 'settings.ip_configuration.ipv4_enabled is false (the default is true) and no authorized_networks',
};

const BUCKET_NOT_PUBLIC: EvidenceKind = {
  control: 'PUBLIC-SURFACE',
  kind: 'gcp-bucket-public-access-prevention',
  subject: 'buckets enforcing public access prevention',
  expected: 'public_access_prevention is "enforced"',
};

const NO_PUBLIC_MEMBER: EvidenceKind = {
  control: 'PUBLIC-SURFACE',
  kind: 'gcp-iam-not-public',
  subject: 'IAM grants not open to the public',
  expected: `no member is ${PUBLIC_MEMBERS.join(' or ')}`,
};

const ENTRY: EvidenceKind = {
  control: 'PUBLIC-SURFACE',
  kind: 'gcp-public-entry',
  subject: 'ways in from the internet that are the external load balancer',
  expected:
    'external forwarding rules target the HTTPS or redirecting HTTP proxy; no instance has an external IP (access_config); ' +
    'Cloud Run ingress is not INGRESS_TRAFFIC_ALL',
};

const publicSurface: ControlCheck = (context) => {
  const { stack } = context;
  const evidence: Evidence[] = [];
  for (const sql of resources(stack, 'google_sql_database_instance')) {
    const path = ['settings', 'ip_configuration', 'ipv4_enabled'];
    const value = get(sql, ...path);
    const authorized = asArray(get(sql, 'settings', 'ip_configuration', 'authorized_networks'));
    evidence.push(observe(context, SQL_NO_PUBLIC_IP, at(sql, ...path), value, value === false && authorized.length === 0));
  }
  evidence.push(...bucketAccessEvidence(context, BUCKET_NOT_PUBLIC));
  for (const grant of grants(context)) {
    const open = grant.members.some((m) => PUBLIC_MEMBERS.includes(m));
    evidence.push(observe(context, NO_PUBLIC_MEMBER, grant.memberPlace, grant.memberValue, !open));
  }
  for (const rule of resources(stack, 'google_compute_global_forwarding_rule', 'google_compute_forwarding_rule')) {
    const scheme = str(get(rule, 'load_balancing_scheme'));
    if (scheme !== undefined && !EXTERNAL_SCHEMES.includes(scheme)) continue;
    const value = get(rule, 'target');
    const type = resolve(stack, value)?.type ?? '';
    evidence.push(observe(context, ENTRY, at(rule, 'target'), value, LOAD_BALANCER_PROXIES.includes(type)));
  }
  for (const instance of resources(stack, 'google_compute_instance', 'google_compute_instance_template')) {
    const interfaces = asArray(get(instance, 'network_interface'));
    const external = interfaces.findIndex((n) => asArray(lookup(n, ['access_config']).value).length > 0);
    if (external < 0) continue;
    const path = ['network_interface', external, 'access_config'];
    evidence.push(observe(context, ENTRY, at(instance, ...path), get(instance, ...path), false));
  }
  for (const service of resources(stack, 'google_cloud_run_v2_service')) {
    const ingress = get(service, 'ingress');
    evidence.push(observe(context, ENTRY, at(service, 'ingress'), ingress, ingress !== undefined && ingress !== 'INGRESS_TRAFFIC_ALL'));
  }
  return evidence;
};

const SQL_REGIONAL: EvidenceKind = {
  control: 'MULTI-AZ',
  kind: 'gcp-sql-regional',
  subject: 'Cloud SQL instances with a standby in a second zone',
  expected: 'settings.availability_type is REGIONAL (the default ZONAL has no standby)',
};

const BUCKET_LOCATION: EvidenceKind = {
  control: 'MULTI-AZ',
  kind: 'gcp-bucket-multi-zone',
  subject: 'buckets stored across the zones of their location',
  expected: 'location names a region or multi-region (Cloud Storage keeps every such bucket in several zones)',
};

const multiAz: ControlCheck = (context) => {
  const evidence: Evidence[] = [];
  for (const sql of resources(context.stack, 'google_sql_database_instance')) {
    const value = get(sql, 'settings', 'availability_type');
    evidence.push(observe(context, SQL_REGIONAL, at(sql, 'settings', 'availability_type'), value, value === 'REGIONAL'));
  }
  for (const bucket of resources(context.stack, 'google_storage_bucket')) {
    const value = get(bucket, 'location');
    const ok = typeof value === 'string' && value !== '' && (reference(value) !== undefined || !/-[a-z]$/i.test(value));
    evidence.push(observe(context, BUCKET_LOCATION, at(bucket, 'location'), value, ok));
  }
  return evidence;
};

export const NETWORK_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'NET-ISOLATION': [netIsolation],
  'PUBLIC-SURFACE': [publicSurface],
  'MULTI-AZ': [multiAz],
};
