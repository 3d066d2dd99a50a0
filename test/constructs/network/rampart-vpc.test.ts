import { Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RampartKey } from '../../../lib/constructs/keys/rampart-key';
import { RampartVpc, RampartVpcProps } from '../../../lib/constructs/network/rampart-vpc';
import { DefaultSgRestriction } from '../../../lib/constructs/network/default-sg-restriction';
import { FlowLogsAllTraffic } from '../../../lib/nag/rules/FlowLogsAllTraffic';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

type Resources = Record<string, { Type: string; Properties: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

function build(props: Partial<RampartVpcProps> = {}) {
  const stack = testStack();
  const key = new RampartKey(stack, 'LogsKey', { alias: 'alias/t/logs', description: 'test', viaServices: ['logs'] }).key;
  const network = new RampartVpc(stack, 'Network', { flowLogKey: key, ...props });
  const resources = Template.fromStack(stack).toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { stack, network, resources, ofType };
}

describe('RampartVpc', () => {
  describe('GIVEN the defaults', () => {
    const { stack, network, resources, ofType } = build();
    const subnetsNamed = (group: string) => ofType('AWS::EC2::Subnet').filter(([id]) => id.startsWith(`NetworkVpc${group}Subnet`));

    test('THEN every tier spans three availability zones (MULTI-AZ)', () => {
      for (const group of ['Public', 'Nat', 'Firewall', 'Private', 'Data']) {
        const azs = new Set(subnetsNamed(group).map(([, s]) => JSON.stringify(s.Properties.AvailabilityZone)));
        expect(azs.size).toBe(3);
      }
    });

    test('THEN no subnet assigns public IPs on launch', () => {
      const subnets = ofType('AWS::EC2::Subnet');
      expect(subnets).toHaveLength(15);
      for (const [, subnet] of subnets) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    });

    test('THEN only the load-balancer and NAT subnets route to the internet gateway; data subnets have no default route', () => {
      const igwRoutes = ofType('AWS::EC2::Route').filter(([, r]) => r.Properties.GatewayId !== undefined);
      expect(igwRoutes.map(([id]) => id.replace(/DefaultRoute.*/, '')).sort()).toEqual([
        'NetworkVpcNatSubnet1',
        'NetworkVpcNatSubnet2',
        'NetworkVpcNatSubnet3',
        'NetworkVpcPublicSubnet1',
        'NetworkVpcPublicSubnet2',
        'NetworkVpcPublicSubnet3',
      ]);
      const privateRoutes = ofType('AWS::EC2::Route').filter(([id]) => id.startsWith('NetworkVpcPrivateSubnet'));
      expect(privateRoutes).toHaveLength(3);
      for (const [, r] of privateRoutes) expect(r.Properties.NatGatewayId).toBeDefined();
      expect(ofType('AWS::EC2::Route').filter(([id]) => id.startsWith('NetworkVpcDataSubnet') || id.startsWith('NetworkVpcFirewallSubnet'))).toEqual(
        [],
      );
    });

    test('THEN there is one NAT gateway per availability zone, in the NAT subnets', () => {
      const nats = ofType('AWS::EC2::NatGateway');
      expect(nats).toHaveLength(3);
      for (const [id] of nats) expect(id).toMatch(/^NetworkVpcNatSubnet\dNATGateway/);
    });

    test('THEN the default security group is stripped by the restrict-default-SG custom resource', () => {
      const [[, custom]] = ofType('Custom::VpcRestrictDefaultSG');
      expect(custom.Properties.DefaultSecurityGroupId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^NetworkVpc/), 'DefaultSecurityGroup'] });
    });

    test('THEN the restrict-default-SG function logs to a KMS-encrypted, retained log group of the stack, never to one Lambda creates', () => {
      const [[, handler]] = ofType('AWS::Lambda::Function');
      expect(handler.Properties.LoggingConfig).toEqual({ LogFormat: 'Text', LogGroup: { Ref: 'DefaultSgRestrictionLogs' } });
      expect(resources.DefaultSgRestrictionLogs).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] }, RetentionInDays: 365 },
      });
      // An untagged stack: the function and its role carry no tags (the VPC's Name is not inherited).
      expect(handler.Properties.Tags).toBeUndefined();
    });

    test('THEN all traffic is flow-logged into a KMS-encrypted, retained log group with a pinned id', () => {
      const [[, flowLog]] = ofType('AWS::EC2::FlowLog');
      expect(flowLog.Properties).toMatchObject({
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: { Ref: 'NetworkFlowLogs' },
      });
      expect(resources.NetworkFlowLogs).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] }, RetentionInDays: 365 },
      });
    });

    test('THEN Rampart-FlowLogsAllTraffic holds', () => {
      const flowLog = network.vpc.node.findChild('FlowLog').node.defaultChild as ec2.CfnFlowLog;
      expect(FlowLogsAllTraffic.check(flowLog)).toBe(NagRuleCompliance.COMPLIANT);
    });

    test('THEN the flow-log role is assumable only by the flow-logs service of this account, with no inline policy', () => {
      const [[, role]] = ofType('AWS::IAM::Role').filter(([id]) => id.startsWith('NetworkFlowLogRole'));
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      });
      expect(ofType('AWS::IAM::Policy')).toEqual([]);
    });

    test('THEN the data subnets use a network ACL that allows only the VPC CIDR, both ways', () => {
      const entries = ofType('AWS::EC2::NetworkAclEntry').map(([, e]) => e.Properties);
      expect(entries).toHaveLength(2);
      for (const e of entries) expect(e).toMatchObject({ CidrBlock: '10.0.0.0/16', RuleAction: 'allow', Protocol: -1 });
      const associations = ofType('AWS::EC2::SubnetNetworkAclAssociation').map(([, a]) => a.Properties.SubnetId.Ref);
      expect(associations.sort()).toEqual(
        subnetsNamed('Data')
          .map(([id]) => id)
          .sort(),
      );
    });

    test('THEN S3 and DynamoDB are reached through gateway endpoints and AWS APIs through private-DNS interface endpoints', () => {
      const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties);
      const gateways = endpoints.filter((e) => e.VpcEndpointType === 'Gateway').map((e) => JSON.stringify(e.ServiceName));
      expect(gateways.join()).toMatch(/s3/);
      expect(gateways.join()).toMatch(/dynamodb/);
      const interfaces = endpoints.filter((e) => e.VpcEndpointType === 'Interface');
      const names = interfaces.map((e) => JSON.stringify(e.ServiceName)).join();
      for (const service of ['kms', 'secretsmanager', 'ecr.api', 'ecr.dkr', 'logs', 'sts', 'ssm']) expect(names).toContain(`.${service}`);
      for (const e of interfaces) {
        expect(e.PrivateDnsEnabled).toBe(true);
        expect(e.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^NetworkEndpointSecurityGroup/), 'GroupId'] }]);
      }
    });

    test("THEN every platform endpoint has a policy: this account's principals only, and on S3 its buckets plus ECR's layer bucket", () => {
      const endpoints = Object.fromEntries(
        ofType('AWS::EC2::VPCEndpoint').map(([id, e]) => [id.replace(/^NetworkVpc|[0-9A-F]{8}$/g, ''), e.Properties]),
      );
      expect(Object.keys(endpoints).sort()).toEqual(
        ['DynamoDb', 'EcrApi', 'EcrDocker', 'Kms', 'Logs', 'S3', 'SecretsManager', 'Ssm', 'SsmMessages', 'Sts'].sort(),
      );
      const ownPrincipals = {
        Sid: 'OwnPrincipalsOnly',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } },
      };
      for (const [name, e] of Object.entries(endpoints)) {
        if (name !== 'S3') expect(e.PolicyDocument).toEqual({ Version: '2012-10-17', Statement: [ownPrincipals] });
      }
      expect(endpoints.S3.PolicyDocument.Statement.map((st: any) => [st.Sid, st.Action, st.Condition])).toEqual([
        ['OwnPrincipalsOwnBuckets', 's3:*', { StringEquals: { 'aws:PrincipalAccount': '111111111111', 'aws:ResourceAccount': '111111111111' } }],
        ['EcrImageLayers', 's3:GetObject', undefined],
      ]);
    });

    test('THEN the endpoint security group admits HTTPS from the VPC CIDR only and sends nothing', () => {
      const [[, sg]] = ofType('AWS::EC2::SecurityGroup');
      expect(sg.Properties.SecurityGroupIngress).toEqual([
        { CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: 'HTTPS from the VPC' },
      ]);
      expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    });

    test('THEN the subnet selections name the tiers', () => {
      expect(network.vpc.selectSubnets(network.dataSubnets).subnets).toHaveLength(3);
      expect(network.vpc.selectSubnets(network.privateSubnets).subnets).toHaveLength(3);
      expect(network.vpc.selectSubnets(network.publicSubnets).subnets).toHaveLength(3);
    });

    test('THEN no validation pack has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });

    test('THEN the only acknowledgments are the internet routes of public/NAT subnets and the data-tier NACL', () => {
      // CDK itself acknowledges a few CloudFormation-Validate (cfn-lint) findings: not ours.
      const acks = acknowledgmentsUnder(stack)
        .filter((a) => !a.id.startsWith('CloudFormation-Validate::'))
        .map((a) => `${a.path.replace('Test/Network/', '')} ${a.id.split('::')[1]}`);
      expect(acks).toHaveLength(6 * 3 + 3);
      for (const a of acks)
        expect(a).toMatch(/^(Vpc\/(Public|Nat)Subnet\d\/DefaultRoute \S+-VPCNoUnrestrictedRouteToIGW|DataAcl(\/\w+)? AwsSolutions-VPC3)$/);
    });
  });

  test('GIVEN two AZs and a /20 WHEN synthesized THEN subnets shrink with the VPC and there is a NAT gateway per AZ', () => {
    const { ofType } = build({ maxAzs: 2, cidr: '10.1.0.0/20' });
    expect(ofType('AWS::EC2::Subnet')).toHaveLength(10);
    expect(ofType('AWS::EC2::NatGateway')).toHaveLength(2);
    expect(ofType('AWS::EC2::VPC')[0][1].Properties.CidrBlock).toBe('10.1.0.0/20');
  });

  test('GIVEN one AZ WHEN constructed THEN it throws naming maxAzs', () => {
    expect(() => build({ maxAzs: 1 })).toThrow('maxAzs must be a whole number >= 2 (MULTI-AZ), got 1');
  });

  test('GIVEN a CIDR outside /16../20 or malformed WHEN constructed THEN it throws naming cidr', () => {
    expect(() => build({ cidr: '10.0.0.0/24' })).toThrow('cidr must be an IPv4 CIDR from /16 to /20, got "10.0.0.0/24"');
    expect(() => build({ cidr: 'ten' })).toThrow('cidr must be an IPv4 CIDR from /16 to /20, got "ten"');
  });

  test("GIVEN a tagged stack THEN the restrict-default-SG function and role carry the stack's tags, but not the VPC's Name", () => {
    const stack = testStack();
    Tags.of(stack).add('rampart:tenant', 'acme');
    const key = new RampartKey(stack, 'LogsKey', { alias: 'alias/t/logs', description: 'test', viaServices: ['logs'] }).key;
    new RampartVpc(stack, 'Network', { flowLogKey: key, isolated: true, interfaceEndpoints: {} });
    const resources = Template.fromStack(stack).toJSON().Resources as Resources;
    const provider = Object.entries(resources).filter(([id]) => id.startsWith('CustomVpcRestrictDefaultSGCustomResourceProvider'));
    expect(provider.map(([, r]) => r.Type).sort()).toEqual(['AWS::IAM::Role', 'AWS::Lambda::Function']);
    for (const [, r] of provider) expect(r.Properties.Tags).toEqual([{ Key: 'rampart:tenant', Value: 'acme' }]);
  });

  test('GIVEN a VPC without the restrict-default-SG provider THEN DefaultSgRestriction refuses it, naming the prop', () => {
    const stack = testStack();
    const key = new RampartKey(stack, 'LogsKey', { alias: 'alias/t/logs', description: 'test', viaServices: ['logs'] }).key;
    const vpc = new ec2.Vpc(stack, 'Plain', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
    expect(() => new DefaultSgRestriction(stack, 'Restriction', { vpc, logsKey: key })).toThrow(/restrictDefaultSecurityGroup must be true/);
  });
});
