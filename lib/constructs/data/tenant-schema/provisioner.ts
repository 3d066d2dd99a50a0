import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, type IConstruct } from 'constructs';
import { PREFIX_LIST_ID } from '../../../config/s3-prefix-lists';
import { acknowledge } from '../../../nag/acknowledge';
import { admitCloudFormationResponses } from '../../network/endpoint-policies';
import { pinLogicalId } from '../../pin-logical-id';
import { retainedLogGroup } from '../../logging/retained-log-group';
import { DATABASE_SETTINGS, type Database } from '../database';

/** The CloudFormation type of a pooled tenant's schema in a shared cluster (lib/constructs/tenant/tenant-schema.ts). */
export const TENANT_SCHEMA_RESOURCE_TYPE = 'Custom::TenantDatabaseSchema';
/** The CloudFormation type of the pooled tenants' schemas a platform creates for stacks of another region (peer-region-schemas.ts). */
export const TENANT_SCHEMAS_RESOURCE_TYPE = 'Custom::TenantDatabaseSchemas';
/** The function's timeout; its handler answers FAILED before it (deadline.ts). */
const FUNCTION_TIMEOUT = Duration.minutes(2);
/**
 * How long CloudFormation waits for the provisioner's answer to either resource type, instead of its
 * default hour: three of the function's attempts (Lambda retries an asynchronous invocation twice)
 * and room to spare.
 */
export const SCHEMA_SERVICE_TIMEOUT = Duration.minutes(10);
/** Where the Lambda runtime keeps the Amazon certificate authorities, RDS's included (Node.js 18 and later load them only on request). */
const RUNTIME_CA_BUNDLE = '/var/runtime/ca-cert.pem';
/**
 * Bounds the provisioner's share of the account's concurrency (the compliance packs ask for a
 * reservation); the advisory lock (handler.ts) is what serializes the SQL.
 */
const RESERVED_CONCURRENCY = 2;
const PORT = DATABASE_SETTINGS.port;

export interface TenantSchemaProvisionerProps {
  readonly vpc: ec2.IVpc;
  /** Where the function runs: the platform's workload subnets (their S3 route is the gateway endpoint). */
  readonly subnets: ec2.SubnetSelection;
  /** The shared cluster, its security group and master secret. */
  readonly database: Database;
  /** The interface endpoints' security group: the function reaches Secrets Manager through it, on 443. */
  readonly endpointSecurityGroup: ec2.ISecurityGroup;
  /** The VPC's Secrets Manager endpoint: the function reads the master secret through it (a prerequisite of its calls). */
  readonly secretsManagerEndpoint: ec2.IVpcEndpoint;
  /**
   * The VPC's S3 gateway endpoint: the function answers CloudFormation through it, so the construct
   * adds the `CloudFormationResponses` statement to its policy (admitCloudFormationResponses).
   */
  readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  /** `com.amazonaws.<region>.s3`: the function sends its CloudFormation response to S3 through the gateway endpoint only. */
  readonly s3PrefixListId: string;
  /** Deterministic name (`<prefix>-<region>-tenant-schemas`, lib/plan/naming.ts): tenant stacks name it in their ServiceToken. */
  readonly functionName: string;
  /** The key ring's logs key. */
  readonly logsKey: kms.IKey;
  /**
   * Where Lambda sends an event the function failed on every attempt (CloudFormation invokes it
   * asynchronously): the platform's digest topic, so an operator learns why a tenant's deploy waits.
   */
  readonly deadLetterTopic: sns.ITopic;
  /** @default logs.RetentionDays.ONE_YEAR (retainedLogGroup's default, like the platform's other deploy-time function) */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * ISOLATION (pool): the deploy-time function that makes a pooled tenant's database user and schema
 * exist in this region's shared cluster, called by the `Custom::TenantDatabaseSchema` resource of each
 * pooled tenant's stack of this region (TenantSchema) and by this platform's own
 * `Custom::TenantDatabaseSchemas` listing the pooled tenants it serves from another region
 * (PeerRegionTenantSchemas), and running the SQL of sql.ts as the master user. One per platform
 * region; tenants name the function by its deterministic ARN, no export.
 *
 * What it can reach, and nothing else:
 * - network: its own security group, whose only egress is PostgreSQL to the cluster's group, HTTPS to
 *   the interface endpoints' group (Secrets Manager) and HTTPS to S3's prefix list (the response to
 *   CloudFormation's pre-signed URL, which the S3 gateway endpoint's policy admits only for the
 *   `cloudformation-custom-resource-response-<region>` bucket beside this account's own); the cluster's
 *   group admits it on 5432. No RDS Data API: the cluster keeps no HTTPS SQL endpoint.
 * - IAM: read the master secret (Secrets Manager decrypts it with the data key, `kms:ViaService`),
 *   write its own log group, publish an event it failed on to the digest topic, and manage its own
 *   network interfaces in the VPC.
 * - TLS to the cluster verified against the runtime's RDS certificate authorities.
 *
 * Code: asset/index.js, a bundle of handler.ts, sql.ts and a pinned `pg` committed to the repository
 * (bin/build-tenant-schema-handler.ts says why), so synthesis only hashes it.
 */
export class TenantSchemaProvisioner extends Construct {
  public readonly function: lambda.Function;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  /**
   * What must exist before the function's first call, besides the construct itself: the cluster and
   * its instances, and the VPC endpoints it reaches (Secrets Manager for the secret, S3 for the answer).
   * A custom resource of the same stack depends on these (PeerRegionTenantSchemas); a tenant's stack
   * deploys after its platform's.
   */
  public readonly prerequisites: readonly IConstruct[];
  /** The cluster it serves (its identifier; the function's CLUSTER): the `Cluster` its resources must name. */
  public readonly clusterIdentifier: string;

  constructor(scope: Construct, id: string, props: TenantSchemaProvisionerProps) {
    super(scope, id);
    if (!PREFIX_LIST_ID.test(props.s3PrefixListId)) {
      throw new Error(
        `TenantSchemaProvisioner ${this.node.path}: s3PrefixListId must be the id of the com.amazonaws.<region>.s3 prefix list, got "${props.s3PrefixListId}"`,
      );
    }
    const service = JSON.stringify(Stack.of(this).resolve((props.s3Endpoint.node.defaultChild as ec2.CfnVPCEndpoint).serviceName));
    if (!/\.s3"/.test(service)) {
      throw new Error(`TenantSchemaProvisioner ${this.node.path}: s3Endpoint must be the VPC's S3 gateway endpoint, got one for ${service}`);
    }
    const { database } = props;
    this.clusterIdentifier = database.cluster.clusterIdentifier;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Tenant schema provisioner ${props.functionName}: PostgreSQL to the cluster, HTTPS to the endpoints and S3 only`,
      allowAllOutbound: false,
    });
    // Rules name port 5432 literally (the cluster's port is a token the packs read as "any port").
    this.securityGroup.addEgressRule(database.securityGroup, ec2.Port.tcp(PORT), 'PostgreSQL to the shared cluster');
    this.securityGroup.addEgressRule(props.endpointSecurityGroup, ec2.Port.tcp(443), 'HTTPS to the interface endpoints (Secrets Manager)');
    this.securityGroup.addEgressRule(
      ec2.Peer.prefixList(props.s3PrefixListId),
      ec2.Port.tcp(443),
      "HTTPS to S3 by its prefix list, through the gateway endpoint (CloudFormation's pre-signed response URL)",
    );
    database.securityGroup.addIngressRule(this.securityGroup, ec2.Port.tcp(PORT), 'PostgreSQL from the tenant schema provisioner');
    // The response's way out: no provisioner, no statement; a provisioner always brings it.
    admitCloudFormationResponses(props.s3Endpoint);

    this.logGroup = retainedLogGroup(this, 'Logs', { encryptionKey: props.logsKey, retention: props.logRetention, pinAs: 'Logs' });

    const role = new iam.Role(this, 'Role', {
      // No aws:SourceAccount: Lambda documents none when it assumes an execution role (catalog exception
      // LEAST-PRIV-SERVICE-TRUST-WITHOUT-SOURCE-CONTEXT), and a condition it does not set would fail every invocation.
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Tenant schema provisioner ${props.functionName}: read the master secret, write its logs, attach to the VPC`,
    });
    // One customer-managed policy (the compliance packs reject inline policies); CDK's automatic grants are ignored.
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Permissions of the tenant schema provisioner ${props.functionName}`,
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({ sid: 'DeadLetters', actions: ['sns:Publish'], resources: [props.deadLetterTopic.topicArn] }),
        new iam.PolicyStatement({
          sid: 'ReadMasterSecret',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [database.secret.secretArn],
        }),
        // Lambda creates and removes the function's network interfaces with the execution role. The
        // Describe action has no resource-level permissions (acknowledged below).
        new iam.PolicyStatement({
          sid: 'OwnNetworkInterfaces',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      ],
      roles: [role],
    });
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      "A function in a VPC needs ec2:DescribeNetworkInterfaces, which has no resource-level permissions (AWS requires Resource \"*\"), beside Lambda's other network-interface actions (AWSLambdaVPCAccessExecutionRole's list); the function's data access is the master secret's ARN alone.",
    );
    // No KMS statement: the data key's policy lets this account's principals use it only through its
    // services (Secrets Manager among them, kms:ViaService), so GetSecretValue on the one secret is the gate.

    this.function = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      description: "Creates each pooled tenant's database user and schema in the shared cluster (Custom::TenantDatabaseSchema); never drops",
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, 'asset')),
      role: role.withoutPolicyUpdates(),
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      timeout: FUNCTION_TIMEOUT,
      memorySize: 256,
      reservedConcurrentExecutions: RESERVED_CONCURRENCY,
      deadLetterTopic: props.deadLetterTopic,
      // CloudFormation waits for the response, so a failed event is retried twice (Lambda's default) and then dead-lettered.
      logGroup: this.logGroup,
      environment: {
        SECRET_ARN: database.secret.secretArn,
        DATABASE: DATABASE_SETTINGS.defaultDatabaseName,
        CLUSTER: this.clusterIdentifier,
        NODE_EXTRA_CA_CERTS: RUNTIME_CA_BUNDLE,
      },
    });
    this.function.node.addDependency(policy);
    this.prerequisites = [database, props.s3Endpoint, props.secretsManagerEndpoint];
    // Tenant stacks find it by name; the verifier by type and name: a readable logical id.
    pinLogicalId(this, this.function.node.defaultChild, 'Function');
  }
}
