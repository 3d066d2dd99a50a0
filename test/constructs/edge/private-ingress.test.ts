import { Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { PrivateIngress, PrivateIngressProps } from '../../../lib/constructs/edge/private-ingress';
import { acknowledgmentsUnder, unacknowledgedFindings } from '../../helpers';
import { enclaveFixture, privateIngressProps } from '../compute/enclave-fixture';

type Resources = Record<string, { Type: string; Properties: any; DependsOn?: string[] }>;

function build(props: Partial<PrivateIngressProps> = {}) {
  const f = enclaveFixture();
  const ingress = new PrivateIngress(f.stack, 'Ingress', privateIngressProps(f, { consumerAccounts: ['111111111111', '333333333333'], ...props }));
  // An NLB listener needs a target (the enclave registers its HostedService); a plain IP stands in,
  // registered as HostedService does: TLS to the container's unprivileged port.
  ingress.listener.addTargets('Target', { port: 8443, protocol: elbv2.Protocol.TLS, targets: [new targets.IpTarget('10.1.0.10')] });
  const resources = Template.fromStack(f.stack).toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { ...f, ingress, resources, ofType };
}

describe('PrivateIngress', () => {
  describe('GIVEN an isolated network and two consumer accounts', () => {
    const { stack, ofType } = build();
    const [[, lb]] = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer');
    const attributes = Object.fromEntries(lb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]));

    test('THEN the load balancer is an internal NLB in the isolated private subnets, cross-zone, deletion-protected', () => {
      expect(lb.Properties).toMatchObject({ Type: 'network', Scheme: 'internal' });
      expect(lb.Properties.Subnets).toHaveLength(3);
      for (const s of lb.Properties.Subnets) expect(s.Ref).toMatch(/^NetworkVpcPrivateSubnet/);
      expect(attributes).toMatchObject({ 'deletion_protection.enabled': 'true', 'load_balancing.cross_zone.enabled': 'true' });
      expect(lb.Properties.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic).toBe('on');
    });

    test('THEN access logs go to the access-log bucket', () => {
      expect(attributes).toMatchObject({ 'access_logs.s3.enabled': 'true', 'access_logs.s3.prefix': 'nlb/Ingress' });
      expect(attributes['access_logs.s3.bucket']).toEqual({ Ref: 'LogArchiveAccessLogs' });
    });

    test('THEN the only listener is TLS on 443 with a TLS 1.3 policy and the ACM certificate (DNS-validated)', () => {
      const listeners = ofType('AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l.Properties);
      expect(listeners).toHaveLength(1);
      expect(listeners[0]).toMatchObject({
        Protocol: 'TLS',
        Port: 443,
        SslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        Certificates: [{ CertificateArn: { Ref: expect.stringMatching(/^IngressCertificate/) } }],
      });
      expect(ofType('AWS::CertificateManager::Certificate')[0][1].Properties).toMatchObject({
        DomainName: 'phi.example.com',
        ValidationMethod: 'DNS',
      });
    });

    test('THEN the listener re-encrypts: it forwards to the TLS target group, never to TCP', () => {
      const [[tgId, tg]] = ofType('AWS::ElasticLoadBalancingV2::TargetGroup');
      expect(tg.Properties).toMatchObject({ Protocol: 'TLS', Port: 8443 });
      const [[, listener]] = ofType('AWS::ElasticLoadBalancingV2::Listener');
      expect(listener.Properties.DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: { Ref: tgId } }]);
    });

    test('THEN the security group admits 443 from the VPC CIDR only and sends nothing by default', () => {
      const sg = ofType('AWS::EC2::SecurityGroup').find(([id]) => id.startsWith('IngressSecurityGroup'))![1];
      expect(sg.Properties.SecurityGroupIngress).toEqual([
        { CidrIp: '10.1.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: 'TLS from the VPC and PrivateLink' },
      ]);
      expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    });

    test('THEN the endpoint service requires acceptance and admits only the consumer accounts', () => {
      const [[serviceId, service]] = ofType('AWS::EC2::VPCEndpointService');
      expect(service.Properties).toMatchObject({
        AcceptanceRequired: true,
        NetworkLoadBalancerArns: [{ Ref: expect.stringMatching(/^IngressLoadBalancer/) }],
      });
      const [[, permissions]] = ofType('AWS::EC2::VPCEndpointServicePermissions');
      expect(permissions.Properties.ServiceId).toEqual({ Ref: serviceId });
      expect(JSON.stringify(permissions.Properties.AllowedPrincipals)).toContain(':iam::111111111111:root');
      expect(JSON.stringify(permissions.Properties.AllowedPrincipals)).toContain(':iam::333333333333:root');
      expect(permissions.Properties.AllowedPrincipals).toHaveLength(2);
    });

    test('THEN there is no internet-facing resource at all', () => {
      expect(ofType('AWS::EC2::InternetGateway')).toEqual([]);
      expect(ofType('AWS::WAFv2::WebACL')).toEqual([]);
    });

    test('THEN no validation pack has an unacknowledged finding, and the ingress needs no acknowledgment', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
      expect(acknowledgmentsUnder(stack).filter((a) => a.path.includes('/Ingress') && !a.id.startsWith('CloudFormation-Validate::'))).toEqual([]);
    });
  });

  describe('GIVEN invalid props WHEN constructed THEN it throws naming the prop and value', () => {
    const f = enclaveFixture();
    const base: PrivateIngressProps = {
      vpc: f.network.vpc,
      vpcCidr: '10.1.0.0/16',
      domainName: 'phi.example.com',
      accessLogsBucket: f.archive.accessLogsBucket,
      consumerAccounts: ['111111111111'],
    };
    test.each<[Partial<PrivateIngressProps>, string]>([
      [{ domainName: 'PHI.example' }, 'domainName must be a lowercase DNS hostname such as "phi.example.com", got "PHI.example"'],
      [{ consumerAccounts: [] }, 'consumerAccounts must be a non-empty list of 12-digit AWS account ids, got []'],
      [{ consumerAccounts: ['1234'] }, 'consumerAccounts must be a non-empty list of 12-digit AWS account ids, got ["1234"]'],
    ])('%j', (bad, message) => {
      expect(() => new PrivateIngress(f.stack, `I${JSON.stringify(bad).replace(/\W/g, '')}`, { ...base, ...bad })).toThrow(message);
    });
  });
});
