import { Template } from 'aws-cdk-lib/assertions';
import { HostedService, HostedServiceProps } from '../../../lib/constructs/compute/hosted-service';
import { ImageRepository } from '../../../lib/constructs/compute/image-repository';
import { PublicIngress } from '../../../lib/constructs/edge/public-ingress';
import { ShieldProtection, shieldEndpointOfLoadBalancer } from '../../../lib/constructs/edge/shield';
import { WebAcl } from '../../../lib/constructs/edge/web-acl';
import { platformFixture } from '../edge/fixture';
import { unacknowledgedFindings } from '../../helpers';

type Resources = Record<string, { Type: string; Properties: any; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }>;

function build(props: Partial<HostedServiceProps> = {}) {
  const f = platformFixture();
  const ingress = new PublicIngress(f.stack, 'Ingress', { vpc: f.vpc, domainName: 'app.example.com', accessLogsBucket: f.archive.accessLogsBucket });
  new WebAcl(f.stack, 'Waf', {
    name: 'platform',
    rateLimitPer5Minutes: 2000,
    logsKey: f.keys.logs,
    associatedResourceArns: [ingress.loadBalancer.loadBalancerArn],
  });
  new ShieldProtection(f.stack, 'Shield', {
    endpoints: [shieldEndpointOfLoadBalancer('ingress', ingress.loadBalancer, 'app.example.com')],
    protectionGroupId: 'platform',
  });
  const images = new ImageRepository(f.stack, 'Images', { encryptionKey: f.keys.data, repositoryName: 'example/app' });
  const imageRepository = { repository: images.repository, tag: '1.0.0' };
  const hosted = new HostedService(f.stack, 'App', { vpc: f.vpc, listener: ingress.httpsListener, logsKey: f.keys.logs, imageRepository, ...props });
  const template = Template.fromStack(f.stack);
  const resources = template.toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { ...f, ingress, hosted, images, template, resources, ofType };
}

describe('Compute: HostedService behind the ingress + ImageRepository', () => {
  describe('GIVEN the defaults', () => {
    const { stack, resources, ofType, template } = build();
    const [[, service]] = ofType('AWS::ECS::Service');
    const [[, taskDef]] = ofType('AWS::ECS::TaskDefinition');
    const [container] = taskDef.Properties.ContainerDefinitions;
    const sgId = (prefix: string) => ofType('AWS::EC2::SecurityGroup').find(([id]) => id.startsWith(prefix))![0];

    test('THEN the cluster runs Container Insights with enhanced observability', () => {
      template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
    });

    test('THEN tasks run in the private subnets of both AZs without public IPs', () => {
      const net = service.Properties.NetworkConfiguration.AwsvpcConfiguration;
      expect(net.AssignPublicIp).toBe('DISABLED');
      expect(net.Subnets).toEqual([{ Ref: expect.stringMatching(/^Vpcprivate.*Subnet1/) }, { Ref: expect.stringMatching(/^Vpcprivate.*Subnet2/) }]);
      expect(service.Properties.AvailabilityZoneRebalancing).toBe('ENABLED');
      expect(service.Properties.DesiredCount).toBe(2);
    });

    test('THEN deployments keep full capacity and roll back on failure', () => {
      expect(service.Properties.DeploymentConfiguration).toMatchObject({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      });
      expect(service.Properties.EnableExecuteCommand).toBe(false);
    });

    test('THEN the service SG admits only the load balancer SG on the container port (8443)', () => {
      const ingress = ofType('AWS::EC2::SecurityGroupIngress').filter(([, r]) =>
        JSON.stringify(r.Properties.GroupId).includes(sgId('AppSecurityGroup')),
      );
      expect(ingress.map(([, r]) => r.Properties)).toEqual([
        expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: 8443,
          ToPort: 8443,
          SourceSecurityGroupId: { 'Fn::GetAtt': [sgId('IngressSecurityGroup'), 'GroupId'] },
        }),
      ]);
      const [[, sg]] = ofType('AWS::EC2::SecurityGroup').filter(([id]) => id === sgId('AppSecurityGroup'));
      expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
      expect(sg.Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      ]);
    });

    test('THEN the load balancer SG may send only to the service on the container port (8443)', () => {
      const egress = ofType('AWS::EC2::SecurityGroupEgress').map(([, r]) => r.Properties);
      expect(egress).toEqual([
        expect.objectContaining({
          GroupId: { 'Fn::GetAtt': [sgId('IngressSecurityGroup'), 'GroupId'] },
          FromPort: 8443,
          ToPort: 8443,
          DestinationSecurityGroupId: { 'Fn::GetAtt': [sgId('AppSecurityGroup'), 'GroupId'] },
        }),
      ]);
    });

    test('THEN the HTTPS listener forwards to an HTTPS target group on 8443, health-checked over HTTPS (TLS-HOPS)', () => {
      const [[tgId, tg]] = ofType('AWS::ElasticLoadBalancingV2::TargetGroup');
      expect(tg.Properties).toMatchObject({
        Protocol: 'HTTPS',
        Port: 8443,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTPS',
        HealthCheckPath: '/',
        Matcher: { HttpCode: '200-399' },
      });
      expect(container.PortMappings).toEqual([{ ContainerPort: 8443, Protocol: 'tcp' }]);
      const [[, rule]] = ofType('AWS::ElasticLoadBalancingV2::ListenerRule');
      expect(rule.Properties).toMatchObject({ Priority: 100, Actions: [{ Type: 'forward', TargetGroupArn: { Ref: tgId } }] });
      const httpsListenerId = ofType('AWS::ElasticLoadBalancingV2::Listener').find(([, l]) => l.Properties.Protocol === 'HTTPS')![0];
      expect(rule.Properties.ListenerArn).toEqual({ Ref: httpsListenerId });
    });

    test("THEN the image is the stack's own repository at the tag, in this account and region (IMAGE-PROVENANCE)", () => {
      expect(container.Image).toEqual({
        'Fn::Join': [
          '',
          [
            { 'Fn::Select': [4, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Images', 'Arn'] }] }] },
            '.dkr.ecr.',
            { 'Fn::Select': [3, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Images', 'Arn'] }] }] },
            '.',
            { Ref: 'AWS::URLSuffix' },
            '/',
            { Ref: 'Images' },
            ':1.0.0',
          ],
        ],
      });
    });

    test('THEN the container runs as the non-root uid 101 with a read-only root fs; only /tmp and /run/tls are task-local writable volumes', () => {
      expect(container.User).toBe('101');
      expect(container.ReadonlyRootFilesystem).toBe(true);
      expect(container.MountPoints).toEqual([
        { ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'writable-0' },
        { ContainerPath: '/run/tls', ReadOnly: false, SourceVolume: 'writable-1' },
      ]);
      expect(taskDef.Properties.Volumes).toEqual([{ Name: 'writable-0' }, { Name: 'writable-1' }]);
    });

    test('THEN logs go to a KMS-encrypted, retained log group with a year of retention', () => {
      expect(container.LogConfiguration.LogDriver).toBe('awslogs');
      expect(container.LogConfiguration.Options['awslogs-group']).toEqual({ Ref: 'AppLogs' });
      expect(resources.AppLogs).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } },
      });
    });

    test('THEN the task role has no permissions and the execution role may only write its log group and pull from the one repository', () => {
      const taskRoleId = taskDef.Properties.TaskRoleArn['Fn::GetAtt'][0];
      expect(resources[taskRoleId].Properties.ManagedPolicyArns).toBeUndefined();
      expect(ofType('AWS::IAM::Policy')).toEqual([]); // no inline policies at all
      const policies = ofType('AWS::IAM::ManagedPolicy');
      expect(policies.filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(taskRoleId))).toEqual([]);
      const executionRoleId = taskDef.Properties.ExecutionRoleArn['Fn::GetAtt'][0];
      expect(policies.map(([, p]) => p.Properties.Roles)).toEqual([[{ Ref: executionRoleId }]]);
      const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
      expect(statements).toEqual([
        {
          Sid: 'WriteContainerLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': ['AppLogs', 'Arn'] },
        },
        {
          Sid: 'PullFromTheOneRepository',
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: { 'Fn::GetAtt': ['Images', 'Arn'] },
        },
        { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      ]);
      expect(JSON.stringify(resources.Images.Properties.RepositoryPolicyText ?? null)).toBe('null'); // no repository policy added
    });

    test('THEN the ECR repository scans on push, has immutable tags, the data key, lifecycle rules and is retained', () => {
      expect(resources.Images).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Type: 'AWS::ECR::Repository' });
      expect(resources.Images.Properties).toMatchObject({
        RepositoryName: 'example/app',
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': ['DataKey', 'Arn'] } },
      });
      const policy = JSON.parse(resources.Images.Properties.LifecyclePolicy.LifecyclePolicyText);
      expect(policy.rules.map((r: any) => r.selection)).toEqual([
        { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 14, countUnit: 'days' },
        { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 100 },
      ]);
    });

    test('THEN no validation pack (edge rules included) has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  describe('GIVEN another unprivileged port and standard monitoring', () => {
    const { stack, ofType, template } = build({ port: 9443, enhancedMonitoring: false });
    test('THEN the HTTPS target group, the container and the SG pair use that port', () => {
      expect(ofType('AWS::ElasticLoadBalancingV2::TargetGroup')[0][1].Properties).toMatchObject({ Protocol: 'HTTPS', Port: 9443 });
      expect(ofType('AWS::ECS::TaskDefinition')[0][1].Properties.ContainerDefinitions[0].PortMappings).toEqual([
        { ContainerPort: 9443, Protocol: 'tcp' },
      ]);
      expect(ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => [r.Properties.FromPort, r.Properties.ToPort])).toEqual([[9443, 9443]]);
    });
    test('THEN Container Insights stays on (standard) and every pack passes, the token action acknowledged on the execution policy', () => {
      template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  describe('GIVEN invalid props WHEN constructed THEN it throws naming the prop and value', () => {
    const f = platformFixture();
    const ingress = new PublicIngress(f.stack, 'Ingress', {
      vpc: f.vpc,
      domainName: 'app.example.com',
      accessLogsBucket: f.archive.accessLogsBucket,
    });
    const images = new ImageRepository(f.stack, 'Images', { encryptionKey: f.keys.data, repositoryName: 'example/app' });
    const base: HostedServiceProps = {
      vpc: f.vpc,
      listener: ingress.httpsListener,
      logsKey: f.keys.logs,
      imageRepository: { repository: images.repository, tag: '1.0.0' },
    };
    test.each<[Partial<HostedServiceProps>, string]>([
      [{ port: 80 }, 'port must be a whole number from 1024 to 65535 (the container runs as a non-root user), got 80'],
      [{ port: 1023 }, 'port must be a whole number from 1024 to 65535 (the container runs as a non-root user), got 1023'],
      [{ port: 70000 }, 'port must be a whole number from 1024 to 65535 (the container runs as a non-root user), got 70000'],
      [{ cpu: 300 }, 'cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384, got 300'],
      [{ memoryMiB: 256 }, 'memoryMiB must be a whole number >= 512, got 256'],
      [{ desiredCount: 1 }, 'desiredCount must be a whole number >= 2 (one task per AZ at least), got 1'],
      [
        { imageRepository: { repository: images.repository, tag: ':latest' } },
        'imageRepository.tag must be an image tag (letters, digits, "_", "." and "-", at most 128 characters), got ":latest"',
      ],
    ])('HostedService %j', (bad, message) => {
      const id = `H${JSON.stringify({ ...bad, imageRepository: bad.imageRepository?.tag }).replace(/\W/g, '')}`;
      expect(() => new HostedService(f.stack, id, { ...base, ...bad })).toThrow(message);
    });

    test('THEN no prop names a public image: the image comes only from an ECR repository (checked by tsc)', () => {
      // @ts-expect-error `image` was removed: `imageRepository` is required and the only way to name the image.
      const withPublicImage: HostedServiceProps = { ...base, image: 'public.ecr.aws/nginx/nginx:stable' };
      expect(Object.keys(withPublicImage)).toContain('image');
      // @ts-expect-error `imageRepository` is required.
      const withoutRepository: HostedServiceProps = { vpc: f.vpc, listener: ingress.httpsListener, logsKey: f.keys.logs };
      expect(withoutRepository.imageRepository).toBeUndefined();
    });
  });
});
