import type { ControlId } from '../promises/control-ids';
import { CfnElement, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { findKey, isObject, Json, propertiesOf, referencedLogicalId, resourceTypeIn, show, validateRendered } from './template-walk';

/** The controls this guard checks (lib/promises). */
export const ENCLAVE_GUARD_CONTROLS: readonly ControlId[] = ['HIPAA', 'PUBLIC-SURFACE', 'NET-ISOLATION'];

export interface EnclaveGuardProps {
  /**
   * The promise quoted at the start of every error.
   * @default 'HIPAA enclave: no public-facing resources'
   */
  readonly promise?: string;
}

/** What a checker sees: the resource's type, its rendered properties and its stack. */
interface Subject {
  readonly type: string;
  readonly props: { [key: string]: Json };
  readonly stack: Stack;
}

/** One kind of public-facing resource: which types it applies to, and what is wrong (or undefined). */
interface PublicFacingCheck {
  readonly types: (type: string) => boolean;
  readonly problem: (subject: Subject) => string | undefined;
}

const is =
  (...types: string[]) =>
  (type: string): boolean =>
    types.includes(type);
const prefix =
  (p: string) =>
  (type: string): boolean =>
    type.startsWith(p);
const always = (why: string) => (): string => why;
const truthy = (v: Json | undefined): boolean => v === true || v === 'true';

/** Every occurrence of `key` anywhere in the properties for which `bad` holds, as `at <path>: <value>`. */
function deep(key: string, bad: (v: Json) => boolean, why: string) {
  return ({ props }: Subject): string | undefined => {
    const hits = findKey(props, key).filter((hit) => bad(hit.value));
    return hits.length === 0 ? undefined : `${why} at ${hits.map((h) => `Properties.${h.path}: ${show(h.value)}`).join(', ')}`;
  };
}

/** A route target that may be an internet gateway: a Ref to one, an `igw-` id, or anything not provably a VPN gateway. */
function gatewayProblem({ props, stack }: Subject): string | undefined {
  const gateway = props.GatewayId;
  if (gateway === undefined || gateway === 'local') return undefined;
  const ref = referencedLogicalId(gateway);
  const targetType = ref === undefined ? undefined : resourceTypeIn(stack, ref);
  if (targetType === 'AWS::EC2::VPNGateway' || (typeof gateway === 'string' && gateway.startsWith('vgw-'))) return undefined;
  const what = targetType === undefined ? 'a gateway that is not provably a VPN gateway' : `a ${targetType}`;
  return `routes to ${what} at Properties.GatewayId: ${show(gateway)}`;
}

/**
 * The public-facing resource kinds, one small check each. An ELB without `Scheme` is internet-facing
 * (CloudFormation's default), so absence counts as public.
 */
export const PUBLIC_FACING_CHECKS: readonly PublicFacingCheck[] = [
  { types: is('AWS::EC2::InternetGateway'), problem: always('is an internet gateway') },
  { types: is('AWS::EC2::EgressOnlyInternetGateway'), problem: always('is an egress-only internet gateway (IPv6 internet access)') },
  { types: is('AWS::EC2::CarrierGateway'), problem: always('is a carrier gateway (internet access from a Wavelength zone)') },
  {
    types: is('AWS::EC2::VPCGatewayAttachment'),
    problem: ({ props }) =>
      props.InternetGatewayId === undefined
        ? undefined
        : `attaches an internet gateway at Properties.InternetGatewayId: ${show(props.InternetGatewayId)}`,
  },
  { types: is('AWS::EC2::Route', 'AWS::EC2::GatewayRouteTableAssociation'), problem: gatewayProblem },
  {
    types: is('AWS::EC2::Route'),
    problem: ({ props }) =>
      props.EgressOnlyInternetGatewayId !== undefined
        ? `routes to an egress-only internet gateway at Properties.EgressOnlyInternetGatewayId: ${show(props.EgressOnlyInternetGatewayId)}`
        : props.NatGatewayId !== undefined
          ? `routes to a NAT gateway (internet egress) at Properties.NatGatewayId: ${show(props.NatGatewayId)}`
          : props.CarrierGatewayId !== undefined
            ? `routes to a carrier gateway at Properties.CarrierGatewayId: ${show(props.CarrierGatewayId)}`
            : undefined,
  },
  { types: is('AWS::EC2::NatGateway'), problem: always('is a NAT gateway (internet egress)') },
  { types: is('AWS::EC2::EIP', 'AWS::EC2::EIPAssociation'), problem: always('is an Elastic (public) IP address') },
  {
    types: is('AWS::EC2::Subnet'),
    problem: ({ props }) => {
      if (truthy(props.MapPublicIpOnLaunch)) return `is a public subnet at Properties.MapPublicIpOnLaunch: ${show(props.MapPublicIpOnLaunch)}`;
      const tags = Array.isArray(props.Tags) ? props.Tags : [];
      const i = tags.findIndex((t) => isObject(t) && t.Key === 'aws-cdk:subnet-type' && t.Value === 'Public');
      return i < 0 ? undefined : `is a public subnet at Properties.Tags[${i}]: {"Key":"aws-cdk:subnet-type","Value":"Public"}`;
    },
  },
  {
    types: is('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    problem: ({ props }) =>
      props.Type === 'gateway' || props.Scheme === 'internal'
        ? undefined
        : `is an internet-facing load balancer at Properties.Scheme: ${show(props.Scheme)} (absent means internet-facing)`,
  },
  {
    types: is('AWS::ElasticLoadBalancing::LoadBalancer'),
    problem: ({ props }) =>
      props.Scheme === 'internal'
        ? undefined
        : `is an internet-facing classic load balancer at Properties.Scheme: ${show(props.Scheme)} (absent means internet-facing)`,
  },
  { types: prefix('AWS::CloudFront::'), problem: always('is a CloudFront resource (a public edge endpoint)') },
  { types: prefix('AWS::GlobalAccelerator::'), problem: always('is a Global Accelerator resource (public anycast IPs)') },
  { types: prefix('AWS::Lightsail::'), problem: always('is a Lightsail resource (public by design, outside the enclave VPC)') },
  { types: () => true, problem: deep('AssociatePublicIpAddress', truthy, 'gets a public IP address') },
  { types: () => true, problem: deep('AssignPublicIp', (v) => v === 'ENABLED', 'assigns a public IP address') },
  { types: () => true, problem: deep('PubliclyAccessible', truthy, 'is publicly accessible') },
  {
    types: is('AWS::ApiGateway::RestApi', 'AWS::ApiGateway::DomainName'),
    problem: ({ props }) => {
      const types = isObject(props.EndpointConfiguration) ? props.EndpointConfiguration.Types : undefined;
      const privateOnly = Array.isArray(types) && types.length === 1 && types[0] === 'PRIVATE';
      return privateOnly
        ? undefined
        : `is a public API endpoint at Properties.EndpointConfiguration.Types: ${show(types)} (only ["PRIVATE"] is allowed; absent means EDGE)`;
    },
  },
  { types: prefix('AWS::ApiGatewayV2::Api'), problem: always('is an API Gateway v2 (HTTP/WebSocket) API, which always has a public endpoint') },
  {
    types: is('AWS::Lambda::Url'),
    problem: ({ props }) => (props.AuthType === 'NONE' ? 'is an unauthenticated public function URL at Properties.AuthType: "NONE"' : undefined),
  },
  {
    types: is('AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'),
    problem: ({ props }) =>
      props.VPCOptions === undefined ? 'is a search domain with a public endpoint: Properties.VPCOptions is absent' : undefined,
  },
  {
    types: is('AWS::EKS::Cluster'),
    problem: ({ props }) => {
      const vpc = isObject(props.ResourcesVpcConfig) ? props.ResourcesVpcConfig : {};
      return vpc.EndpointPublicAccess === false || vpc.EndpointPublicAccess === 'false'
        ? undefined
        : `has a public Kubernetes API endpoint at Properties.ResourcesVpcConfig.EndpointPublicAccess: ${show(vpc.EndpointPublicAccess)} (absent means public)`;
    },
  },
  {
    types: is('AWS::Transfer::Server'),
    problem: ({ props }) =>
      props.EndpointType === 'VPC'
        ? undefined
        : `is a public transfer server at Properties.EndpointType: ${show(props.EndpointType)} (absent means PUBLIC)`,
  },
];

/**
 * HIPAA enclave as an Aspect: fails synthesis when a public-facing resource (internet, egress-only
 * or carrier gateway, a route to one or to a NAT, NAT gateway, Elastic IP, public subnet,
 * internet-facing load balancer, CloudFront, Global Accelerator, Lightsail, public IPs on instances,
 * launch templates, fleets or ECS tasks, publicly accessible databases, non-private API Gateway,
 * unauthenticated Lambda URLs, search domains outside a VPC, public EKS or Transfer endpoints)
 * appears anywhere under the scope it is applied to.
 *
 * ```ts
 * Aspects.of(enclaveStack).add(new EnclaveGuard());
 * ```
 *
 * Errors are `node.addValidation` errors on the offending resource, so `app.synth()` throws and the
 * message names the resource type, its logical id and its construct path.
 */
export class EnclaveGuard implements IAspect {
  private readonly promise: string;
  private readonly seen = new WeakSet<CfnElement>();

  constructor(props: EnclaveGuardProps = {}) {
    this.promise = props.promise ?? 'HIPAA enclave: no public-facing resources';
  }

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    validateRendered(node, this.seen, (rendered, element) => {
      if (rendered.section !== 'Resources') return [];
      const subject: Subject = { type: rendered.kind, props: propertiesOf(rendered), stack: Stack.of(element) };
      return PUBLIC_FACING_CHECKS.filter((c) => c.types(subject.type))
        .map((c) => c.problem(subject))
        .filter((problem): problem is string => problem !== undefined)
        .map((problem) => `${this.promise}, but ${subject.type} ${rendered.logicalId} at ${element.node.path} ${problem}`);
    });
  }
}
