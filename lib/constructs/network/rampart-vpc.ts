import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeCfnLint, acknowledgeInPacks, COMPLIANCE_PACKS } from '../../nag/acknowledge';
import { retainedLogGroup } from '../logging/retained-log-group';
import { DefaultSgRestriction } from './default-sg-restriction';
import { addOwnAccountEndpointPolicies } from './endpoint-policies';
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  IGW_ROUTE_REASON,
  ISOLATED_VPC_PREFIX,
  MIN_AZS,
  NACL_REASON,
  PINNED_ZONES_REASON,
  SUBNET_GROUPS,
  VPC_PREFIX,
} from './network-settings';

/** The smallest subnet AWS allows: a /28 (16 addresses). */
const SMALLEST_SUBNET_PREFIX = 28; // a subnet size, not a policy number

export interface RampartVpcProps {
  /**
   * IPv4 CIDR of the VPC, a /16 to a /20 (a /24 when `isolated`; subnet sizes are derived from it).
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Availability zones to spread every subnet tier across (control MULTI-AZ); at least 2.
   * @default 3
   */
  readonly maxAzs?: number;
  /** KMS key encrypting the flow-log log group: the key ring's logs key. Required (ENC-REST). */
  readonly flowLogKey: kms.IKey;
  /**
   * Days CloudWatch Logs keeps flow logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;
  /**
   * Isolated mode (HIPAA enclave, tenant VPCs): no internet gateway, no NAT gateway, no public,
   * NAT or firewall subnets; only the `Private` (workloads) and `Data` tiers, both
   * PRIVATE_ISOLATED. AWS APIs are reached only through the VPC endpoints, whose policies (as in
   * every Rampart VPC) admit only principals of this account (and, for S3, only this account's
   * buckets plus reads of ECR's layer bucket). Accepts a /16 to a /24.
   * @default false
   */
  readonly isolated?: boolean;
  /**
   * Interface endpoints to create, by construct id; `{}` creates none (a VPC without compute).
   * The S3 and DynamoDB gateway endpoints are always created.
   * @default DEFAULT_INTERFACE_ENDPOINTS
   */
  readonly interfaceEndpoints?: Readonly<Record<string, ec2.InterfaceVpcEndpointAwsService>>;
  /**
   * Isolated mode only: a third tier of `Public` subnets (no public IP on launch) routed to an
   * internet gateway, for an internet-facing load balancer and nothing else (a silo tenant's own
   * ingress). The workload and data tiers stay PRIVATE_ISOLATED: no NAT, no route out.
   * @default false
   */
  readonly publicIngress?: boolean;
}

/**
 * Every VPC Rampart builds (controls NET-ISOLATION and MULTI-AZ): the platform VPC of each region,
 * and, in isolated mode, the HIPAA enclave's VPC and each tenant's.
 *
 * Platform tiers, each across every AZ:
 * - `Public`: load balancers only; `MapPublicIpOnLaunch` is false, so nothing placed here gets a
 *   public address unless it is a load balancer or NAT gateway that asks for one explicitly.
 * - `Nat`: the NAT gateways, one per AZ, so an AZ outage never cuts egress in the others.
 * - `Firewall`: reserved for Network Firewall endpoints; no route until NetworkFirewall wires it.
 * - `Private`: workloads; default route to the NAT gateway of their AZ (or to the firewall).
 * - `Data`: isolated: no default route at all, and a network ACL that admits only the VPC's CIDR.
 *
 * The default security group is stripped of all rules (the `restrictDefaultSecurityGroup` custom
 * resource), all traffic is recorded in KMS-encrypted, retained flow logs, and AWS APIs are reached
 * through gateway endpoints (S3, DynamoDB) and private-DNS interface endpoints whose security group
 * admits HTTPS from the VPC only. Every endpoint carries an endpoint policy restricting it to this
 * account's principals (and, for S3, this account's buckets plus reads of ECR's layer bucket), see
 * `addOwnAccountEndpointPolicies` (endpoint-policies.ts).
 *
 * Isolated mode (`isolated: true`, the HIPAA enclave and tenant VPCs) keeps only the `Private` and
 * `Data` tiers, both without any route out of the VPC: no internet gateway, no NAT gateway, no
 * public IP anywhere. The public, NAT and firewall selections then select nothing and must not be
 * used.
 */
export class RampartVpc extends Construct {
  public readonly vpc: ec2.Vpc;
  /** Load-balancer subnets. */
  public readonly publicSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.public };
  /** NAT-gateway subnets. */
  public readonly natSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.nat };
  /** Network Firewall endpoint subnets. */
  public readonly firewallSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.firewall };
  /** Workload subnets. */
  public readonly privateSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.private };
  /** Database subnets. */
  public readonly dataSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.data };
  /** The encrypted log group receiving the VPC flow logs. */
  public readonly flowLogGroup: logs.LogGroup;
  /** Security group of the interface endpoints (HTTPS from the VPC CIDR only); absent when there are none. */
  public readonly endpointSecurityGroup?: ec2.SecurityGroup;
  /** True when built in isolated mode (no internet gateway, NAT, public, NAT or firewall subnets). */
  public readonly isolated: boolean;
  /** Every VPC endpoint of the network (gateway and interface), by construct id. */
  public readonly endpoints: Readonly<Record<string, ec2.VpcEndpoint>>;
  /** The S3 gateway endpoint (a function answering CloudFormation adds its statement to it: admitCloudFormationResponses). */
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: RampartVpcProps) {
    super(scope, id);
    const isolated = (this.isolated = props.isolated ?? false);
    const bounds = isolated ? ISOLATED_VPC_PREFIX : VPC_PREFIX;
    const cidr = props.cidr ?? '10.0.0.0/16';
    const prefix = Number(cidr.split('/')[1]);
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || !(prefix >= bounds.min && prefix <= bounds.max)) {
      throw new Error(`RampartVpc ${this.node.path}: cidr must be an IPv4 CIDR from /${bounds.min} to /${bounds.max}, got ${JSON.stringify(cidr)}`);
    }
    const maxAzs = props.maxAzs ?? 3;
    if (!Number.isInteger(maxAzs) || maxAzs < MIN_AZS) {
      throw new Error(`RampartVpc ${this.node.path}: maxAzs must be a whole number >= ${MIN_AZS} (MULTI-AZ), got ${maxAzs}`);
    }
    const publicIngress = isolated && (props.publicIngress ?? false);
    if (props.publicIngress && !isolated)
      throw new Error(`RampartVpc ${this.node.path}: publicIngress applies to an isolated VPC only (a platform VPC has public subnets)`);
    this.vpc = isolated ? this.isolatedVpc(cidr, prefix, maxAzs, publicIngress) : this.platformVpc(cidr, prefix, maxAzs);
    // AZ-REAL: the stack pins real zone names (its plan); cfn-lint's W3010 prefers deploy-time lookups.
    acknowledgeCfnLint(this.vpc, 'W3010', PINNED_ZONES_REASON);

    this.flowLogGroup = retainedLogGroup(this, 'FlowLogs', { encryptionKey: props.flowLogKey, retention: props.flowLogRetention, pinAs: 'FlowLogs' });
    // The default security group's closing provider: its logs encrypted and kept like the flow logs, its resources tagged.
    new DefaultSgRestriction(this, 'DefaultSgRestriction', { vpc: this.vpc, logsKey: props.flowLogKey, retention: props.flowLogRetention });
    this.addFlowLog();
    this.addDataTierAcl(cidr);

    this.s3Endpoint = this.vpc.node.findChild('S3') as ec2.GatewayVpcEndpoint;
    const endpoints: Record<string, ec2.VpcEndpoint> = {
      S3: this.s3Endpoint,
      DynamoDb: this.vpc.node.findChild('DynamoDb') as ec2.GatewayVpcEndpoint,
    };
    const interfaceEndpoints = Object.entries(props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS);
    // Only a VPC with interface endpoints gets their security group (a tenant VPC has none).
    if (interfaceEndpoints.length > 0) {
      const securityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
        vpc: this.vpc,
        description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
        allowAllOutbound: false,
      });
      securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
      this.endpointSecurityGroup = securityGroup;
    }
    for (const [name, service] of interfaceEndpoints) {
      endpoints[name] = this.vpc.addInterfaceEndpoint(name, {
        service,
        privateDnsEnabled: true,
        open: false,
        securityGroups: [this.endpointSecurityGroup!],
        subnets: this.privateSubnets,
      });
    }
    this.endpoints = endpoints;
    // Every endpoint, platform or isolated: this account's principals only (and, for S3, its buckets).
    addOwnAccountEndpointPolicies(Stack.of(this).account, endpoints);

    if (!isolated || publicIngress) this.acknowledgeInternetRoutes();
  }

  /** The platform VPC: five tiers, a NAT gateway per AZ, an internet gateway for the load balancers. */
  private platformVpc(cidr: string, prefix: number, maxAzs: number): ec2.Vpc {
    return new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways: maxAzs,
      natGatewaySubnets: this.natSubnets,
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      subnetConfiguration: [
        { name: SUBNET_GROUPS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: prefix + 8, mapPublicIpOnLaunch: false },
        { name: SUBNET_GROUPS.nat, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 28, mapPublicIpOnLaunch: false },
        { name: SUBNET_GROUPS.firewall, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
        { name: SUBNET_GROUPS.private, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: prefix + 4 },
        { name: SUBNET_GROUPS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: prefix + 8 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
  }

  /**
   * Isolated VPC: two PRIVATE_ISOLATED tiers only, so CDK creates no internet gateway, no NAT and no
   * route beyond the VPC (and the gateway endpoints' prefix lists). Subnet masks are derived so that
   * maxAzs x 2 equal subnets fit the VPC (a /24 over 3 AZs gives six /27s).
   */
  private isolatedVpc(cidr: string, prefix: number, maxAzs: number, publicIngress: boolean): ec2.Vpc {
    const tiers = publicIngress ? 3 : 2;
    const cidrMask = prefix + Math.ceil(Math.log2(maxAzs * tiers));
    if (cidrMask > SMALLEST_SUBNET_PREFIX) {
      const subnets = `subnets would be /${cidrMask}, AWS minimum is /${SMALLEST_SUBNET_PREFIX}`;
      throw new Error(`RampartVpc ${this.node.path}: cidr ${cidr} is too small for ${maxAzs} AZs x 2 isolated tiers (${subnets})`);
    }
    return new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways: 0,
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      subnetConfiguration: [
        ...(publicIngress ? [{ name: SUBNET_GROUPS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask, mapPublicIpOnLaunch: false }] : []),
        { name: SUBNET_GROUPS.private, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask },
        { name: SUBNET_GROUPS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
  }

  /**
   * ALL traffic (accepted and rejected) into the encrypted log group. The delivery role is the
   * flow-logs service's alone (confused-deputy guarded) and its permissions sit in a customer
   * managed policy scoped to this one log group.
   */
  private addFlowLog(): void {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Delivers the platform VPC flow logs to their encrypted log group',
    });
    new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.flowLogGroup.logGroupArn],
        }),
      ],
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup, role.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }

  /** Data subnets: stateless rules admitting traffic from, and to, the VPC's own CIDR only. */
  private addDataTierAcl(cidr: string): void {
    const acl = new ec2.NetworkAcl(this, 'DataAcl', { vpc: this.vpc, subnetSelection: this.dataSubnets });
    const vpcOnly = ec2.AclCidr.ipv4(cidr);
    const inbound = acl.addEntry('InFromVpc', {
      ruleNumber: 100,
      cidr: vpcOnly,
      traffic: ec2.AclTraffic.allTraffic(),
      direction: ec2.TrafficDirection.INGRESS,
      ruleAction: ec2.Action.ALLOW,
    });
    const outbound = acl.addEntry('OutToVpc', {
      ruleNumber: 100,
      cidr: vpcOnly,
      traffic: ec2.AclTraffic.allTraffic(),
      direction: ec2.TrafficDirection.EGRESS,
      ruleAction: ec2.Action.ALLOW,
    });
    for (const c of [acl, inbound, outbound]) acknowledge(c, 'AwsSolutions-VPC3', NACL_REASON);
  }

  /** Public and NAT subnets must reach the internet gateway; nothing else routes there. */
  private acknowledgeInternetRoutes(): void {
    // Every PUBLIC subnet: the platform's load-balancer and NAT tiers, or a silo's load-balancer tier.
    for (const subnet of this.vpc.publicSubnets) {
      const route = subnet.node.findChild('DefaultRoute');
      acknowledgeInPacks(route, 'VPCNoUnrestrictedRouteToIGW', COMPLIANCE_PACKS, IGW_ROUTE_REASON);
    }
  }
}
