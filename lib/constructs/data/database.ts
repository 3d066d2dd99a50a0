import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeCfnLint, acknowledgeInPacks, PACKS } from '../../nag/acknowledge';
import { pinLogicalId } from '../pin-logical-id';
import { AURORA_DATA_KEY_COPY_DAYS } from '../../promises/catalog/encryption';
import { PUBLISHED_POLICY } from '../../promises/policy-numbers';
import { retainedLogGroup } from '../logging/retained-log-group';

/** How every Rampart database is set up. */
export const DATABASE_SETTINGS = {
  port: 5432,
  /**
   * Native automated backups (point-in-time recovery), in days. They stay under the data key: the
   * longest the catalog exception KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES allows. AWS Backup keeps
   * the tiers, as copies under the backup key.
   */
  backupRetentionDays: AURORA_DATA_KEY_COPY_DAYS.automatedBackupDays,
  /** AUDIT: the exported postgresql log is kept as long as the audit archive (policy.auditLogs.retentionDays). */
  logRetentionDays: PUBLISHED_POLICY.auditLogs.retentionDays,
  /** Days between automatic rotations of the master password. */
  rotationDays: 30, // the master password, not a policy number
  /** Enhanced Monitoring interval. */
  monitoringIntervalSeconds: 60,
  masterUsername: 'rampart_admin',
  defaultDatabaseName: 'postgres',
  engineVersion: rds.AuroraPostgresEngineVersion.VER_16_6,
} as const;

/** Aurora Serverless v2 capacity bounds, in ACUs. */
const ACU = { min: 0.5, max: 256 } as const;

/** What Aurora accepts as a cluster identifier, as the errors say it. */
export const CLUSTER_IDENTIFIER_RULE = '1..63 lowercase letters, digits and single hyphens, starting with a letter';

/** Whether Aurora accepts `id` as a cluster identifier (CLUSTER_IDENTIFIER_RULE). */
export function isClusterIdentifier(id: string): boolean {
  return /^[a-z][a-z0-9-]{0,62}$/.test(id) && !id.endsWith('-') && !id.includes('--');
}

export interface DatabaseProps {
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the cluster, its reader and the rotation function; they must span at least two AZs.
   * @default { subnetType: PRIVATE_ISOLATED }
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The data key: encrypts storage, snapshots, Performance Insights and the credentials secret. */
  readonly encryptionKey: kms.IKey;
  /** The logs key: encrypts the cluster's CloudWatch log group. */
  readonly logsKey: kms.IKey;
  /** Deterministic cluster identifier (lowercase); also names the log group `/aws/rds/cluster/<id>/postgresql`. */
  readonly clusterIdentifier: string;
  /** The only peer that may connect (on 5432), e.g. the application's security group. */
  readonly allowFrom: ec2.IConnectable;
  /** Serverless v2 minimum ACUs (0.5..256). */
  readonly minCapacity: number;
  /** Serverless v2 maximum ACUs (minCapacity..256). */
  readonly maxCapacity: number;
}

/**
 * Aurora PostgreSQL (Serverless v2 writer plus a reader in another AZ) that a caller cannot make
 * public, unencrypted, unlogged or deletable: isolated subnets, reachable on 5432 from one peer only,
 * data-key encryption of storage, Performance Insights and credentials, SSL forced, IAM
 * authentication, deletion protection, 7 days of native backups, postgresql logs exported to a
 * KMS-encrypted retained log group, the master password rotated, retained under pinned logical ids.
 */
export class Database extends Construct {
  public readonly cluster: rds.DatabaseCluster;
  /** For AWS Backup selections (`FourTierBackupPlan.resourceArns`). */
  public readonly clusterArn: string;
  public readonly secret: secretsmanager.ISecret;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  /** Security group of the rotation function; it reaches the cluster on 5432 and HTTPS inside the VPC. */
  public readonly rotationSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const where = `Database ${this.node.path}`;
    if (!isClusterIdentifier(props.clusterIdentifier)) {
      throw new Error(`${where}: clusterIdentifier must be ${CLUSTER_IDENTIFIER_RULE}, got "${props.clusterIdentifier}"`);
    }
    if (!(props.minCapacity >= ACU.min && props.minCapacity <= ACU.max && (props.minCapacity * 2) % 1 === 0)) {
      throw new Error(`${where}: minCapacity must be ${ACU.min}..${ACU.max} ACUs in steps of 0.5, got ${props.minCapacity}`);
    }
    if (!(props.maxCapacity >= Math.max(props.minCapacity, 1) && props.maxCapacity <= ACU.max && (props.maxCapacity * 2) % 1 === 0)) {
      throw new Error(`${where}: maxCapacity must be max(1, minCapacity)..${ACU.max} ACUs in steps of 0.5, got ${props.maxCapacity}`);
    }
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const azs = props.vpc.selectSubnets(vpcSubnets).availabilityZones;
    if (new Set(azs).size < 2) {
      throw new Error(`${where}: vpcSubnets must span at least two availability zones (MULTI-AZ), got ${JSON.stringify(azs)}`);
    }

    this.logGroup = retainedLogGroup(this, 'PostgresqlLog', {
      logGroupName: `/aws/rds/cluster/${props.clusterIdentifier}/postgresql`,
      encryptionKey: props.logsKey,
      retention: DATABASE_SETTINGS.logRetentionDays,
      pinAs: 'PostgresqlLog',
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Aurora ${props.clusterIdentifier}: PostgreSQL from the application only`,
      allowAllOutbound: false,
    });

    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: DATABASE_SETTINGS.engineVersion });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: `Aurora ${props.clusterIdentifier}: SSL required, connections logged`,
      parameters: { 'rds.force_ssl': '1', log_connections: '1', log_disconnections: '1' },
    });
    const instance = {
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.encryptionKey,
      publiclyAccessible: false,
    };

    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: props.clusterIdentifier,
      defaultDatabaseName: DATABASE_SETTINGS.defaultDatabaseName,
      writer: rds.ClusterInstance.serverlessV2('Writer', { ...instance, availabilityZone: azs[0] }),
      readers: [rds.ClusterInstance.serverlessV2('Reader', { ...instance, availabilityZone: azs[1], scaleWithWriter: true })],
      serverlessV2MinCapacity: props.minCapacity,
      serverlessV2MaxCapacity: props.maxCapacity,
      vpc: props.vpc,
      vpcSubnets,
      securityGroups: [this.securityGroup],
      port: DATABASE_SETTINGS.port,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_SETTINGS.masterUsername, { encryptionKey: props.encryptionKey }),
      storageEncrypted: true,
      storageEncryptionKey: props.encryptionKey,
      iamAuthentication: true,
      deletionProtection: true,
      backup: { retention: Duration.days(DATABASE_SETTINGS.backupRetentionDays), preferredWindow: '03:00-04:00' },
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      cloudwatchLogsExports: ['postgresql'],
      parameterGroup,
      copyTagsToSnapshot: true,
      monitoringInterval: Duration.seconds(DATABASE_SETTINGS.monitoringIntervalSeconds),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.encryptionKey,
      autoMinorVersionUpgrade: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // MULTI-AZ, AZ-REAL: writer and reader sit in two named zones of the VPC's pinned zones.
    acknowledgeCfnLint(
      this.cluster,
      'W3010',
      'AZ-REAL, MULTI-AZ: the writer and the reader are placed in the first two of the zones the stack pins (its plan), by name, so the template shows they sit in different zones; a lookup would hide which.',
    );
    this.cluster.node.addDependency(this.logGroup);
    pinLogicalId(this, this.cluster.node.defaultChild, 'Cluster');
    // LEAST-PRIV: RDS assumes the Enhanced Monitoring role only for this account's instances
    // (confused-deputy prevention; CDK creates the role, so its one trust statement gains the condition).
    const monitoringRole = this.cluster.node.findChild('MonitoringRole');
    (monitoringRole.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition', {
      StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
    });
    acknowledge(
      monitoringRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      'RDS documents this AWS managed policy as the Enhanced Monitoring role; it only writes OS metrics to the RDSOSMetrics log group and the role is assumable by monitoring.rds.amazonaws.com only.',
    );
    for (const instance of ['Writer', 'Reader']) {
      acknowledgeInPacks(
        this.cluster.node.findChild(instance),
        'RDSInBackupPlan',
        [PACKS.HIPAA, PACKS.NIST],
        "AWS Backup protects Aurora at cluster level, not per instance: the cluster ARN (Database.clusterArn) is what the four-tier backup plan selects, and it covers this instance's storage.",
      );
    }
    this.cluster.connections.allowFrom(props.allowFrom, ec2.Port.tcp(DATABASE_SETTINGS.port), 'PostgreSQL from the application');

    const secret = this.cluster.node.findChild('Secret') as secretsmanager.Secret;
    secret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    pinLogicalId(this, secret.node.defaultChild, 'Secret');
    this.secret = this.cluster.secret!;

    // Single-user rotation by the Secrets Manager-hosted function (the AWS::SecretsManager
    // transform creates it in this account and region at deploy time), in the same private subnets.
    // Hosted rather than the Serverless Application Repository app: that app is addressed by an ARN
    // in us-east-1, which an EU template must never name (RESIDENCY-EU). The security groups are
    // wired by hand so the rules name port 5432 literally (the cluster's default port is a token,
    // which the packs read as "any port") and the function has no open egress: PostgreSQL to the
    // cluster, HTTPS inside the VPC (the Secrets Manager interface endpoint) and nothing else.
    this.rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: `Aurora ${props.clusterIdentifier}: password rotation function`,
      allowAllOutbound: false,
    });
    this.rotationSecurityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'Secrets Manager interface endpoint');
    this.rotationSecurityGroup.addEgressRule(this.securityGroup, ec2.Port.tcp(DATABASE_SETTINGS.port), 'PostgreSQL to the cluster');
    this.securityGroup.addIngressRule(this.rotationSecurityGroup, ec2.Port.tcp(DATABASE_SETTINGS.port), 'PostgreSQL from the rotation function');
    this.secret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        vpc: props.vpc,
        vpcSubnets,
        securityGroups: [this.rotationSecurityGroup],
      }),
      automaticallyAfter: Duration.days(DATABASE_SETTINGS.rotationDays),
    });
    this.clusterArn = this.cluster.clusterArn;
  }
}
