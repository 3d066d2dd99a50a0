// The props and defaults of HostedService, apart from the construct so each file keeps one purpose.
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';

/** What the service runs with when its props say nothing (the image to the task size); the health check and writable paths always. */
export const HOSTED_SERVICE_DEFAULTS = {
  image: 'public.ecr.aws/nginx/nginx:stable',
  port: 80,
  cpu: 512,
  memoryMiB: 1024,
  desiredCount: 2,
  healthCheckPath: '/',
  /** Where nginx writes at run time; each gets an empty task-local volume so the root fs stays read-only. */
  writablePaths: ['/var/cache/nginx', '/var/run', '/tmp'],
} as const;

export const FARGATE_CPU = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

export interface HostedServiceProps {
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the tasks: private, with egress through the firewall, in at least two AZs.
   * @default { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
   */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * Where the service is added: the public ingress's HTTPS listener (`PublicIngress.httpsListener`,
   * an ALB listener rule forwards to an HTTP target group), or the private ingress's TLS listener
   * (`PrivateIngress.listener`, a TCP target group; TLS ends at the NLB). Either way the task
   * security group admits the container port only from the load balancer's security group.
   */
  readonly listener: elbv2.ApplicationListener | elbv2.NetworkListener;
  /**
   * Egress of an isolated network: tasks send HTTPS only to the VPC CIDR (the interface VPC
   * endpoints) and to the S3 gateway endpoint, through which ECR serves image layers. CloudFormation
   * cannot look up S3's managed prefix list (and synth stays offline), so that rule admits any
   * address, which in an isolated subnet reaches only the gateway endpoints.
   * @default - HTTPS to any address (the platform's egress path through the Network Firewall)
   */
  readonly isolatedEgress?: { readonly vpcCidr: string };
  /** Key encrypting the container log group: the key ring's logs key. */
  readonly logsKey: kms.IKey;
  /**
   * Public container image reference (a registry that needs no credentials). For a private image
   * use `imageRepository` instead, which grants the execution role the pull.
   * @default 'public.ecr.aws/nginx/nginx:stable'
   */
  readonly image?: string;
  /**
   * Image from an ECR repository of this account (e.g. ImageRepository.repository) at an immutable
   * tag; takes precedence over `image`.
   * @default - `image`
   */
  readonly imageRepository?: { readonly repository: ecr.IRepository; readonly tag: string };
  /**
   * Port the container serves plain HTTP on (TLS ends at the load balancer).
   * @default 80
   */
  readonly port?: number;
  /** @default 512 */
  readonly cpu?: number;
  /** @default 1024 */
  readonly memoryMiB?: number;
  /**
   * Running tasks; at least 2 so the service spans two AZs (MULTI-AZ).
   * @default 2
   */
  readonly desiredCount?: number;
  /**
   * Container Insights with enhanced observability (per-task and per-container metrics). When
   * false, standard Container Insights still runs (never off).
   * @default true
   */
  readonly enhancedMonitoring?: boolean;
}
