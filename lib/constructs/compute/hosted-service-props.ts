// The props and defaults of HostedService, apart from the construct so each file keeps one purpose.
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * What the service runs with when its props say nothing (the port to the task size), and what the
 * service image (images/hosted-service, nginx-unprivileged) needs whatever the props say: its
 * unprivileged user, its health path and the paths it writes to.
 */
export const HOSTED_SERVICE_DEFAULTS = {
  /** The container serves TLS itself on this port; unprivileged, so never below 1024. */
  port: 8443,
  cpu: 512,
  memoryMiB: 1024,
  desiredCount: 2,
  healthCheckPath: '/',
  /** The image's unprivileged uid (nginx in nginx-unprivileged): the task never runs as root. */
  user: '101',
  /**
   * Where the image writes at run time, each an empty task-local volume so the root fs stays
   * read-only: /tmp (nginx's pid and temp files) and /run/tls (the self-signed certificate and key
   * made at container start). The image declares both as VOLUMEs writable by its user, and Fargate
   * copies a declared path's owner and mode into the volume mounted there (a plain bind mount is
   * root's), so the unprivileged user can write to both.
   */
  writablePaths: ['/tmp', '/run/tls'],
} as const;

/** Ports below this are privileged: a non-root user cannot bind them. */
export const LOWEST_UNPRIVILEGED_PORT = 1024;

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
   * an ALB listener rule forwards to an HTTPS target group), or the private ingress's TLS listener
   * (`PrivateIngress.listener`, a TLS target group). Either way the hop to the task is encrypted
   * (the container serves TLS) and the task security group admits the container port only from the
   * load balancer's security group.
   */
  readonly listener: elbv2.ApplicationListener | elbv2.NetworkListener;
  /**
   * Egress of an isolated network: tasks send HTTPS only to the VPC CIDR (the interface VPC
   * endpoints) and to S3's managed prefix list of the region (`com.amazonaws.<region>.s3`, the
   * destinations of the S3 gateway endpoint, through which ECR serves image layers). The prefix
   * list id is given, not looked up (CloudFormation cannot resolve a managed prefix list by name and
   * synth stays offline): the plan takes it from config `s3PrefixLists` or its per-region default.
   * @default - HTTPS to any address (the platform's egress path through the Network Firewall)
   */
  readonly isolatedEgress?: { readonly vpcCidr: string; readonly s3PrefixListId: string };
  /** Key encrypting the container log group: the key ring's logs key. */
  readonly logsKey: kms.IKey;
  /**
   * The image: an ECR repository of this stack (ImageRepository.repository, scan on push,
   * immutable tags) at a tag. Required, and the only way to name an image: the service never runs
   * an image that its own repository did not scan (IMAGE-PROVENANCE, VULN-SCAN). The execution role
   * may pull from this repository only.
   */
  readonly imageRepository: { readonly repository: ecr.IRepository; readonly tag: string };
  /**
   * Port the container serves TLS on (the load balancer re-encrypts to it); at least 1024, since
   * the container runs as a non-root user.
   * @default 8443
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
  /**
   * Name of the task role, so that a role in another stack (a pooled tenant's access role) can trust
   * it by ARN. Renaming replaces the role (and the task definition revision); it holds no data.
   * @default - a name CloudFormation generates
   */
  readonly taskRoleName?: string;
}
