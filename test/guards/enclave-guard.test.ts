import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as globalaccelerator from 'aws-cdk-lib/aws-globalaccelerator';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as transfer from 'aws-cdk-lib/aws-transfer';
import { KeyRing } from '../../lib/constructs/keys/key-ring';
import { RampartVpc } from '../../lib/constructs/network/rampart-vpc';
import { EnclaveGuard } from '../../lib/guards/enclave-guard';
import { testStack } from '../helpers';

/** A stack guarded by EnclaveGuard with whatever `add` puts in it; `synth` is what must throw or not. */
function guarded(add: (stack: Stack) => void): { stack: Stack; synth: () => unknown } {
  const stack = testStack('us-east-1', '222222222222');
  add(stack);
  Aspects.of(stack).add(new EnclaveGuard());
  return { stack, synth: () => (stack.node.root as App).synth() };
}

const SUBNET = 'subnet-0123456789abcdef0';
const nic = { deviceIndex: '0', subnetId: SUBNET, associatePublicIpAddress: true };

/** One stack per public-facing kind: [kind, how to add it, what the error must name]. */
const VIOLATIONS: [string, (stack: Stack) => void, RegExp][] = [
  [
    'an internet gateway',
    (s) => new ec2.CfnInternetGateway(s, 'Igw'),
    /\[Test\/Igw\] HIPAA enclave: no public-facing resources, but AWS::EC2::InternetGateway Igw at Test\/Igw is an internet gateway/,
  ],
  [
    'an egress-only internet gateway',
    (s) => new ec2.CfnEgressOnlyInternetGateway(s, 'Eigw', { vpcId: 'vpc-1' }),
    /\[Test\/Eigw\] .*AWS::EC2::EgressOnlyInternetGateway Eigw at Test\/Eigw/,
  ],
  [
    'an internet gateway attachment',
    (s) => new ec2.CfnVPCGatewayAttachment(s, 'Attach', { vpcId: 'vpc-1', internetGatewayId: 'igw-0abc' }),
    /\[Test\/Attach\] .*AWS::EC2::VPCGatewayAttachment Attach at Test\/Attach attaches an internet gateway at Properties\.InternetGatewayId: "igw-0abc"/,
  ],
  [
    'a route to an internet gateway of the template',
    (s) => {
      const igw = new ec2.CfnInternetGateway(s, 'Gw');
      new ec2.CfnRoute(s, 'DefaultRoute', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.ref });
    },
    /\[Test\/DefaultRoute\] .*AWS::EC2::Route DefaultRoute at Test\/DefaultRoute routes to a AWS::EC2::InternetGateway at Properties\.GatewayId: \{"Ref":"Gw"\}/,
  ],
  [
    'a route to an imported internet gateway id',
    (s) => new ec2.CfnRoute(s, 'ImportedRoute', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0abc' }),
    /\[Test\/ImportedRoute\] .* routes to a gateway that is not provably a VPN gateway at Properties\.GatewayId: "igw-0abc"/,
  ],
  [
    'a route to a NAT gateway',
    (s) => new ec2.CfnRoute(s, 'NatRoute', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-0abc' }),
    /\[Test\/NatRoute\] .* routes to a NAT gateway \(internet egress\) at Properties\.NatGatewayId: "nat-0abc"/,
  ],
  [
    'a NAT gateway',
    (s) => new ec2.CfnNatGateway(s, 'Nat', { subnetId: SUBNET }),
    /\[Test\/Nat\] .*AWS::EC2::NatGateway Nat at Test\/Nat is a NAT gateway/,
  ],
  ['an Elastic IP', (s) => new ec2.CfnEIP(s, 'Eip'), /\[Test\/Eip\] .*AWS::EC2::EIP Eip at Test\/Eip is an Elastic \(public\) IP address/],
  [
    'a subnet mapping public IPs on launch',
    (s) => new ec2.CfnSubnet(s, 'OpenSubnet', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true }),
    /\[Test\/OpenSubnet\] .*AWS::EC2::Subnet OpenSubnet at Test\/OpenSubnet is a public subnet at Properties\.MapPublicIpOnLaunch: true/,
  ],
  [
    "a subnet CDK tagged 'Public'",
    (s) =>
      new ec2.CfnSubnet(s, 'TaggedSubnet', { vpcId: 'vpc-1', cidrBlock: '10.0.1.0/24', tags: [{ key: 'aws-cdk:subnet-type', value: 'Public' }] }),
    /\[Test\/TaggedSubnet\] .* is a public subnet at Properties\.Tags\[0\]: \{"Key":"aws-cdk:subnet-type","Value":"Public"\}/,
  ],
  [
    'a load balancer without a Scheme (internet-facing by default)',
    (s) => new elbv2.CfnLoadBalancer(s, 'Alb', { subnets: [SUBNET, 'subnet-2'] }),
    /\[Test\/Alb\] .*AWS::ElasticLoadBalancingV2::LoadBalancer Alb at Test\/Alb is an internet-facing load balancer at Properties\.Scheme: undefined \(absent means internet-facing\)/,
  ],
  [
    'an internal load balancer overridden to internet-facing (escape hatch)',
    (s) => {
      const vpc = ec2.Vpc.fromVpcAttributes(s, 'Vpc', {
        vpcId: 'vpc-1',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        privateSubnetIds: [SUBNET, 'subnet-2'],
      });
      const alb = new elbv2.ApplicationLoadBalancer(s, 'Overridden', { vpc, internetFacing: false });
      (alb.node.defaultChild as elbv2.CfnLoadBalancer).addPropertyOverride('Scheme', 'internet-facing');
    },
    /\[Test\/Overridden\/Resource\] .* is an internet-facing load balancer at Properties\.Scheme: "internet-facing"/,
  ],
  [
    'a classic load balancer without a Scheme',
    (s) =>
      new elb.CfnLoadBalancer(s, 'Classic', { listeners: [{ instancePort: '80', loadBalancerPort: '80', protocol: 'HTTP' }], subnets: [SUBNET] }),
    /\[Test\/Classic\] .*AWS::ElasticLoadBalancing::LoadBalancer Classic at Test\/Classic is an internet-facing classic load balancer/,
  ],
  [
    'any CloudFront resource',
    (s) =>
      new cloudfront.CfnOriginAccessControl(s, 'Oac', {
        originAccessControlConfig: { name: 'oac', originAccessControlOriginType: 's3', signingBehavior: 'always', signingProtocol: 'sigv4' },
      }),
    /\[Test\/Oac\] .*AWS::CloudFront::OriginAccessControl Oac at Test\/Oac is a CloudFront resource/,
  ],
  [
    'an instance with a public IP',
    (s) => new ec2.CfnInstance(s, 'Box', { imageId: 'ami-1', networkInterfaces: [nic] }),
    /\[Test\/Box\] .*AWS::EC2::Instance Box at Test\/Box gets a public IP address at Properties\.NetworkInterfaces\[0\]\.AssociatePublicIpAddress: true/,
  ],
  [
    'a launch template with a public IP',
    (s) => new ec2.CfnLaunchTemplate(s, 'Template', { launchTemplateData: { imageId: 'ami-1', networkInterfaces: [{ ...nic, deviceIndex: 0 }] } }),
    /\[Test\/Template\] .* gets a public IP address at Properties\.LaunchTemplateData\.NetworkInterfaces\[0\]\.AssociatePublicIpAddress: true/,
  ],
  [
    'a spot fleet with a public IP',
    (s) =>
      new ec2.CfnSpotFleet(s, 'Fleet', {
        spotFleetRequestConfigData: {
          iamFleetRole: 'arn:aws:iam::222222222222:role/fleet',
          targetCapacity: 1,
          launchSpecifications: [{ imageId: 'ami-1', networkInterfaces: [{ ...nic, deviceIndex: 0 }] }],
        },
      }),
    /\[Test\/Fleet\] .* gets a public IP address at Properties\.SpotFleetRequestConfigData\.LaunchSpecifications\[0\]\.NetworkInterfaces\[0\]\.AssociatePublicIpAddress: true/,
  ],
  [
    'an ECS service assigning public IPs',
    (s) => new ecs.CfnService(s, 'Service', { networkConfiguration: { awsvpcConfiguration: { subnets: [SUBNET], assignPublicIp: 'ENABLED' } } }),
    /\[Test\/Service\] .*AWS::ECS::Service Service at Test\/Service assigns a public IP address at Properties\.NetworkConfiguration\.AwsvpcConfiguration\.AssignPublicIp: "ENABLED"/,
  ],
  [
    'a publicly accessible RDS instance',
    (s) => new rds.CfnDBInstance(s, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro', publiclyAccessible: true }),
    /\[Test\/Db\] .*AWS::RDS::DBInstance Db at Test\/Db is publicly accessible at Properties\.PubliclyAccessible: true/,
  ],
  [
    'a publicly accessible Redshift cluster',
    (s) =>
      new redshift.CfnCluster(s, 'Warehouse', {
        clusterType: 'single-node',
        dbName: 'phi',
        masterUsername: 'admin',
        nodeType: 'ra3.xlplus',
        publiclyAccessible: true,
      }),
    /\[Test\/Warehouse\] .*AWS::Redshift::Cluster Warehouse at Test\/Warehouse is publicly accessible at Properties\.PubliclyAccessible: true/,
  ],
  [
    'a REST API with the default (edge) endpoint',
    (s) => new apigateway.CfnRestApi(s, 'Api', { name: 'api' }),
    /\[Test\/Api\] .*AWS::ApiGateway::RestApi Api at Test\/Api is a public API endpoint at Properties\.EndpointConfiguration\.Types: undefined/,
  ],
  [
    'a regional REST API',
    (s) => new apigateway.CfnRestApi(s, 'RegionalApi', { name: 'api', endpointConfiguration: { types: ['REGIONAL'] } }),
    /\[Test\/RegionalApi\] .* is a public API endpoint at Properties\.EndpointConfiguration\.Types: \["REGIONAL"\]/,
  ],
  [
    'an HTTP API (API Gateway v2)',
    (s) => new apigatewayv2.CfnApi(s, 'HttpApi', { name: 'api', protocolType: 'HTTP' }),
    /\[Test\/HttpApi\] .*AWS::ApiGatewayV2::Api HttpApi at Test\/HttpApi/,
  ],
  [
    'an unauthenticated Lambda function URL',
    (s) => new lambda.CfnUrl(s, 'Url', { authType: 'NONE', targetFunctionArn: 'arn:aws:lambda:us-east-1:222222222222:function:f' }),
    /\[Test\/Url\] .*AWS::Lambda::Url Url at Test\/Url is an unauthenticated public function URL at Properties\.AuthType: "NONE"/,
  ],
  [
    'a Global Accelerator',
    (s) => new globalaccelerator.CfnAccelerator(s, 'Accelerator', { name: 'a' }),
    /\[Test\/Accelerator\] .*AWS::GlobalAccelerator::Accelerator Accelerator at Test\/Accelerator/,
  ],
  [
    'a Lightsail resource',
    (s) => new lightsail.CfnBucket(s, 'Sail', { bucketName: 'b', bundleId: 'small_1_0' }),
    /\[Test\/Sail\] .*AWS::Lightsail::Bucket Sail at Test\/Sail/,
  ],
  [
    'an OpenSearch domain outside a VPC',
    (s) => new opensearch.CfnDomain(s, 'Search', {}),
    /\[Test\/Search\] .*AWS::OpenSearchService::Domain Search at Test\/Search is a search domain with a public endpoint: Properties\.VPCOptions is absent/,
  ],
  [
    'an EKS cluster with the default public API endpoint',
    (s) => new eks.CfnCluster(s, 'Eks', { roleArn: 'arn:aws:iam::222222222222:role/eks', resourcesVpcConfig: { subnetIds: [SUBNET] } }),
    /\[Test\/Eks\] .*AWS::EKS::Cluster Eks at Test\/Eks has a public Kubernetes API endpoint/,
  ],
  [
    'a public Transfer server',
    (s) => new transfer.CfnServer(s, 'Sftp', {}),
    /\[Test\/Sftp\] .*AWS::Transfer::Server Sftp at Test\/Sftp is a public transfer server/,
  ],
];

describe('EnclaveGuard', () => {
  describe.each(VIOLATIONS)('GIVEN an enclave stack with %s', (_kind, add, expected) => {
    test('THEN synth fails naming the construct path and what is public', () => {
      expect(guarded(add).synth).toThrow(expected);
    });
  });

  describe("GIVEN Rampart's platform network (public subnets, IGW, NAT) in an enclave", () => {
    test('THEN synth fails on each public-facing piece, each named by its construct path', () => {
      const { synth } = guarded(
        (s) => new RampartVpc(s, 'Network', { flowLogKey: new KeyRing(s, 'Keys', { aliasPrefix: 'org/hipaa' }).logs, maxAzs: 2 }),
      );
      let message = '';
      try {
        synth();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/\[Test\/Network\/Vpc\/IGW\] .*AWS::EC2::InternetGateway/);
      expect(message).toMatch(/\[Test\/Network\/Vpc\/VPCGW\] .*AWS::EC2::VPCGatewayAttachment/);
      expect(message).toMatch(/\[Test\/Network\/Vpc\/\w+Subnet1\/NATGateway\] .*AWS::EC2::NatGateway/);
      expect(message).toMatch(/\[Test\/Network\/Vpc\/\w+Subnet1\/EIP\] .*AWS::EC2::EIP/);
      expect(message).toMatch(/\[Test\/Network\/Vpc\/\w+Subnet1\/Subnet\] .*is a public subnet/);
      expect(message).toMatch(/\[Test\/Network\/Vpc\/\w+Subnet1\/DefaultRoute\] .*routes to a AWS::EC2::InternetGateway/);
    });
  });

  describe('GIVEN a realistic closed enclave: isolated VPC with endpoints, internal ALB, private services', () => {
    test('THEN synth passes', () => {
      const { synth } = guarded((s) => {
        const vpc = new ec2.Vpc(s, 'Vpc', {
          maxAzs: 2,
          natGateways: 0,
          subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
        });
        vpc.addInterfaceEndpoint('Logs', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS });
        vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
        new elbv2.ApplicationLoadBalancer(s, 'InternalAlb', { vpc, internetFacing: false });
        new elbv2.CfnLoadBalancer(s, 'Gwlb', { type: 'gateway', subnets: [SUBNET] });
        const cluster = new ecs.Cluster(s, 'Cluster', { vpc });
        const task = new ecs.FargateTaskDefinition(s, 'Task');
        task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1') });
        new ecs.FargateService(s, 'Service', {
          cluster,
          taskDefinition: task,
          assignPublicIp: false,
          circuitBreaker: { rollback: true },
          minHealthyPercent: 100,
        });
        new rds.DatabaseInstance(s, 'Db', {
          engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
          vpc,
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
          backupRetention: Duration.days(7),
        });
        const api = new apigateway.RestApi(s, 'PrivateApi', {
          endpointConfiguration: { types: [apigateway.EndpointType.PRIVATE] },
          policy: new iam.PolicyDocument({
            statements: [
              new iam.PolicyStatement({ actions: ['execute-api:Invoke'], principals: [new iam.AnyPrincipal()], resources: ['execute-api:/*'] }),
            ],
          }),
        });
        api.root.addMethod('GET', new apigateway.MockIntegration());
        const fn = new lambda.Function(s, 'Fn', {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline('exports.handler=async()=>{}'),
          vpc,
        });
        fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
        new opensearch.CfnDomain(s, 'Search', { vpcOptions: { subnetIds: [SUBNET] } });
        new eks.CfnCluster(s, 'Eks', {
          roleArn: 'arn:aws:iam::222222222222:role/eks',
          resourcesVpcConfig: { subnetIds: [SUBNET], endpointPublicAccess: false, endpointPrivateAccess: true },
        });
        new transfer.CfnServer(s, 'Sftp', { endpointType: 'VPC' });
        const vgw = new ec2.CfnVPNGateway(s, 'Vgw', { type: 'ipsec.1' });
        new ec2.CfnRoute(s, 'ToOnPrem', { routeTableId: 'rtb-1', destinationCidrBlock: '192.168.0.0/16', gatewayId: vgw.ref });
      });
      expect(synth).not.toThrow();
    });
  });

  test('GIVEN a custom promise THEN errors quote it', () => {
    const stack = testStack();
    new ec2.CfnNatGateway(stack, 'Nat', { subnetId: SUBNET });
    Aspects.of(stack).add(new EnclaveGuard({ promise: 'Tenant enclave: no internet' }));
    expect(() => (stack.node.root as App).synth()).toThrow(
      /\[Test\/Nat\] Tenant enclave: no internet, but AWS::EC2::NatGateway Nat at Test\/Nat is a NAT gateway/,
    );
  });
});
