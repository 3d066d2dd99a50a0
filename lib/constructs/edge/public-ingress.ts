import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeInPacks, COMPLIANCE_PACKS } from '../../nag/acknowledge';
import { checkTlsIngressProps, sslPolicyFor } from './tls-policy';
import { PUBLISHED_POLICY } from '../../promises/policy-numbers';

export interface PublicIngressProps {
  readonly vpc: ec2.IVpc;
  /**
   * Where the load balancer's nodes live: public subnets in at least two AZs (MULTI-AZ).
   * @default { subnetType: ec2.SubnetType.PUBLIC }
   */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * Public hostname served over HTTPS, e.g. `app.example.com`; the ACM certificate is for it. ACM
   * validates it by DNS: the stack's deployment stays in progress until someone creates the
   * validation CNAME shown in the certificate's details (console, `aws acm describe-certificate`).
   */
  readonly domainName: string;
  /**
   * TLS-EDGE: the lowest TLS version the listener may accept (policy.tls.minimum; stacks pass the
   * plan's); the listener's TLS 1.3 policy is `sslPolicyFor(tlsMinimum)`.
   * @default PUBLISHED_POLICY.tls.minimum ('1.2')
   */
  readonly tlsMinimum?: '1.2' | '1.3';
  /**
   * Bucket receiving the ALB access logs: the log archive's `accessLogsBucket`. ALB log delivery
   * only writes to SSE-S3 buckets; this construct adds the regional ELB log-delivery permission to
   * the bucket's policy. The logs land under `alb/<construct id>`.
   */
  readonly accessLogsBucket: s3.IBucket;
}

/**
 * The platform's only door to the internet (controls TLS, NET-ISOLATION, AUDIT, NO-LOSS): an
 * internet-facing Application Load Balancer in public subnets that drops invalid headers, mitigates
 * request desync strictly, cannot be deleted by a stack update, logs every request, serves HTTPS
 * with a TLS 1.3 policy and answers plain HTTP only with a permanent redirect to HTTPS.
 * Its security group admits 443 and 80 from the internet and sends traffic only to targets that
 * are registered with its listener (no default egress).
 */
export class PublicIngress extends Construct {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly securityGroup: ec2.SecurityGroup;
  /** Targets attach here (see HostedService). */
  public readonly httpsListener: elbv2.ApplicationListener;
  public readonly httpListener: elbv2.ApplicationListener;
  public readonly certificate: acm.Certificate;

  constructor(scope: Construct, id: string, props: PublicIngressProps) {
    super(scope, id);
    const tlsMinimum = props.tlsMinimum ?? PUBLISHED_POLICY.tls.minimum;
    const sslPolicy = sslPolicyFor(tlsMinimum);
    checkTlsIngressProps(`PublicIngress ${this.node.path}`, { domainName: props.domainName, exampleDomain: 'app.example.com' });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Public ingress ${this.node.path}: HTTPS and HTTP (redirect only) from the internet; egress only to registered targets`,
      allowAllOutbound: false,
    });
    acknowledge(
      this.securityGroup,
      'AwsSolutions-EC23',
      'This is the security group of the internet-facing load balancer: it must accept 443 (HTTPS) and 80 (redirect to HTTPS only) from any address; WAF and Shield filter that traffic.',
    );

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: props.subnets ?? { subnetType: ec2.SubnetType.PUBLIC },
      internetFacing: true,
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      http2Enabled: true,
    });
    this.loadBalancer.logAccessLogs(props.accessLogsBucket, `alb/${id}`);

    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(),
    });

    this.httpsListener = this.loadBalancer.addListener('Https', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      open: true,
      sslPolicy,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(this.certificate)],
      // Until a service attaches a rule, and for requests no rule matches: nothing to see here.
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
    });
    this.httpListener = this.loadBalancer.addListener('Http', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      open: true,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    acknowledgeInPacks(
      this.httpListener.node.defaultChild!,
      'ELBv2ACMCertificateRequired',
      COMPLIANCE_PACKS,
      'Port 80 listener whose only action is a permanent (301) redirect to HTTPS: it serves no content, and ELB does not accept certificates on HTTP listeners. The HTTPS listener uses the ACM certificate.',
    );
  }
}
