import { Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';
import { broadEgressDomainReason, EGRESS_DOMAIN } from '../../promises/egress-domains';
import { RampartVpc } from './rampart-vpc';
import { retainedLogGroup } from '../logging/retained-log-group';

/**
 * AWS-managed stateful rule groups (strict-order variants) applied before the allowlist:
 * threat signatures plus known-bad domains. Names as listed by
 * `aws network-firewall list-rule-groups --scope MANAGED`.
 */
export const FIREWALL_MANAGED_RULE_GROUPS = [
  'ThreatSignaturesMalwareStrictOrder',
  'ThreatSignaturesBotnetStrictOrder',
  'ThreatSignaturesExploitsStrictOrder',
  'ThreatSignaturesEmergingEventsStrictOrder',
  'AbusedLegitMalwareDomainsStrictOrder',
  'MalwareDomainsStrictOrder',
  'BotNetCommandAndControlDomainsStrictOrder',
] as const;

/**
 * What the allowlist inspects: the TLS server name (SNI) only. Plain HTTP (`HTTP_HOST`) is never
 * passed, so nothing leaves in clear text and every allowed flow is a TLS session to a named host.
 */
export const ALLOWLIST_TARGET_TYPES = ['TLS_SNI'] as const;

/**
 * Capacity of the allowlist rule group. Capacity cannot change after creation (a change replaces
 * the group), so it is fixed generously: each domain costs one unit per target type.
 */
export const ALLOWLIST_CAPACITY = 1000;

/** The most domains the allowlist holds: one capacity unit per domain and target type. */
const MAX_ALLOWLIST_DOMAINS = ALLOWLIST_CAPACITY / ALLOWLIST_TARGET_TYPES.length;

export interface NetworkFirewallProps {
  /** The VPC to protect; its `Firewall` subnets receive one firewall endpoint per AZ. */
  readonly network: RampartVpc;
  /**
   * Domains workloads may reach over TLS, matched on the server name (SNI): `example.com` exactly,
   * `.example.com` for the domain and its subdomains. Everything else, plain HTTP included, is
   * dropped; an empty list drops it all. AWS names must be exact and S3 service endpoints are
   * refused (see `broadEgressDomainReason`): AWS APIs are reached through the VPC's endpoints.
   */
  readonly egressAllowlist: readonly string[];
  /** KMS key encrypting the firewall's alert and flow log groups (kept a year): the key ring's logs key. */
  readonly logKey: kms.IKey;
}

/**
 * AWS Network Firewall inspecting all workload egress (control IDS-IPS, prevention side).
 *
 * Traffic path, per availability zone AZn (routes are rewired on the RampartVpc's tables):
 *
 * ```
 * outbound:  Private subnet AZn  --0.0.0.0/0-->  firewall endpoint AZn (Firewall subnet AZn)
 *            Firewall subnet AZn --0.0.0.0/0-->  NAT gateway that Private AZn used before (Nat subnet)
 *            Nat subnet          --0.0.0.0/0-->  internet gateway
 * return:    internet gateway --> NAT gateway --> Nat subnet route "Private AZn CIDR" --> firewall
 *            endpoint AZn --> local route --> workload
 * ```
 *
 * Both directions cross the same endpoint, so the stateful engine sees whole flows. Load balancers
 * sit in the separate `Public` subnets whose tables keep the plain local route to workloads, so
 * inbound application traffic (already behind WAF) is not hairpinned through the firewall.
 *
 * One firewall per AZ, all sharing one policy: each firewall has exactly one endpoint, so its id is
 * read from `EndpointIds` deterministically (a single firewall's `EndpointIds` list has no
 * guaranteed AZ order). Pricing is per endpoint, so this costs the same as one multi-AZ firewall,
 * and an AZ's failure or change never touches the other AZs' inspection.
 *
 * Policy: strict rule order; AWS-managed threat-signature and bad-domain groups first, then the
 * domain allowlist (TLS SNI only: no plain-HTTP domain is ever passed); default actions
 * `aws:drop_established` and `aws:alert_established`, so any established flow no rule passed is
 * dropped and logged. Stateless traffic is all forwarded to the stateful engine. ALERT and FLOW logs go to two KMS-encrypted,
 * retained log groups. Delete, subnet-change and policy-change protection are on.
 */
export class NetworkFirewall extends Construct {
  public readonly policy: nfw.CfnFirewallPolicy;
  /** One firewall per AZ, in the order of the VPC's firewall subnets. */
  public readonly firewalls: nfw.CfnFirewall[] = [];
  /** The firewall endpoint id of each AZ, in the same order. */
  public readonly endpointIds: string[] = [];
  public readonly alertLogGroup: logs.LogGroup;
  public readonly flowLogGroup: logs.LogGroup;
  /** Undefined when the allowlist is empty (then all egress is dropped by default). */
  public readonly allowlist?: nfw.CfnRuleGroup;

  constructor(scope: Construct, id: string, props: NetworkFirewallProps) {
    super(scope, id);
    const bad = props.egressAllowlist.filter((d) => !EGRESS_DOMAIN.test(d));
    if (bad.length > 0) {
      throw new Error(
        `NetworkFirewall ${this.node.path}: egressAllowlist entries must be domains such as "example.com" or ".example.com", got ${JSON.stringify(bad)}`,
      );
    }
    for (const entry of props.egressAllowlist) {
      const reason = broadEgressDomainReason(entry);
      if (reason !== undefined) throw new Error(`NetworkFirewall ${this.node.path}: egressAllowlist entry ${JSON.stringify(entry)} ${reason}`);
    }
    if (props.egressAllowlist.length > MAX_ALLOWLIST_DOMAINS) {
      throw new Error(
        `NetworkFirewall ${this.node.path}: egressAllowlist may hold at most ${MAX_ALLOWLIST_DOMAINS} domains, got ${props.egressAllowlist.length}`,
      );
    }
    const stack = Stack.of(this);
    const { network } = props;
    const vpc = network.vpc;

    this.alertLogGroup = this.logGroup('AlertLogs', props);
    this.flowLogGroup = this.logGroup('FlowLogs', props);

    const references: nfw.CfnFirewallPolicy.StatefulRuleGroupReferenceProperty[] = FIREWALL_MANAGED_RULE_GROUPS.map((name, i) => ({
      resourceArn: `arn:${stack.partition}:network-firewall:${stack.region}:aws-managed:stateful-rulegroup/${name}`,
      priority: 100 + i,
    }));
    if (props.egressAllowlist.length > 0) {
      this.allowlist = new nfw.CfnRuleGroup(this, 'EgressAllowlist', {
        ruleGroupName: `${stack.stackName}-egress-allowlist`.slice(0, 128),
        type: 'STATEFUL',
        capacity: ALLOWLIST_CAPACITY,
        description: 'Domains workloads may reach over TLS (by SNI); all other egress, plain HTTP included, is dropped',
        ruleGroup: {
          ruleVariables: { ipSets: { HOME_NET: { definition: [vpc.vpcCidrBlock] } } },
          rulesSource: {
            rulesSourceList: { generatedRulesType: 'ALLOWLIST', targetTypes: [...ALLOWLIST_TARGET_TYPES], targets: [...props.egressAllowlist] },
          },
          statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
        },
      });
      references.push({ resourceArn: this.allowlist.attrRuleGroupArn, priority: 1000 });
    }

    this.policy = new nfw.CfnFirewallPolicy(this, 'Policy', {
      firewallPolicyName: `${stack.stackName}-egress`.slice(0, 128),
      description: 'Workload egress: managed threat signatures, then the domain allowlist; everything else established is dropped',
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER', streamExceptionPolicy: 'DROP' },
        statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        statefulRuleGroupReferences: references,
      },
    });

    const firewallSubnets = vpc.selectSubnets(network.firewallSubnets).subnets;
    const privateSubnets = vpc.selectSubnets(network.privateSubnets).subnets;
    const natSubnets = vpc.selectSubnets(network.natSubnets).subnets;
    firewallSubnets.forEach((firewallSubnet, i) => {
      const privateSubnet = privateSubnets[i];
      if (privateSubnet?.availabilityZone !== firewallSubnet.availabilityZone) {
        throw new Error(
          `NetworkFirewall ${this.node.path}: expected a private subnet in ${firewallSubnet.availabilityZone} next to firewall subnet ${i + 1}, got ${privateSubnet?.availabilityZone ?? 'none'}`,
        );
      }
      const endpointId = this.addFirewall(`Firewall${i + 1}`, firewallSubnet, vpc.vpcId);

      // Private -> firewall: take over the subnet's NAT default route, remembering which NAT it used.
      const privateRoute = privateSubnet.node.findChild('DefaultRoute') as ec2.CfnRoute;
      const natGatewayId = privateRoute.natGatewayId;
      if (natGatewayId === undefined) {
        throw new Error(`NetworkFirewall ${this.node.path}: ${privateSubnet.node.path} has no NAT default route to inspect`);
      }
      privateRoute.natGatewayId = undefined;
      privateRoute.vpcEndpointId = endpointId;

      // Firewall -> the same NAT gateway.
      new ec2.CfnRoute(firewallSubnet, 'DefaultRoute', {
        routeTableId: firewallSubnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId,
      });

      // Return path: that NAT gateway's subnet sends the private subnet's replies back through the firewall.
      const natSubnet = natSubnets.find((s) => {
        const nat = s.node.tryFindChild('NATGateway') as ec2.CfnNatGateway | undefined;
        return nat !== undefined && JSON.stringify(stack.resolve(nat.ref)) === JSON.stringify(stack.resolve(natGatewayId));
      });
      if (natSubnet === undefined) {
        throw new Error(`NetworkFirewall ${this.node.path}: no NAT subnet holds the NAT gateway of ${privateSubnet.node.path}`);
      }
      new ec2.CfnRoute(natSubnet, `ReturnTo${privateSubnet.node.id}`, {
        routeTableId: natSubnet.routeTable.routeTableId,
        destinationCidrBlock: privateSubnet.ipv4CidrBlock,
        vpcEndpointId: endpointId,
      });
    });
  }

  /** One single-AZ firewall with its logging; returns its endpoint id. */
  private addFirewall(id: string, subnet: ec2.ISubnet, vpcId: string): string {
    const stack = Stack.of(this);
    const firewall = new nfw.CfnFirewall(this, id, {
      firewallName: `${stack.stackName}-${id}`.replace(/[^A-Za-z0-9-]/g, '-').slice(-128),
      description: `Egress inspection for ${subnet.availabilityZone}`,
      firewallPolicyArn: this.policy.attrFirewallPolicyArn,
      vpcId,
      subnetMappings: [{ subnetId: subnet.subnetId }],
      deleteProtection: true,
      subnetChangeProtection: true,
      firewallPolicyChangeProtection: true,
    });
    new nfw.CfnLoggingConfiguration(this, `${id}Logging`, {
      firewallArn: firewall.attrFirewallArn,
      loggingConfiguration: {
        logDestinationConfigs: [
          { logType: 'ALERT', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: this.alertLogGroup.logGroupName } },
          { logType: 'FLOW', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: this.flowLogGroup.logGroupName } },
        ],
      },
    });
    this.firewalls.push(firewall);
    // "us-east-1a:vpce-0123..." -> "vpce-0123..."; the firewall has exactly one endpoint.
    const endpointId = Fn.select(1, Fn.split(':', Fn.select(0, firewall.attrEndpointIds)));
    this.endpointIds.push(endpointId);
    return endpointId;
  }

  private logGroup(id: string, props: NetworkFirewallProps): logs.LogGroup {
    return retainedLogGroup(this, id, { encryptionKey: props.logKey, pinAs: id });
  }
}
