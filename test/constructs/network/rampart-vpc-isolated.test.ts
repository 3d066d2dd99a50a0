import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RampartKey } from '../../../lib/constructs/keys/rampart-key';
import { RampartVpc, RampartVpcProps } from '../../../lib/constructs/network/rampart-vpc';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

type Resources = Record<string, { Type: string; Properties: any }>;

function build(props: Partial<RampartVpcProps> = {}) {
  const stack = testStack();
  const key = new RampartKey(stack, 'LogsKey', { alias: 'alias/t/logs', description: 'test', viaServices: ['logs'] }).key;
  const network = new RampartVpc(stack, 'Network', { flowLogKey: key, isolated: true, ...props });
  const resources = Template.fromStack(stack).toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { stack, network, resources, ofType };
}

describe('RampartVpc in isolated mode', () => {
  describe('GIVEN isolated: true on a /16 over 3 AZs', () => {
    const { stack, network, ofType } = build({ cidr: '10.1.0.0/16' });
    const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties);

    test('THEN there is no internet gateway, NAT gateway, EIP or route out of the VPC', () => {
      for (const type of [
        'AWS::EC2::InternetGateway',
        'AWS::EC2::VPCGatewayAttachment',
        'AWS::EC2::NatGateway',
        'AWS::EC2::EIP',
        'AWS::EC2::Route',
      ]) {
        expect(ofType(type)).toEqual([]);
      }
      expect(network.isolated).toBe(true);
    });

    test('THEN only the Private and Data tiers exist, isolated, 3 AZs each, no public IPs, /19 each', () => {
      const subnets = ofType('AWS::EC2::Subnet');
      expect(subnets).toHaveLength(6);
      expect(subnets.map(([id]) => id.replace(/Subnet\d.*/, '')).sort()).toEqual([
        ...Array(3).fill('NetworkVpcData'),
        ...Array(3).fill('NetworkVpcPrivate'),
      ]);
      for (const [, s] of subnets) {
        expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
        expect(s.Properties.CidrBlock).toMatch(/\/19$/);
      }
      expect(network.vpc.selectSubnets(network.privateSubnets).subnets).toHaveLength(3);
      expect(network.vpc.selectSubnets(network.dataSubnets).subnets).toHaveLength(3);
      expect(network.vpc.publicSubnets).toEqual([]);
    });

    test('THEN the data NACL and flow logs are kept', () => {
      expect(ofType('AWS::EC2::NetworkAclEntry').map(([, e]) => e.Properties.CidrBlock)).toEqual(['10.1.0.0/16', '10.1.0.0/16']);
      expect(ofType('AWS::EC2::FlowLog')[0][1].Properties.TrafficType).toBe('ALL');
    });

    test('THEN every endpoint (gateway and interface) has a policy limited to principals of this account', () => {
      expect(endpoints).toHaveLength(2 + 8);
      for (const e of endpoints) {
        expect(e.PolicyDocument).toBeDefined();
        for (const st of e.PolicyDocument.Statement.filter((s: any) => s.Sid !== 'EcrImageLayers')) {
          expect(st.Effect).toBe('Allow');
          expect(st.Condition.StringEquals['aws:PrincipalAccount']).toBe('111111111111');
        }
      }
    });

    test("THEN the S3 endpoint admits only this account's buckets, plus reads of the regional ECR layer bucket by ECR's presigned URLs", () => {
      const s3 = endpoints.find((e) => JSON.stringify(e.ServiceName).includes('.s3'))!;
      expect(s3.PolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Sid: 'OwnPrincipalsOwnBuckets',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111', 'aws:ResourceAccount': '111111111111' } },
        }),
        {
          Sid: 'EcrImageLayers',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::prod-', { Ref: 'AWS::Region' }, '-starport-layer-bucket/*']] },
        },
      ]);
    });

    test('THEN every pack passes with no internet-route acknowledgment (only the data NACL one)', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
      const acks = acknowledgmentsUnder(stack).filter((a) => !a.id.startsWith('CloudFormation-Validate::'));
      expect(acks.map((a) => a.id.split('::')[1])).toEqual(['AwsSolutions-VPC3', 'AwsSolutions-VPC3', 'AwsSolutions-VPC3']);
    });
  });

  test('GIVEN a /24 tenant VPC without interface endpoints WHEN synthesized THEN six /27 subnets and only the two gateway endpoints', () => {
    const { ofType } = build({ cidr: '10.2.0.0/24', interfaceEndpoints: {} });
    const subnets = ofType('AWS::EC2::Subnet');
    expect(subnets).toHaveLength(6);
    for (const [, s] of subnets) expect(s.Properties.CidrBlock).toMatch(/\/27$/);
    expect(ofType('AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties.VpcEndpointType)).toEqual(['Gateway', 'Gateway']);
    // No interface endpoints, so no (unused) endpoint security group; only the default one is restricted.
    expect(ofType('AWS::EC2::SecurityGroup')).toEqual([]);
  });

  test('GIVEN a /22 and a custom endpoint set WHEN synthesized THEN subnets are /25 and only the named interface endpoints exist', () => {
    const { ofType, network } = build({ cidr: '10.3.0.0/22', interfaceEndpoints: { Kms: ec2.InterfaceVpcEndpointAwsService.KMS } });
    for (const [, s] of ofType('AWS::EC2::Subnet')) expect(s.Properties.CidrBlock).toMatch(/\/25$/);
    expect(Object.keys(network.endpoints)).toEqual(['S3', 'DynamoDb', 'Kms']);
  });

  test('GIVEN isolated with a /25 WHEN constructed THEN it throws naming cidr and the /16../24 bounds', () => {
    expect(() => build({ cidr: '10.0.0.0/25' })).toThrow('cidr must be an IPv4 CIDR from /16 to /24, got "10.0.0.0/25"');
  });

  test('GIVEN isolated on a /24 over 9 AZs WHEN constructed THEN it throws: the subnets would be smaller than /28', () => {
    expect(() => build({ cidr: '10.0.0.0/24', maxAzs: 9 })).toThrow(
      'cidr 10.0.0.0/24 is too small for 9 AZs x 2 isolated tiers (subnets would be /29',
    );
  });
});
