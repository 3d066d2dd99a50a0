import { broadEgressDomainReason } from '../../promises/egress-domains';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, JsonObject, StackArtifact } from '../types';
import { asArray, fieldValues, isObject, principals, referencedLogicalId, renderString, resources, statements, type Resource } from './template';

/**
 * NET-ISOLATION read from CloudFormation templates: isolated stacks without network links or egress
 * to the internet, VPC endpoints kept to the account, PrivateLink services open to named accounts,
 * internet ingress only to load balancers, and firewall rules passing only TLS to named domains.
 */

const kinds = {
  link: {
    control: 'NET-ISOLATION',
    kind: 'no-network-links',
    subject: 'isolated VPCs without peering, transit gateway or VPN links',
    expected:
      'no VPC peering, Transit Gateway attachment, internet or VPN gateway attachment, VPN connection or Client VPN in an enclave or tenant stack ' +
      "(a silo tenant's internet gateway for its public ingress is judged as tenant-internet-gateway-for-ingress-only)",
  },
  siloIngressGateway: {
    control: 'NET-ISOLATION',
    kind: 'tenant-internet-gateway-for-ingress-only',
    subject: "silo tenants' internet gateways serving only a WAF-protected public ingress",
    expected:
      'an internet gateway in a tenant stack only beside internet-facing load balancers that each have a WAF web ACL, with no NAT gateway (no way out) and no PHI',
  },
  isolatedEgress: {
    control: 'NET-ISOLATION',
    kind: 'isolated-egress-not-world',
    subject: 'security group egress rules of enclave and tenant stacks that stop short of the internet',
    expected: 'no egress to 0.0.0.0/0 or ::/0 (S3 by its managed prefix list, the interface endpoints by the VPC CIDR)',
  },
  endpointPolicy: {
    control: 'NET-ISOLATION',
    kind: 'endpoint-policy-scoped',
    subject: 'VPC endpoints whose policy admits only the account',
    expected:
      "a PolicyDocument whose every Allow requires aws:PrincipalAccount = the stack's account (on S3 also aws:ResourceAccount), " +
      "save s3:GetObject on ECR's layer bucket of the region (prod-<region>-starport-layer-bucket/*) and s3:PutObject on " +
      "CloudFormation's custom resource response bucket of the region (cloudformation-custom-resource-response-<region without hyphens>/*)",
  },
  servicePermissions: {
    control: 'NET-ISOLATION',
    kind: 'endpoint-service-principals',
    subject: 'PrivateLink services open to named accounts only',
    expected: 'AllowedPrincipals without *',
  },
  worldIngress: {
    control: 'NET-ISOLATION',
    kind: 'world-ingress-only-to-load-balancers',
    subject: 'security group rules open to the internet that reach only an internet-facing load balancer',
    expected: 'ingress from 0.0.0.0/0 or ::/0 only on a security group of an internet-facing load balancer',
  },
  egressRules: {
    control: 'NET-ISOLATION',
    kind: 'egress-rules-tls-named',
    subject: 'firewall rule groups that pass egress only over TLS, to named domains',
    expected:
      'no HTTP_HOST target and no pass rule for plain HTTP; no allowlisted domain covering every AWS endpoint, a wildcard under ' +
      'an AWS endpoint suffix or an S3 service endpoint',
  },
} satisfies Record<string, EvidenceKind>;

const NETWORK_LINK_TYPES = [
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::TransitGatewayAttachment',
  'AWS::EC2::TransitGatewayVpcAttachment',
  'AWS::EC2::VPNGateway',
  'AWS::EC2::VPNConnection',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::ClientVpnEndpoint',
];

function isolationPromised(context: CheckContext): boolean {
  return context.metadata.kind === 'aws-enclave' || context.metadata.kind === 'aws-tenant';
}

/**
 * Every security group rule of one direction: inline (`SecurityGroupIngress`/`SecurityGroupEgress`
 * of an AWS::EC2::SecurityGroup, reported on the group) and standalone (AWS::EC2::SecurityGroupIngress
 * / Egress resources, reported on themselves); `sg` is the group the rule belongs to.
 */
export function securityGroupRules(stack: StackArtifact, direction: 'Ingress' | 'Egress'): { sg?: string; rule: Json; at: string; id: string }[] {
  return [
    ...resources(stack, 'AWS::EC2::SecurityGroup').flatMap((sg) =>
      asArray(sg.props[`SecurityGroup${direction}`]).map((rule, i) => ({
        sg: sg.id,
        rule,
        at: pointer('Resources', sg.id, 'Properties', `SecurityGroup${direction}`, i),
        id: sg.id,
      })),
    ),
    ...resources(stack, `AWS::EC2::SecurityGroup${direction}`).map((r) => ({
      sg: referencedLogicalId(r.props.GroupId),
      rule: r.props as Json,
      at: pointer('Resources', r.id, 'Properties'),
      id: r.id,
    })),
  ];
}

/** The values a statement's `StringEquals` condition requires of `key`, rendered (empty when it sets none). */
function requiredValues(stack: StackArtifact, statement: JsonObject, key: string): string[] {
  const equals = isObject(statement.Condition) ? statement.Condition.StringEquals : undefined;
  return isObject(equals) ? asArray(equals[key]).map((v) => renderString(stack, v)) : [];
}

/**
 * One Allow of an endpoint policy keeps the endpoint to the stack's account: its principals are the
 * account's (named, or `*` narrowed by `aws:PrincipalAccount` = the account) and, on S3, so are the
 * buckets (`aws:ResourceAccount`). The one statement admitted without them is what image pulls need:
 * s3:GetObject on ECR's layer bucket of the stack's region, whose presigned URLs ECR signs itself, and,
 * in a platform stack only (`answers`: its tenant schema provisioner answers CloudFormation from the
 * VPC), s3:PutObject on CloudFormation's response bucket of the region (a custom resource's answer on
 * the URL CloudFormation pre-signs), both AWS-owned buckets of one purpose. Anywhere else a response
 * URL pre-signed from any stack in the region would be a way out for data.
 */
function endpointStatementScoped(stack: StackArtifact, statement: JsonObject, s3: boolean, answers: boolean): boolean {
  const onlyAccount = (values: string[]) => values.length > 0 && values.every((v) => v === stack.account);
  const ecrLayers = new RegExp(`^arn:aws[a-z-]*:s3:::prod-${stack.region}-starport-layer-bucket/\\*$`);
  const actions = fieldValues(stack, statement, 'Action');
  const targets = fieldValues(stack, statement, 'Resource');
  const responses = new RegExp(`^arn:aws[a-z-]*:s3:::cloudformation-custom-resource-response-${stack.region.replace(/-/g, '')}/\\*$`);
  const only = (action: string, bucket: RegExp) =>
    actions.length === 1 && actions[0] === action && targets.length > 0 && targets.every((r) => bucket.test(r));
  if (s3 && (only('s3:GetObject', ecrLayers) || (answers && only('s3:PutObject', responses)))) return true;
  const who = principals(stack, statement);
  const ownPrincipals = who.includes('*')
    ? onlyAccount(requiredValues(stack, statement, 'aws:PrincipalAccount'))
    : who.length > 0 && who.every((p) => p === stack.account || p.includes(`:${stack.account}:`));
  return ownPrincipals && (!s3 || onlyAccount(requiredValues(stack, statement, 'aws:ResourceAccount')));
}

/**
 * What a stateful rule group lets out (NET-ISOLATION, egress narrowed to named services over TLS):
 * a domain allowlist must not pass plain HTTP (HTTP_HOST) nor name a domain through which a workload
 * reaches every AWS account; a Suricata string or 5-tuple rule must not pass HTTP.
 */
function egressRuleEvidence(context: CheckContext): Evidence[] {
  const { stack } = context;
  return resources(stack, 'AWS::NetworkFirewall::RuleGroup').flatMap((group): Evidence[] => {
    const body = isObject(group.props.RuleGroup) ? group.props.RuleGroup : {};
    const source = isObject(body.RulesSource) ? body.RulesSource : {};
    const place = { resource: group.id, pointer: pointer('Resources', group.id, 'Properties', 'RuleGroup', 'RulesSource') };
    const found: Evidence[] = [];
    const list = isObject(source.RulesSourceList) ? source.RulesSourceList : undefined;
    if (list !== undefined && list.GeneratedRulesType === 'ALLOWLIST') {
      const targetTypes = asArray(list.TargetTypes).map((t) => renderString(stack, t));
      const targets = asArray(list.Targets).map((t) => renderString(stack, t));
      const ok = !targetTypes.includes('HTTP_HOST') && targets.every((t) => broadEgressDomainReason(t) === undefined);
      found.push(observe(context, kinds.egressRules, place, { TargetTypes: targetTypes, Targets: targets }, ok, 'contradicted'));
    }
    if (typeof source.RulesString === 'string') {
      const plainHttp = source.RulesString.split('\n').filter((line) => /^\s*pass\s+http\b/i.test(line));
      found.push(observe(context, kinds.egressRules, place, { passHttpRules: plainHttp }, plainHttp.length === 0, 'contradicted'));
    }
    const passHttp = asArray(source.StatefulRules).filter(
      (r) => isObject(r) && String(r.Action).toUpperCase() === 'PASS' && isObject(r.Header) && String(r.Header.Protocol).toUpperCase() === 'HTTP',
    );
    if (asArray(source.StatefulRules).length > 0) {
      found.push(observe(context, kinds.egressRules, place, { passHttpRules: passHttp.length }, passHttp.length === 0, 'contradicted'));
    }
    return found;
  });
}

function internetGatewayOnly(attachment: Resource): boolean {
  return attachment.props.InternetGatewayId !== undefined && attachment.props.VpnGatewayId === undefined;
}

/** An internet gateway in a tenant stack is there for a public ingress: WAF on every internet-facing load balancer, no NAT, no PHI. */
function ingressGatewayEvidence(context: CheckContext, attachment: Resource): Evidence {
  const { stack } = context;
  const associated = new Set(resources(stack, 'AWS::WAFv2::WebACLAssociation').map((a) => referencedLogicalId(a.props.ResourceArn)));
  const publicLbs = resources(stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer').filter((lb) => lb.props.Scheme === 'internet-facing');
  const unprotected = publicLbs.filter((lb) => !associated.has(lb.id)).map((lb) => lb.id);
  const nat = resources(stack, 'AWS::EC2::NatGateway').map((n) => n.id);
  const phi = context.metadata.dataClasses.includes('phi');
  const ok = publicLbs.length > 0 && unprotected.length === 0 && nat.length === 0 && !phi;
  const value: Json = ok
    ? { loadBalancers: publicLbs.map((lb) => lb.id) }
    : { loadBalancers: publicLbs.map((lb) => lb.id), withoutWaf: unprotected, natGateways: nat, phi };
  return observe(
    context,
    kinds.siloIngressGateway,
    { resource: attachment.id, pointer: pointer('Resources', attachment.id) },
    value,
    ok,
    'contradicted',
  );
}

export const netIsolation: ControlCheck = (context) => {
  const { stack } = context;
  const evidence: Evidence[] = [];
  if (isolationPromised(context)) {
    // A silo tenant's public ingress needs an internet gateway: judged by its own evidence, not as a link.
    const igwAttachments =
      context.metadata.kind === 'aws-tenant' ? resources(stack, 'AWS::EC2::VPCGatewayAttachment').filter(internetGatewayOnly) : [];
    const links = resources(stack, ...NETWORK_LINK_TYPES).filter((r) => !igwAttachments.some((a) => a.id === r.id));
    for (const attachment of igwAttachments) evidence.push(ingressGatewayEvidence(context, attachment));
    for (const vpc of resources(stack, 'AWS::EC2::VPC'))
      evidence.push(observe(context, kinds.link, { resource: vpc.id, pointer: pointer('Resources', vpc.id) }, 'no link', true));
    for (const link of links)
      evidence.push(observe(context, kinds.link, { resource: link.id, pointer: pointer('Resources', link.id, 'Type') }, link.type, false));
    for (const { rule, at, id } of securityGroupRules(stack, 'Egress')) {
      const world = isObject(rule) && (rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0');
      evidence.push(observe(context, kinds.isolatedEgress, { resource: id, pointer: at }, rule, !world, 'contradicted'));
    }
  }
  // Only a platform's provisioner answers CloudFormation from its VPC (endpointStatementScoped).
  const answers = context.metadata.kind === 'aws-platform';
  for (const ep of resources(stack, 'AWS::EC2::VPCEndpoint')) {
    const document = ep.props.PolicyDocument;
    const s3 = /\.s3$/.test(renderString(stack, ep.props.ServiceName));
    const allows = statements(document).filter((st) => st.Effect === 'Allow');
    const ok = document !== undefined && allows.length > 0 && allows.every((st) => endpointStatementScoped(stack, st, s3, answers));
    evidence.push(
      observe(context, kinds.endpointPolicy, { resource: ep.id, pointer: pointer('Resources', ep.id, 'Properties', 'PolicyDocument') }, document, ok),
    );
  }
  for (const perm of resources(stack, 'AWS::EC2::VPCEndpointServicePermissions')) {
    const principals = asArray(perm.props.AllowedPrincipals).map((p) => renderString(stack, p));
    const place = { resource: perm.id, pointer: pointer('Resources', perm.id, 'Properties', 'AllowedPrincipals') };
    evidence.push(observe(context, kinds.servicePermissions, place, principals, principals.length > 0 && !principals.includes('*'), 'contradicted'));
  }
  evidence.push(...egressRuleEvidence(context));
  const lbGroups = new Set(
    resources(stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer')
      .filter((lb) => lb.props.Scheme !== 'internal')
      .flatMap((lb) => asArray(lb.props.SecurityGroups).map(referencedLogicalId)),
  );
  const worldRules = securityGroupRules(stack, 'Ingress').filter(
    ({ rule }) => isObject(rule) && (rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0'),
  );
  for (const { sg, rule, at, id } of worldRules) {
    evidence.push(observe(context, kinds.worldIngress, { resource: id, pointer: at }, rule, sg !== undefined && lbGroups.has(sg), 'contradicted'));
  }
  return evidence;
};
