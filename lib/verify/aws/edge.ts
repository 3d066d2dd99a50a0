import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence } from '../types';
import { allowsAnyone, asArray, isObject, referencedIds, referencedLogicalId, resources, statements, type Resource } from './template';

/** TLS-EDGE, WAF, DDOS and PUBLIC-SURFACE: what faces clients, read from CloudFormation templates. */

/**
 * The lowest TLS version an ELB security policy accepts, from its published name: `TLS13-1-3-*`
 * accept 1.3 only; `TLS13-1-2-*`, `TLS-1-2-*` and `FS-1-2-*` 1.2 and up; every other name (the
 * 2015/2016 defaults, `TLS-1-1`, `TLS13-1-1`, `TLS13-1-0`) something older.
 */
export function elbPolicyMinimum(policy: string): '1.3' | '1.2' | 'older' {
  if (/TLS13-1-3-/.test(policy)) return '1.3';
  if (/TLS13-1-2-|TLS-1-2-|FS-1-2-/.test(policy)) return '1.2';
  return 'older';
}

const internetFacing = (lb: Resource): boolean => lb.props.Scheme !== 'internal';

function listenersOf(context: CheckContext): { listener: Resource; lb?: Resource }[] {
  const lbs = new Map(resources(context.stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer').map((lb) => [lb.id, lb]));
  return resources(context.stack, 'AWS::ElasticLoadBalancingV2::Listener').map((listener) => {
    const id = referencedLogicalId(listener.props.LoadBalancerArn);
    return { listener, lb: id === undefined ? undefined : lbs.get(id) };
  });
}

const TLS_LISTENER = (minimum: string): EvidenceKind => ({
  control: 'TLS-EDGE',
  kind: 'listener-tls-policy',
  subject: 'load-balancer listeners encrypting at the published versions',
  expected: `HTTPS/TLS with an ELB policy of TLS ${minimum} or later that offers TLS 1.3 (TLS13-*), or HTTP that only redirects to HTTPS`,
});

function redirectsOnly(listener: Resource, rules: readonly Resource[]): boolean {
  const actions = asArray(listener.props.DefaultActions).filter(isObject);
  const redirect =
    actions.length > 0 && actions.every((a) => a.Type === 'redirect' && isObject(a.RedirectConfig) && a.RedirectConfig.Protocol === 'HTTPS');
  const forwardingRules = rules.filter(
    (rule) =>
      referencedLogicalId(rule.props.ListenerArn) === listener.id && asArray(rule.props.Actions).some((a) => isObject(a) && a.Type !== 'redirect'),
  );
  return redirect && forwardingRules.length === 0;
}

const tlsEdge: ControlCheck = (context) => {
  const { minimum } = context.metadata.policy.tls;
  const rules = resources(context.stack, 'AWS::ElasticLoadBalancingV2::ListenerRule');
  return listenersOf(context).map(({ listener }) => {
    const protocol = listener.props.Protocol;
    const place = { resource: listener.id, pointer: pointer('Resources', listener.id, 'Properties') };
    if (protocol === 'HTTP') {
      return observe(
        context,
        TLS_LISTENER(minimum),
        place,
        { Protocol: 'HTTP', DefaultActions: listener.props.DefaultActions ?? null },
        redirectsOnly(listener, rules),
      );
    }
    const policy = typeof listener.props.SslPolicy === 'string' ? listener.props.SslPolicy : '';
    const floor = elbPolicyMinimum(policy);
    const meetsFloor = floor === '1.3' || (floor === '1.2' && minimum === '1.2');
    const ok = (protocol === 'HTTPS' || protocol === 'TLS') && meetsFloor && /TLS13-/.test(policy);
    return observe(context, TLS_LISTENER(minimum), place, { Protocol: protocol ?? null, SslPolicy: policy || null }, ok, 'contradicted');
  });
};

const WAF_ON_LB: EvidenceKind = {
  control: 'WAF',
  kind: 'waf-on-internet-facing-lb',
  subject: 'internet-facing load balancers',
  expected: 'an AWS::WAFv2::WebACLAssociation whose ResourceArn is the load balancer',
};
const SHIELD_ON_LB: EvidenceKind = {
  control: 'DDOS',
  kind: 'shield-on-internet-facing-lb',
  subject: 'internet-facing load balancers',
  expected: 'an AWS::Shield::Protection whose ResourceArn is the load balancer, with automatic application-layer mitigation',
};

function publicLoadBalancers(context: CheckContext): Resource[] {
  return resources(context.stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer').filter(internetFacing);
}

const waf: ControlCheck = (context) => {
  const associated = new Set(resources(context.stack, 'AWS::WAFv2::WebACLAssociation').map((a) => referencedLogicalId(a.props.ResourceArn)));
  return publicLoadBalancers(context).map((lb) =>
    observe(
      context,
      WAF_ON_LB,
      { resource: lb.id, pointer: pointer('Resources', lb.id) },
      associated.has(lb.id) ? 'associated' : undefined,
      associated.has(lb.id),
    ),
  );
};

const SHIELD_HEALTH: EvidenceKind = {
  control: 'DDOS',
  kind: 'shield-health-based-detection',
  subject: 'Shield Advanced protections with health-based detection',
  expected: 'HealthCheckArns naming an AWS::Route53::HealthCheck of the stack that probes over HTTPS',
};

/** Each protection's health check: an HTTPS Route 53 health check of this stack, referenced in its ARN. */
function healthEvidence(context: CheckContext, protections: readonly Resource[]): Evidence[] {
  const checks = resources(context.stack, 'AWS::Route53::HealthCheck');
  return protections.map((protection) => {
    const named = referencedIds(protection.props.HealthCheckArns);
    const check = checks.find((c) => named.has(c.id));
    const config = check !== undefined && isObject(check.props.HealthCheckConfig) ? check.props.HealthCheckConfig : undefined;
    const ok = config !== undefined && typeof config.Type === 'string' && config.Type.startsWith('HTTPS');
    const place = { resource: protection.id, pointer: pointer('Resources', protection.id, 'Properties', 'HealthCheckArns') };
    return observe(context, SHIELD_HEALTH, place, config === undefined ? protection.props.HealthCheckArns : (config.Type ?? null), ok);
  });
}

const ddos: ControlCheck = (context) => {
  const protections = resources(context.stack, 'AWS::Shield::Protection');
  return [
    ...publicLoadBalancers(context).map((lb) => {
      const protection = protections.find((p) => referencedLogicalId(p.props.ResourceArn) === lb.id);
      const auto = protection?.props.ApplicationLayerAutomaticResponseConfiguration;
      const ok = protection !== undefined && isObject(auto) && auto.Status === 'ENABLED';
      const place = { resource: protection?.id ?? lb.id, pointer: pointer('Resources', protection?.id ?? lb.id) };
      return observe(context, SHIELD_ON_LB, place, protection === undefined ? undefined : (auto ?? null), ok);
    }),
    ...healthEvidence(context, protections),
  ];
};

const kinds = {
  bucketBlock: {
    control: 'PUBLIC-SURFACE',
    kind: 'bucket-public-access-block',
    subject: 'buckets blocking every kind of public access',
    expected: 'PublicAccessBlockConfiguration with all four settings true',
  },
  bucketPolicy: {
    control: 'PUBLIC-SURFACE',
    kind: 'bucket-policy-not-public',
    subject: 'bucket policy statements not granting access to everyone',
    expected: 'no Allow to Principal * without a condition',
  },
  subnet: {
    control: 'PUBLIC-SURFACE',
    kind: 'subnet-no-public-ip',
    subject: 'subnets not assigning public IP addresses',
    expected: 'MapPublicIpOnLaunch absent or false',
  },
  database: {
    control: 'PUBLIC-SURFACE',
    kind: 'database-not-public',
    subject: 'database instances not publicly accessible',
    expected: 'PubliclyAccessible absent or false',
  },
  task: {
    control: 'PUBLIC-SURFACE',
    kind: 'service-no-public-ip',
    subject: 'ECS services without public IP addresses',
    expected: 'AwsvpcConfiguration.AssignPublicIp DISABLED',
  },
} satisfies Record<string, EvidenceKind>;

const BLOCK_SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

const publicSurface: ControlCheck = (context) => {
  const { stack } = context;
  const evidence: Evidence[] = [];
  for (const b of resources(stack, 'AWS::S3::Bucket')) {
    const block = b.props.PublicAccessBlockConfiguration;
    const ok = isObject(block) && BLOCK_SETTINGS.every((s) => block[s] === true);
    evidence.push(
      observe(
        context,
        kinds.bucketBlock,
        { resource: b.id, pointer: pointer('Resources', b.id, 'Properties', 'PublicAccessBlockConfiguration') },
        block,
        ok,
      ),
    );
  }
  for (const p of resources(stack, 'AWS::S3::BucketPolicy')) {
    statements(p.props.PolicyDocument).forEach((s, index) => {
      const open = allowsAnyone(stack, s);
      const place = { resource: p.id, pointer: pointer('Resources', p.id, 'Properties', 'PolicyDocument', 'Statement', index) };
      evidence.push(observe(context, kinds.bucketPolicy, place, { Effect: s.Effect ?? null, Principal: s.Principal ?? null }, !open));
    });
  }
  for (const s of resources(stack, 'AWS::EC2::Subnet')) {
    const value = s.props.MapPublicIpOnLaunch;
    evidence.push(
      observe(
        context,
        kinds.subnet,
        { resource: s.id, pointer: pointer('Resources', s.id, 'Properties', 'MapPublicIpOnLaunch') },
        value ?? false,
        value !== true,
      ),
    );
  }
  for (const d of resources(stack, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster')) {
    const value = d.props.PubliclyAccessible;
    evidence.push(
      observe(
        context,
        kinds.database,
        { resource: d.id, pointer: pointer('Resources', d.id, 'Properties', 'PubliclyAccessible') },
        value ?? false,
        value !== true,
      ),
    );
  }
  for (const svc of resources(stack, 'AWS::ECS::Service')) {
    const cfg = svc.props.NetworkConfiguration;
    const assign = isObject(cfg) && isObject(cfg.AwsvpcConfiguration) ? cfg.AwsvpcConfiguration.AssignPublicIp : undefined;
    const place = {
      resource: svc.id,
      pointer: pointer('Resources', svc.id, 'Properties', 'NetworkConfiguration', 'AwsvpcConfiguration', 'AssignPublicIp'),
    };
    evidence.push(observe(context, kinds.task, place, assign, assign === 'DISABLED'));
  }
  return evidence;
};

export const EDGE_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'TLS-EDGE': [tlsEdge],
  WAF: [waf],
  DDOS: [ddos],
  'PUBLIC-SURFACE': [publicSurface],
};
