import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PREFIX_LIST_ID } from '../../config/s3-prefix-lists';
import { acknowledge } from '../../nag/acknowledge';
import { retainedLogGroup } from '../logging/retained-log-group';

import { FARGATE_CPU, HOSTED_SERVICE_DEFAULTS, HostedServiceProps, LOWEST_UNPRIVILEGED_PORT } from './hosted-service-props';

export { HOSTED_SERVICE_DEFAULTS, LOWEST_UNPRIVILEGED_PORT } from './hosted-service-props';
export type { HostedServiceProps } from './hosted-service-props';

/** Priority of the ALB listener rule forwarding every path (`/*`) to the service. */
const LISTENER_RULE_PRIORITY = 100;
/** An image tag as Docker and ECR accept it (the config's `imageTag` pattern). */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The hosted application (controls NET-ISOLATION, MULTI-AZ, AUDIT, LEAST-PRIV, TLS-HOPS,
 * IMAGE-PROVENANCE): a Fargate service (behind the public ALB listener, or the private NLB listener
 * of an isolated enclave) in private subnets without public IPs, reachable only from the load
 * balancer's security group on the container port. The hop from the load balancer is encrypted
 * too: an HTTPS target group behind the ALB, a TLS one behind the NLB, health-checked over HTTPS,
 * to a container that serves TLS itself (images/hosted-service makes a self-signed certificate at
 * start; load balancers do not validate target certificates, so the hop is encrypted, not
 * authenticated). The image comes only from the stack's own scan-on-push repository at an
 * immutable tag and runs as a non-root user on an unprivileged port. Tasks spread over the AZs and
 * are rebalanced; deployments never drop below full capacity and roll back on failure (circuit
 * breaker). The root filesystem is read-only; logs go to a KMS-encrypted, retained log group; the
 * task role has no permissions and the execution role only what pulling the image and writing logs
 * needs.
 */
export class HostedService extends Construct {
  public readonly cluster: ecs.Cluster;
  public readonly service: ecs.FargateService;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** ApplicationTargetGroup behind an ALB listener, NetworkTargetGroup behind an NLB listener. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup | elbv2.NetworkTargetGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  /** The execution role's only policy (customer-managed). */
  public readonly executionPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: HostedServiceProps) {
    super(scope, id);
    const d = HOSTED_SERVICE_DEFAULTS;
    const port = props.port ?? d.port;
    const cpu = props.cpu ?? d.cpu;
    const memoryMiB = props.memoryMiB ?? d.memoryMiB;
    const desiredCount = props.desiredCount ?? d.desiredCount;
    const fail = (prop: string, expected: string, got: unknown) => {
      throw new Error(`HostedService ${this.node.path}: ${prop} must be ${expected}, got ${JSON.stringify(got)}`);
    };
    if (!Number.isInteger(port) || port < LOWEST_UNPRIVILEGED_PORT || port > 65535) {
      fail('port', `a whole number from ${LOWEST_UNPRIVILEGED_PORT} to 65535 (the container runs as a non-root user)`, port);
    }
    if (!(FARGATE_CPU as readonly number[]).includes(cpu)) fail('cpu', `one of ${FARGATE_CPU.join(', ')}`, cpu);
    if (!Number.isInteger(memoryMiB) || memoryMiB < 512) fail('memoryMiB', 'a whole number >= 512', memoryMiB);
    if (!Number.isInteger(desiredCount) || desiredCount < 2) fail('desiredCount', 'a whole number >= 2 (one task per AZ at least)', desiredCount);
    const nlbListener = props.listener instanceof elbv2.NetworkListener ? props.listener : undefined;
    if (nlbListener && !(nlbListener.loadBalancer instanceof elbv2.NetworkLoadBalancer && nlbListener.loadBalancer.securityGroups?.length)) {
      fail('listener', 'the listener of a NetworkLoadBalancer with a security group (e.g. PrivateIngress.listener)', nlbListener.node.path);
    }
    const egress = props.isolatedEgress;
    if (egress && !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(egress.vpcCidr)) fail('isolatedEgress.vpcCidr', 'an IPv4 CIDR', egress.vpcCidr);
    if (egress && !PREFIX_LIST_ID.test(egress.s3PrefixListId)) {
      fail(
        'isolatedEgress.s3PrefixListId',
        'the id of the com.amazonaws.<region>.s3 managed prefix list, such as "pl-63a5400a"',
        egress.s3PrefixListId,
      );
    }
    const { repository, tag } = props.imageRepository;
    if (!Token.isUnresolved(tag) && !IMAGE_TAG.test(tag)) {
      fail('imageRepository.tag', 'an image tag (letters, digits, "_", "." and "-", at most 128 characters)', tag);
    }

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: (props.enhancedMonitoring ?? true) ? ecs.ContainerInsights.ENHANCED : ecs.ContainerInsights.ENABLED,
    });

    this.logGroup = retainedLogGroup(this, 'LogGroup', { encryptionKey: props.logsKey, pinAs: 'Logs' });

    // LEAST-PRIV: ECS assumes both roles only for tasks of this account (confused-deputy prevention,
    // the aws:SourceAccount condition of ECS's task role documentation).
    const ecsTasks = new iam.ServicePrincipal('ecs-tasks.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    });
    const taskRole = new iam.Role(this, 'TaskRole', {
      roleName: props.taskRoleName,
      assumedBy: ecsTasks,
      description: `Task role of ${this.node.path}: no permissions; grant only what the application calls`,
    });
    // The execution role's permissions are spelled out in one customer-managed policy (the
    // compliance packs reject inline policies); CDK's automatic grants to it are ignored.
    const executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: ecsTasks,
      description: `Execution role of ${this.node.path}: pull the image, write the container log group`,
    });
    const executionPolicy = (this.executionPolicy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      description: `Execution permissions of ${this.node.path}`,
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteContainerLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'PullFromTheOneRepository',
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
          resources: [repository.repositoryArn],
        }),
        new iam.PolicyStatement({ sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      ],
      roles: [executionRole],
    }));
    acknowledge(
      executionPolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires Resource "*"); the image pull actions themselves are scoped to the one repository.',
    );
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu,
      memoryLimitMiB: memoryMiB,
      taskRole,
      executionRole: executionRole.withoutPolicyUpdates(),
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const container = this.taskDefinition.addContainer('App', {
      image: ecs.ContainerImage.fromEcrRepository(repository, tag),
      portMappings: [{ containerPort: port, protocol: ecs.Protocol.TCP }],
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'app' }),
      readonlyRootFilesystem: true,
      // Never root, whatever the image says: the task definition states it (Security Hub ECS.20 reads this field).
      user: d.user,
      essential: true,
    });
    // Where the image writes at run time: each an empty task-local volume, everything else read-only.
    d.writablePaths.forEach((containerPath, i) => {
      const name = `writable-${i}`;
      this.taskDefinition.addVolume({ name });
      container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: egress
        ? `Tasks of ${this.node.path}: ingress only from the load balancer on the container port; egress HTTPS to the VPC endpoints only`
        : `Tasks of ${this.node.path}: ingress only from the load balancer on the container port; egress HTTPS (image pulls, AWS APIs) through the firewall`,
      allowAllOutbound: false,
    });
    if (egress) {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(egress.vpcCidr), ec2.Port.tcp(443), 'HTTPS to the interface VPC endpoints (AWS APIs, ECR)');
      // Image layers come from S3 through the gateway endpoint: HTTPS to S3's prefix list of the
      // region only (no address outside it), and the endpoint's policy admits this account's
      // buckets plus reads of ECR's layer bucket.
      this.securityGroup.addEgressRule(
        ec2.Peer.prefixList(egress.s3PrefixListId),
        ec2.Port.tcp(443),
        'HTTPS to S3 by its prefix list, through the S3 gateway endpoint (ECR image layers)',
      );
    } else {
      // Image pulls and logs reach the VPC's interface endpoints (ECR, logs) and the S3 gateway
      // endpoint (image layers) without leaving the VPC; anything else leaves through the firewall.
      this.securityGroup.addEgressRule(
        ec2.Peer.anyIpv4(),
        ec2.Port.tcp(443),
        'HTTPS to the VPC endpoints (ECR, S3, logs, AWS APIs); anything else through the Network Firewall allowlist',
      );
    }

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount,
      assignPublicIp: false,
      vpcSubnets: props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
      enableExecuteCommand: false,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });

    const target = this.service.loadBalancerTarget({ containerName: container.containerName, containerPort: port });
    // Health checks speak TLS to the container too: it serves nothing in clear.
    const healthCheck = {
      protocol: elbv2.Protocol.HTTPS,
      path: d.healthCheckPath,
      healthyHttpCodes: '200-399',
      interval: Duration.seconds(30),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    };
    if (nlbListener) {
      // The NLB's TLS listener ends the client's TLS and opens a new TLS session to the container
      // port (a TLS target group), so PHI never crosses the VPC in clear.
      // Open exactly: load balancer SG -> service SG on the container port (both ways of the pair).
      this.targetGroup = nlbListener.addTargets('Service', {
        protocol: elbv2.Protocol.TLS,
        port,
        targets: [target],
        deregistrationDelay: Duration.seconds(30),
        healthCheck,
      });
      this.service.connections.allowFrom(
        nlbListener.loadBalancer as elbv2.NetworkLoadBalancer,
        ec2.Port.tcp(port),
        'Container port from the private ingress load balancer',
      );
      return;
    }

    // The ALB re-encrypts to the container (an HTTPS target group). Registering the service opens
    // exactly: load balancer SG -> service SG on the container port.
    this.targetGroup = (props.listener as elbv2.ApplicationListener).addTargets('Service', {
      priority: LISTENER_RULE_PRIORITY,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port,
      targets: [target],
      deregistrationDelay: Duration.seconds(30),
      healthCheck,
    });
  }
}
