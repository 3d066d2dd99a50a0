import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { bucketName, keyAliasPrefix } from '../app/naming';
import { RampartConfig } from '../config/schema';
import { LogArchive } from '../constructs/audit/log-archive';
import { SecurityMonitoring } from '../constructs/audit/security-monitoring';
import { AuditTrail } from '../constructs/audit/trail';
import { BackupVault, backupVaultName, FourTierBackupPlan } from '../constructs/backup';
import { HostedService } from '../constructs/compute/hosted-service';
import { ImageRepository } from '../constructs/compute/image-repository';
import { ThreatDetection } from '../constructs/detection/guardduty';
import { PrivateIngress } from '../constructs/edge/private-ingress';
import { DataBucket, MAX_DATA_LOCK_DAYS } from '../constructs/data/data-bucket';
import { KeyRing } from '../constructs/keys/key-ring';
import { PlatformNetwork } from '../constructs/network/platform-network';

/**
 * HIPAA: audit logs (and other documentation) are kept at least six years (45 CFR 164.316(b)(2));
 * 2192 days = 6 x 365 + 2 leap days, locked in COMPLIANCE mode for all of it.
 */
export const ENCLAVE_LOG_LOCK_DAYS = 2192;

/** The AWS APIs the enclave's workloads call, each reached only through a policy-restricted endpoint. */
export const ENCLAVE_INTERFACE_ENDPOINTS = {
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
} as const;

/** Why the PHI bucket has no S3 replication: PHI never leaves the enclave's account and region. */
const PHI_BUCKET_REPLICATION_REASON =
  'PHI never leaves the HIPAA enclave account and region: the bucket is versioned and Object-Locked, and AWS Backup keeps the four backup tiers in the enclave compliance-locked vault instead of replicas elsewhere.';

const NO_DR_COPY_REASON =
  'PHI stays in the HIPAA enclave account and region: every tier is kept in the enclave compliance-locked vault under the enclave backup key, never copied to the platform account or another region.';

/** The accounts allowed to connect over PrivateLink: `hipaa.consumers`, or the platform account when empty. */
function consumerAccounts(config: RampartConfig): readonly string[] {
  return config.hipaa.consumers.length > 0 ? config.hipaa.consumers : [config.accounts.platform];
}

export interface EnclaveStackProps extends StackProps {
  readonly config: RampartConfig;
  /** The enclave's own account (`config.accounts.hipaa`). */
  readonly account: string;
  /** The enclave's region (`config.hipaa.region`). */
  readonly region: string;
}

/**
 * The HIPAA enclave (control HIPAA): separate, hardened infrastructure for PHI in its own account.
 * Composition only: every resource comes from a construct under lib/constructs.
 *
 * - its own keys (PHI data, backups, logs) and its own log archive, Object-Locked for six years;
 * - an isolated VPC (no internet gateway, NAT or public IP) reaching AWS only through VPC endpoints
 *   with endpoint policies;
 * - ingress only through PrivateLink: an internal NLB with a TLS 1.3 listener, exposed as an
 *   endpoint service to the consumer accounts (each connection accepted by hand), see PrivateIngress;
 * - the service on Fargate from the enclave's own ECR repository;
 * - the PHI bucket (PHI key, versioned, Object Lock, TLS only, access-logged), recorded by the
 *   enclave's trail (S3 data events) and backed up by the four tiers into a compliance-locked vault
 *   that never copies out of the enclave;
 * - GuardDuty, Security Hub, AWS Config and high-severity alerts.
 */
export class EnclaveStack extends Stack {
  public readonly keys: KeyRing;
  public readonly logArchive: LogArchive;
  public readonly network: PlatformNetwork;
  public readonly ingress: PrivateIngress;
  public readonly phiBucket: DataBucket;

  constructor(scope: Construct, id: string, props: EnclaveStackProps) {
    super(scope, id, { ...props, env: { account: props.account, region: props.region }, terminationProtection: true });
    const { config, account, region } = props;
    const platform = config.platform;
    const hipaa = config.hipaa;
    const prefix = `${config.organization}-${config.environment}-hipaa`;

    // KEY-SEPARATE, AUDIT: the enclave's own keys and six-year archive.
    this.keys = new KeyRing(this, 'Keys', { aliasPrefix: `${keyAliasPrefix(config)}/hipaa` });
    this.logArchive = new LogArchive(this, 'LogArchive', {
      encryptionKey: this.keys.logs,
      bucketName: bucketName(config, account, region, 'hipaa-logs'),
      accessLogsBucketName: bucketName(config, account, region, 'hipaa-access-logs'),
      lockMode: 'COMPLIANCE',
      lockDays: ENCLAVE_LOG_LOCK_DAYS,
      retentionDays: ENCLAVE_LOG_LOCK_DAYS,
    });

    // NET-ISOLATION, MULTI-AZ, IDS-IPS (detection; nothing leaves the VPC to inspect).
    this.network = new PlatformNetwork(this, 'Network', {
      cidr: hipaa.vpcCidr,
      maxAzs: platform.maxAzs,
      flowLogKey: this.keys.logs,
      isolated: true,
      interfaceEndpoints: ENCLAVE_INTERFACE_ENDPOINTS,
    });
    new ThreatDetection(this, 'ThreatDetection', { runtimeMonitoring: platform.enhancedMonitoring });

    // Ingress only from inside, over PrivateLink; TLS 1.3.
    this.ingress = new PrivateIngress(this, 'Ingress', {
      vpc: this.network.vpc,
      subnets: this.network.privateSubnets,
      vpcCidr: hipaa.vpcCidr,
      domainName: `phi.${platform.domain}`,
      accessLogsBucket: this.logArchive.accessLogsBucket,
      consumerAccounts: consumerAccounts(config),
    });

    // Hosting from the enclave's own registry, VULN-SCAN.
    const images = new ImageRepository(this, 'Images', { encryptionKey: this.keys.data, repositoryName: `${config.organization}-${config.environment}/hipaa-service` });
    new HostedService(this, 'Service', {
      vpc: this.network.vpc,
      subnets: this.network.privateSubnets,
      listener: this.ingress.listener,
      logsKey: this.keys.logs,
      imageRepository: { repository: images.repository, tag: hipaa.imageTag },
      isolatedEgress: { vpcCidr: hipaa.vpcCidr },
      port: platform.container.port,
      cpu: platform.container.cpu,
      memoryMiB: platform.container.memoryMiB,
      desiredCount: platform.container.desiredCount,
      enhancedMonitoring: platform.enhancedMonitoring,
    });

    // PHI at rest, AUDIT (data events), BACKUP-TIERS without leaving the enclave.
    this.phiBucket = new DataBucket(this, 'Phi', {
      bucketName: bucketName(config, account, region, 'phi'),
      encryptionKey: this.keys.data,
      accessLogsBucket: this.logArchive.accessLogsBucket,
      objectLockDays: MAX_DATA_LOCK_DAYS,
      withoutReplicationReason: PHI_BUCKET_REPLICATION_REASON,
    });
    new AuditTrail(this, 'Trail', {
      trailName: `${prefix}-trail`,
      archiveBucket: this.logArchive.bucket,
      encryptionKey: this.keys.logs,
      // Every PHI bucket of the enclave account, the HIPAA tenants' included, present and future;
      // only the log destinations are left out.
      dataEventsOnEveryBucketExcept: [this.logArchive.bucket, this.logArchive.accessLogsBucket],
    });
    const vault = new BackupVault(this, 'BackupVault', { backupVaultName: backupVaultName(prefix), encryptionKey: this.keys.backup, dataKeys: [this.keys.data] });
    new FourTierBackupPlan(this, 'BackupPlan', {
      backupPlanName: `${prefix}-${region}-four-tiers`,
      vault: vault.vault,
      withoutDrCopy: { reason: NO_DR_COPY_REASON },
      resourceArns: [this.phiBucket.bucket.bucketArn],
    });

    // DETECT: the enclave account's only region records global resources too.
    new SecurityMonitoring(this, 'SecurityMonitoring', {
      alertEmail: platform.alertEmail,
      alertsKeyAlias: `alias/${keyAliasPrefix(config)}/hipaa/alerts`,
      archiveBucket: this.logArchive.bucket,
      archiveKey: this.keys.logs,
      recordGlobalResources: true,
    });
  }
}
