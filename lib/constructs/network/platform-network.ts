import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeInPacks, COMPLIANCE_PACKS } from '../../nag/acknowledge';
import { retainedLogGroup } from '../logging/retained-log-group';

/** MULTI-AZ: a platform VPC never spans fewer than two availability zones. */
export const MIN_AZS = 2;
/** Allowed VPC prefix lengths: the subnet plan below derives its masks from the prefix. */
export const VPC_PREFIX = { min: 16, max: 20 } as const;

/** Subnet group names; stable because CDK derives subnet logical ids from them. */
export const SUBNET_GROUPS = {
  /** Internet-facing load balancers only (nothing else is ever placed here). */
  public: 'Public',
  /** NAT gateways only; separate from the load-balancer subnets so the firewall can see return traffic. */
  nat: 'Nat',
  /** Network Firewall endpoints only (see NetworkFirewall). */
  firewall: 'Firewall',
  /** Workloads: no public IPs, egress through NAT (and the firewall when one is attached). */
  private: 'Private',
  /** Databases: no route outside the VPC, NACL allowing VPC-internal traffic only. */
  data: 'Data',
} as const;

/** Interface endpoints created by default: the AWS APIs workloads call, reached without the internet. */
export const DEFAULT_INTERFACE_ENDPOINTS = {
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  SsmMessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
} as const;

const NACL_REASON =
  'NET-ISOLATION promises network ACLs as a second, stateless layer under the security groups: the data subnets admit and emit only VPC-internal traffic, so a misconfigured security group cannot expose a database.';
const IGW_ROUTE_REASON =
  'Only the load-balancer and NAT-gateway subnets route 0.0.0.0/0 to the internet gateway, which is what makes them public; they never host instances (MapPublicIpOnLaunch false) and workload and data subnets have no internet-gateway route.';

export interface PlatformNetworkProps {
  /**
   * IPv4 CIDR of the VPC, a /16 to a /20 (subnet sizes are derived from it).
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Availability zones to spread every subnet tier across (control MULTI-AZ); at least 2.
   * @default 3
   */
  readonly maxAzs?: number;
  /**
   * NAT gateways. One per AZ keeps an AZ outage from cutting egress in the others; fewer is a cost
   * choice that trades away MULTI-AZ resilience of egress.
   * @default - one per availability zone (maxAzs)
   */
  readonly natGateways?: number;
  /** KMS key encrypting the flow-log log group: the key ring's logs key. Required (ENC-REST). */
  readonly flowLogKey: kms.IKey;
  /**
   * Days CloudWatch Logs keeps flow logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The platform VPC (controls NET-ISOLATION and MULTI-AZ).
 *
 * Tiers, each across every AZ:
 * - `Public`: load balancers only; `MapPublicIpOnLaunch` is false, so nothing placed here gets a
 *   public address unless it is a load balancer or NAT gateway that asks for one explicitly.
 * - `Nat`: the NAT gateways (one per AZ by default).
 * - `Firewall`: reserved for Network Firewall endpoints; no route until NetworkFirewall wires it.
 * - `Private`: workloads; default route to the NAT gateway of their AZ (or to the firewall).
 * - `Data`: isolated: no default route at all, and a network ACL that admits only the VPC's CIDR.
 *
 * The default security group is stripped of all rules (the `restrictDefaultSecurityGroup` custom
 * resource), all traffic is recorded in KMS-encrypted, retained flow logs, and AWS APIs are reached
 * through gateway endpoints (S3, DynamoDB) and private-DNS interface endpoints whose security group
 * admits HTTPS from the VPC only.
 */
export class PlatformNetwork extends Construct {
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
  /** Security group of the interface endpoints (HTTPS from the VPC CIDR only). */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    const cidr = props.cidr ?? '10.0.0.0/16';
    const prefix = Number(cidr.split('/')[1]);
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || !(prefix >= VPC_PREFIX.min && prefix <= VPC_PREFIX.max)) {
      throw new Error(`PlatformNetwork ${this.node.path}: cidr must be an IPv4 CIDR from /${VPC_PREFIX.min} to /${VPC_PREFIX.max}, got ${JSON.stringify(cidr)}`);
    }
    const maxAzs = props.maxAzs ?? 3;
    if (!Number.isInteger(maxAzs) || maxAzs < MIN_AZS) {
      throw new Error(`PlatformNetwork ${this.node.path}: maxAzs must be a whole number >= ${MIN_AZS} (MULTI-AZ), got ${maxAzs}`);
    }
    const natGateways = props.natGateways ?? maxAzs;
    if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > maxAzs) {
      throw new Error(`PlatformNetwork ${this.node.path}: natGateways must be a whole number from 1 to maxAzs (${maxAzs}), got ${natGateways}`);
    }

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways,
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

    this.flowLogGroup = retainedLogGroup(this, 'FlowLogs', { encryptionKey: props.flowLogKey, retention: props.flowLogRetention, pinAs: 'FlowLogs' });
    this.addFlowLog();
    this.addDataTierAcl(cidr);

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    for (const [name, service] of Object.entries(DEFAULT_INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        privateDnsEnabled: true,
        open: false,
        securityGroups: [this.endpointSecurityGroup],
        subnets: this.privateSubnets,
      });
    }

    this.acknowledgeInternetRoutes();
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
    const inbound = acl.addEntry('InFromVpc', { ruleNumber: 100, cidr: vpcOnly, traffic: ec2.AclTraffic.allTraffic(), direction: ec2.TrafficDirection.INGRESS, ruleAction: ec2.Action.ALLOW });
    const outbound = acl.addEntry('OutToVpc', { ruleNumber: 100, cidr: vpcOnly, traffic: ec2.AclTraffic.allTraffic(), direction: ec2.TrafficDirection.EGRESS, ruleAction: ec2.Action.ALLOW });
    for (const c of [acl, inbound, outbound]) acknowledge(c, 'AwsSolutions-VPC3', NACL_REASON);
  }

  /** Public and NAT subnets must reach the internet gateway; nothing else routes there. */
  private acknowledgeInternetRoutes(): void {
    for (const subnet of [...this.vpc.selectSubnets(this.publicSubnets).subnets, ...this.vpc.selectSubnets(this.natSubnets).subnets]) {
      const route = subnet.node.findChild('DefaultRoute');
      acknowledgeInPacks(route, 'VPCNoUnrestrictedRouteToIGW', COMPLIANCE_PACKS, IGW_ROUTE_REASON);
    }
  }
}
