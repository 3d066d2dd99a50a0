import { Template } from 'aws-cdk-lib/assertions';
import { HostedService, HostedServiceProps } from '../../../lib/constructs/compute/hosted-service';
import { ImageRepository } from '../../../lib/constructs/compute/image-repository';
import { PrivateIngress } from '../../../lib/constructs/edge/private-ingress';
import { unacknowledgedFindings } from '../../helpers';
import { enclaveFixture, privateIngressProps } from './enclave-fixture';

type Resources = Record<string, { Type: string; Properties: any }>;

function build(props: Partial<HostedServiceProps> = {}) {
  const f = enclaveFixture();
  const ingress = new PrivateIngress(f.stack, 'Ingress', privateIngressProps(f));
  const images = new ImageRepository(f.stack, 'Images', { encryptionKey: f.keys.data, repositoryName: 'example/phi' });
  const hosted = new HostedService(f.stack, 'App', {
    vpc: f.network.vpc,
    subnets: f.network.privateSubnets,
    listener: ingress.listener,
    logsKey: f.keys.logs,
    imageRepository: { repository: images.repository, tag: '1.0.0' },
    isolatedEgress: { vpcCidr: '10.1.0.0/16', s3PrefixListId: 'pl-63a5400a' },
    ...props,
  });
  const resources = Template.fromStack(f.stack).toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { ...f, ingress, hosted, resources, ofType };
}

describe('HostedService behind the private (NLB) ingress in an isolated network', () => {
  describe('GIVEN the NLB listener, the enclave ECR image and isolated egress', () => {
    const { stack, ofType } = build();
    const sgId = (prefix: string) => ofType('AWS::EC2::SecurityGroup').find(([id]) => id.startsWith(prefix))![0];

    test('THEN the TLS listener (TLS 1.3 policy) forwards to a TLS target group on 8443, health-checked over HTTPS: PHI is never in clear', () => {
      const [[tgId, tg]] = ofType('AWS::ElasticLoadBalancingV2::TargetGroup');
      expect(tg.Properties).toMatchObject({
        Protocol: 'TLS',
        Port: 8443,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTPS',
        HealthCheckPath: '/',
        Matcher: { HttpCode: '200-399' },
      });
      const [[, listener]] = ofType('AWS::ElasticLoadBalancingV2::Listener');
      expect(listener.Properties).toMatchObject({ Protocol: 'TLS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
      expect(listener.Properties.DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: { Ref: tgId } }]);
    });

    test('THEN the task SG admits the container port only from the NLB SG, which may send only there', () => {
      const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
      expect(ingress).toEqual([
        expect.objectContaining({
          GroupId: { 'Fn::GetAtt': [sgId('AppSecurityGroup'), 'GroupId'] },
          FromPort: 8443,
          ToPort: 8443,
          SourceSecurityGroupId: { 'Fn::GetAtt': [sgId('IngressSecurityGroup'), 'GroupId'] },
        }),
      ]);
      const egress = ofType('AWS::EC2::SecurityGroupEgress')
        .map(([, r]) => r.Properties)
        .filter((r) => r.GroupId['Fn::GetAtt'][0] === sgId('IngressSecurityGroup'));
      expect(egress).toEqual([
        expect.objectContaining({
          GroupId: { 'Fn::GetAtt': [sgId('IngressSecurityGroup'), 'GroupId'] },
          FromPort: 8443,
          ToPort: 8443,
          DestinationSecurityGroupId: { 'Fn::GetAtt': [sgId('AppSecurityGroup'), 'GroupId'] },
        }),
      ]);
    });

    test("THEN tasks send HTTPS only: to the VPC CIDR (endpoints) and, for image layers, to S3's prefix list; never to 0.0.0.0/0", () => {
      const sg = ofType('AWS::EC2::SecurityGroup').find(([id]) => id === sgId('AppSecurityGroup'))![1];
      // CDK writes a prefix-list rule as its own AWS::EC2::SecurityGroupEgress; the CIDR rule stays inline.
      const rules = [
        ...sg.Properties.SecurityGroupEgress,
        ...ofType('AWS::EC2::SecurityGroupEgress')
          .map(([, r]) => r.Properties)
          .filter((r) => r.GroupId['Fn::GetAtt'][0] === sgId('AppSecurityGroup')),
      ];
      expect(rules).toEqual([
        expect.objectContaining({ CidrIp: '10.1.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
        expect.objectContaining({ DestinationPrefixListId: 'pl-63a5400a', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      ]);
      const everyEgress = [
        ...ofType('AWS::EC2::SecurityGroup').flatMap(([, group]) => group.Properties.SecurityGroupEgress ?? []),
        ...ofType('AWS::EC2::SecurityGroupEgress').map(([, r]) => r.Properties),
      ];
      for (const rule of everyEgress) {
        expect(rule.CidrIp).not.toBe('0.0.0.0/0');
        expect(rule.CidrIpv6).not.toBe('::/0');
      }
    });

    test('THEN tasks run in the isolated private subnets without public IPs, from the ECR image at the tag, as uid 101 on a read-only root fs', () => {
      const [[, service]] = ofType('AWS::ECS::Service');
      const net = service.Properties.NetworkConfiguration.AwsvpcConfiguration;
      expect(net.AssignPublicIp).toBe('DISABLED');
      for (const s of net.Subnets) expect(s.Ref).toMatch(/^NetworkVpcPrivateSubnet/);
      const [container] = ofType('AWS::ECS::TaskDefinition')[0][1].Properties.ContainerDefinitions;
      expect(JSON.stringify(container.Image)).toContain(':1.0.0');
      expect(JSON.stringify(container.Image)).toContain('{"Ref":"Images"}');
      expect(container.PortMappings).toEqual([{ ContainerPort: 8443, Protocol: 'tcp' }]);
      expect(container.User).toBe('101');
      expect(container.ReadonlyRootFilesystem).toBe(true);
      expect(container.MountPoints.map((m: { ContainerPath: string }) => m.ContainerPath)).toEqual(['/tmp', '/run/tls']);
    });

    test('THEN no validation pack has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  describe('GIVEN invalid props with an NLB listener WHEN constructed THEN it throws naming the prop and value', () => {
    const f = enclaveFixture();
    const ingress = new PrivateIngress(f.stack, 'Ingress', {
      vpc: f.network.vpc,
      vpcCidr: '10.1.0.0/16',
      domainName: 'phi.example.com',
      accessLogsBucket: f.archive.accessLogsBucket,
      consumerAccounts: ['111111111111'],
    });
    const images = new ImageRepository(f.stack, 'Images', { encryptionKey: f.keys.data, repositoryName: 'example/phi' });
    const base: HostedServiceProps = {
      vpc: f.network.vpc,
      subnets: f.network.privateSubnets,
      listener: ingress.listener,
      logsKey: f.keys.logs,
      imageRepository: { repository: images.repository, tag: '1.0.0' },
    };
    test.each<[Partial<HostedServiceProps>, string]>([
      [{ isolatedEgress: { vpcCidr: 'vpc', s3PrefixListId: 'pl-63a5400a' } }, 'isolatedEgress.vpcCidr must be an IPv4 CIDR, got "vpc"'],
      [
        { isolatedEgress: { vpcCidr: '10.1.0.0/16', s3PrefixListId: 'com.amazonaws.us-east-1.s3' } },
        'isolatedEgress.s3PrefixListId must be the id of the com.amazonaws.<region>.s3 managed prefix list, such as "pl-63a5400a", got "com.amazonaws.us-east-1.s3"',
      ],
      [{ port: 443 }, 'port must be a whole number from 1024 to 65535 (the container runs as a non-root user), got 443'],
    ])('%j', (bad, message) => {
      expect(() => new HostedService(f.stack, `H${JSON.stringify(bad).replace(/\W/g, '')}`, { ...base, ...bad })).toThrow(message);
    });
  });
});
