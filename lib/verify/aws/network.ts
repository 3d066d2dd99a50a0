import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { ControlCheck, Evidence, Json } from '../types';
import { netIsolation } from './net-isolation';
import { asArray, isObject, referencedLogicalId, renderString, resources } from './template';

/** MULTI-AZ, AZ-REAL, NET-ISOLATION (net-isolation.ts) and IDS-IPS, read from CloudFormation templates. */

const kinds = {
  vpcZones: {
    control: 'MULTI-AZ',
    kind: 'vpc-zone-spread',
    subject: 'VPCs whose subnets span at least two zones',
    expected: '>= 2 distinct AvailabilityZone values',
  },
  dbInstances: {
    control: 'MULTI-AZ',
    kind: 'database-instances',
    subject: 'database clusters with at least two instances',
    expected: '>= 2 AWS::RDS::DBInstance in the cluster',
  },
  tasks: { control: 'MULTI-AZ', kind: 'service-task-count', subject: 'ECS services keeping at least two tasks', expected: 'DesiredCount >= 2' },
  zoneName: {
    control: 'AZ-REAL',
    kind: 'real-zone-name',
    subject: 'availability zone values that are real zone names of the stack region',
    expected: '<region><letter>, e.g. us-east-1a',
  },
  firewall: {
    control: 'IDS-IPS',
    kind: 'firewall-per-zone',
    subject: 'VPCs with an internet path that have a Network Firewall endpoint in every zone',
    expected: 'one AWS::NetworkFirewall::Firewall per zone of the VPC',
  },
  firewallPolicy: {
    control: 'IDS-IPS',
    kind: 'firewall-policy-threat-signatures',
    subject: 'firewall policies with AWS managed threat signatures and drop by default',
    expected: 'a ThreatSignatures managed rule group and aws:drop_established (or drop_strict)',
  },
  guardDuty: {
    control: 'IDS-IPS',
    kind: 'guardduty-detector',
    subject: 'stacks with an enabled GuardDuty detector',
    expected: 'AWS::GuardDuty::Detector Enable: true',
  },
} satisfies Record<string, EvidenceKind>;

const multiAz: ControlCheck = (context) => {
  const { stack } = context;
  const subnets = resources(stack, 'AWS::EC2::Subnet');
  const vpcs = resources(stack, 'AWS::EC2::VPC').map((vpc) => {
    const zones = [
      ...new Set(subnets.filter((s) => referencedLogicalId(s.props.VpcId) === vpc.id).map((s) => renderString(stack, s.props.AvailabilityZone))),
    ];
    return observe(context, kinds.vpcZones, { resource: vpc.id, pointer: pointer('Resources', vpc.id) }, zones, zones.length >= 2);
  });
  const instances = resources(stack, 'AWS::RDS::DBInstance');
  const clusters = resources(stack, 'AWS::RDS::DBCluster').map((cluster) => {
    const members = instances.filter((i) => referencedLogicalId(i.props.DBClusterIdentifier) === cluster.id).map((i) => i.id);
    return observe(context, kinds.dbInstances, { resource: cluster.id, pointer: pointer('Resources', cluster.id) }, members, members.length >= 2);
  });
  const services = resources(stack, 'AWS::ECS::Service').map((svc) => {
    const count = svc.props.DesiredCount;
    return observe(
      context,
      kinds.tasks,
      { resource: svc.id, pointer: pointer('Resources', svc.id, 'Properties', 'DesiredCount') },
      count,
      typeof count === 'number' && count >= 2,
    );
  });
  return [...vpcs, ...clusters, ...services];
};

/** Every `AvailabilityZone` / `AvailabilityZones` value under a resource's properties, with its pointer. */
function zoneValues(value: Json | undefined, path: (string | number)[]): { path: (string | number)[]; value: Json }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => zoneValues(v, [...path, i]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    if (key === 'AvailabilityZone') return [{ path: [...path, key], value: v }];
    if (key === 'AvailabilityZones') return asArray(v).map((z, i) => ({ path: [...path, key, i], value: z }));
    return zoneValues(v, [...path, key]);
  });
}

const azReal: ControlCheck = (context) => {
  const { stack } = context;
  const real = new RegExp(`^${stack.region}[a-z]$`);
  return resources(stack).flatMap((r) =>
    zoneValues(r.props, ['Resources', r.id, 'Properties']).map(({ path, value }) => {
      const zone = renderString(stack, value);
      return observe(context, kinds.zoneName, { resource: r.id, pointer: pointer(...path) }, zone, real.test(zone), 'contradicted');
    }),
  );
};

const idsIps: ControlCheck = (context) => {
  const { stack } = context;
  const evidence: Evidence[] = [];
  const subnets = resources(stack, 'AWS::EC2::Subnet');
  const firewalls = resources(stack, 'AWS::NetworkFirewall::Firewall');
  const gateways = new Set(
    resources(stack, 'AWS::EC2::InternetGateway').length > 0
      ? resources(stack, 'AWS::EC2::VPCGatewayAttachment').map((a) => referencedLogicalId(a.props.VpcId))
      : [],
  );
  for (const vpc of resources(stack, 'AWS::EC2::VPC').filter((v) => gateways.has(v.id))) {
    const zones = new Set(
      subnets.filter((s) => referencedLogicalId(s.props.VpcId) === vpc.id).map((s) => renderString(stack, s.props.AvailabilityZone)),
    );
    const inVpc = firewalls.filter((f) => referencedLogicalId(f.props.VpcId) === vpc.id).length;
    evidence.push(
      observe(
        context,
        kinds.firewall,
        { resource: vpc.id, pointer: pointer('Resources', vpc.id) },
        { zones: zones.size, firewalls: inVpc },
        inVpc >= zones.size,
        'missing',
      ),
    );
  }
  for (const policy of resources(stack, 'AWS::NetworkFirewall::FirewallPolicy')) {
    const body = isObject(policy.props.FirewallPolicy) ? policy.props.FirewallPolicy : {};
    const groups = asArray(body.StatefulRuleGroupReferences).map((g) => (isObject(g) ? renderString(stack, g.ResourceArn) : ''));
    const defaults = asArray(body.StatefulDefaultActions).map(String);
    const ok =
      groups.some((g) => /aws-managed:stateful-rulegroup\/ThreatSignatures/.test(g)) &&
      defaults.some((d) => /^aws:drop_(established|strict)$/.test(d));
    const place = { resource: policy.id, pointer: pointer('Resources', policy.id, 'Properties', 'FirewallPolicy') };
    evidence.push(
      observe(context, kinds.firewallPolicy, place, { StatefulDefaultActions: defaults, managedGroups: groups.length }, ok, 'contradicted'),
    );
  }
  const detectors = resources(stack, 'AWS::GuardDuty::Detector');
  if (detectors.length === 0) evidence.push(observe(context, kinds.guardDuty, { pointer: pointer('Resources') }, undefined, false));
  for (const d of detectors)
    evidence.push(
      observe(
        context,
        kinds.guardDuty,
        { resource: d.id, pointer: pointer('Resources', d.id, 'Properties', 'Enable') },
        d.props.Enable,
        d.props.Enable === true,
      ),
    );
  return evidence;
};

export const NETWORK_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'MULTI-AZ': [multiAz],
  'AZ-REAL': [azReal],
  'NET-ISOLATION': [netIsolation],
  'IDS-IPS': [idsIps],
};
