import { Aws } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { checkTlsIngressProps, sslPolicyFor } from './tls-policy';
import { PUBLISHED_POLICY } from '../../promises/policy-numbers';

export interface PrivateIngressProps {
  readonly vpc: ec2.IVpc;
  /**
   * Where the load balancer's nodes live: private (isolated) subnets in at least two AZs.
   * @default - the VPC's private subnets (`RampartVpc.privateSubnets`)
   */
  readonly subnets?: ec2.SubnetSelection;
  /** IPv4 CIDR of the VPC: the only source the load balancer's security group admits (443). */
  readonly vpcCidr: string;
  /**
   * Hostname consumers use, e.g. `phi.app.example.com`; the ACM certificate is for it. ACM validates
   * it by DNS: the stack's deployment stays in progress until someone creates the validation CNAME
   * shown in the certificate's details.
   */
  readonly domainName: string;
  /**
   * TLS-EDGE: the lowest TLS version the listener may accept (policy.tls.minimum; stacks pass the
   * plan's); the listener's TLS 1.3 policy is `sslPolicyFor(tlsMinimum)`.
   * @default PUBLISHED_POLICY.tls.minimum ('1.2')
   */
  readonly tlsMinimum?: '1.2' | '1.3';
  /** The log archive's `accessLogsBucket` (SSE-S3): NLB access logs of the TLS listener land there, under `nlb/<construct id>`. */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * AWS account ids allowed to create an interface endpoint to the endpoint service. Each
   * connection still needs acceptance by the enclave's operators.
   */
  readonly consumerAccounts: readonly string[];
}

/**
 * The enclave's only door (controls NET-ISOLATION, TLS, AUDIT, NO-LOSS): an INTERNAL Network Load
 * Balancer in the isolated subnets, cross-zone, protected from deletion, with a TLS 1.3 listener
 * (ACM certificate) whose connections are access-logged, exposed to other accounts only through a
 * PrivateLink endpoint service that requires acceptance of every connection and admits only the
 * listed consumer accounts. Its security group admits 443 from the VPC CIDR only (PrivateLink
 * traffic arrives from the load balancer's own private addresses, and inbound rules are enforced
 * on it) and sends only to the targets registered with it.
 *
 * How a consumer connects:
 * 1. In a consumer account listed in `consumerAccounts`, create an interface VPC endpoint
 *    (`aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name <endpointService.vpcEndpointServiceName>`)
 *    in its own VPC, with a security group allowing 443 from the clients that need it.
 * 2. An enclave operator accepts the pending connection
 *    (`aws ec2 accept-vpc-endpoint-connections --service-id <id> --vpc-endpoint-ids <vpce-id>`);
 *    unaccepted endpoints carry no traffic.
 * 3. DNS: the consumer creates a private hosted zone record `domainName` (CNAME or alias) pointing
 *    to its endpoint's regional DNS name, so that TLS validates against the certificate; the
 *    enclave never publishes a public record.
 */
export class PrivateIngress extends Construct {
  public readonly loadBalancer: elbv2.NetworkLoadBalancer;
  public readonly securityGroup: ec2.SecurityGroup;
  /**
   * Targets attach here (HostedService `listener`). An NLB listener has no fixed-response action,
   * so synthesis fails until a target group is added.
   */
  public readonly listener: elbv2.NetworkListener;
  public readonly certificate: acm.Certificate;
  /** The PrivateLink endpoint service consumers connect to. */
  public readonly endpointService: ec2.VpcEndpointService;

  constructor(scope: Construct, id: string, props: PrivateIngressProps) {
    super(scope, id);
    const where = `PrivateIngress ${this.node.path}`;
    const tlsMinimum = props.tlsMinimum ?? PUBLISHED_POLICY.tls.minimum;
    const sslPolicy = sslPolicyFor(tlsMinimum);
    checkTlsIngressProps(where, { domainName: props.domainName, exampleDomain: 'phi.example.com' });
    if (props.consumerAccounts.length === 0 || props.consumerAccounts.some((a) => !/^\d{12}$/.test(a))) {
      throw new Error(
        `${where}: consumerAccounts must be a non-empty list of 12-digit AWS account ids, got ${JSON.stringify(props.consumerAccounts)}`,
      );
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Private ingress ${this.node.path}: TLS 443 from inside the VPC (and PrivateLink) only; egress only to registered targets`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), 'TLS from the VPC and PrivateLink');

    this.loadBalancer = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      internetFacing: false,
      crossZoneEnabled: true,
      deletionProtection: true,
      securityGroups: [this.securityGroup],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: true,
    });
    // NLB access logs record TLS listener connections; delivery writes to the SSE-S3 bucket.
    this.loadBalancer.logAccessLogs(props.accessLogsBucket, `nlb/${id}`);

    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(),
    });
    this.listener = this.loadBalancer.addListener('Tls', {
      port: 443,
      protocol: elbv2.Protocol.TLS,
      sslPolicy,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(this.certificate)],
    });

    this.endpointService = new ec2.VpcEndpointService(this, 'EndpointService', {
      vpcEndpointServiceLoadBalancers: [this.loadBalancer],
      acceptanceRequired: true,
      allowedPrincipals: props.consumerAccounts.map((account) => new iam.ArnPrincipal(`arn:${Aws.PARTITION}:iam::${account}:root`)),
    });
  }
}
