// Settings of RampartVpc kept apart from the construct: sizes, subnet groups, default endpoints
// and the ECR layer bucket, which stacks and tests read without building a network.
import { Aws } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** MULTI-AZ: a platform VPC never spans fewer than two availability zones. */
export const MIN_AZS = 2;
/** Allowed VPC prefix lengths: the subnet plan below derives its masks from the prefix. */
export const VPC_PREFIX = { min: 16, max: 20 } as const;
/** Allowed prefix lengths of an isolated VPC (two tiers only, so it can be as small as a /24). */
export const ISOLATED_VPC_PREFIX = { min: 16, max: 24 } as const;

/** Subnet group names; stable because CDK derives subnet logical ids from them. */
export const SUBNET_GROUPS = {
  /** Internet-facing load balancers only (nothing else is ever placed here). */
  public: 'Public',
  /** NAT gateways only; separate from the load-balancer subnets so the firewall can see return traffic. */
  nat: 'Nat',
  /** Network Firewall endpoints only (see NetworkFirewall). */
  firewall: 'Firewall',
  /** Workloads: no public IPs, egress through NAT (and the firewall when one is attached). */
  private: 'Private',
  /** Databases: no route outside the VPC, NACL allowing VPC-internal traffic only. */
  data: 'Data',
} as const;

/** Interface endpoints created by default: the AWS APIs workloads call, reached without the internet. */
export const DEFAULT_INTERFACE_ENDPOINTS = {
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  SsmMessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
} as const;

/**
 * The regional S3 bucket ECR stores image layers in: an image pull through the S3 gateway endpoint
 * reads it, so every VPC's S3 endpoint policy admits reads of it. Built from the
 * partition and region pseudo parameters so the same template works in every region.
 */
export function ecrLayerBucketObjectsArn(): string {
  return `arn:${Aws.PARTITION}:s3:::prod-${Aws.REGION}-starport-layer-bucket/*`;
}

/** Why the data subnets carry a NACL and why only the public subnets route to the internet gateway (acknowledgment reasons). */
export const NACL_REASON =
  'NET-ISOLATION promises network ACLs as a second, stateless layer under the security groups: the data subnets admit and emit only VPC-internal traffic, so a misconfigured security group cannot expose a database.';
export const IGW_ROUTE_REASON =
  'Only the load-balancer and NAT-gateway subnets route 0.0.0.0/0 to the internet gateway, which is what makes them public; they never host instances (MapPublicIpOnLaunch false) and workload and data subnets have no internet-gateway route.';

/** Why the subnets name literal availability zones, which cfn-lint's W3010 advises against. */
export const PINNED_ZONES_REASON =
  'AZ-REAL: the zones are pinned on purpose from the deployment plan (config availabilityZones or lib/config/availability-zones.ts), ' +
  'so synthesis needs no lookup and the template a reviewer reads names the zones that deploy; Fn::GetAZs would hide them until deploy time.';
