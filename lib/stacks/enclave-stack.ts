import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { LogArchive } from '../constructs/audit/log-archive';
import { SecurityMonitoring } from '../constructs/audit/security-monitoring';
import { AuditTrail } from '../constructs/audit/trail';
import { BackupVault, FourTierBackupPlan, vaultLockFor } from '../constructs/backup';
import { HostedService } from '../constructs/compute/hosted-service';
import { ImageRepository } from '../constructs/compute/image-repository';
import { ThreatDetection } from '../constructs/detection/guardduty';
import { PrivateIngress } from '../constructs/edge/private-ingress';
import { DataBucket } from '../constructs/data/data-bucket';
import { RecordKeyStore } from '../constructs/data/record-key-store';
import { KeyRing } from '../constructs/keys/key-ring';
import { RampartVpc } from '../constructs/network/rampart-vpc';
import { breakGlassRoleName } from '../plan/naming';
import type { EnclaveStackPlan } from '../plan/types';
import { RECORD_KEY_STORE_RECOVERY_DAYS } from '../promises/catalog/data-lifecycle';
import { PlannedStack } from './planned-stack';
import { addAccountWatch } from '../constructs/detection/account-watch';

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

/**
 * The HIPAA enclave (control HIPAA): separate, hardened infrastructure for PHI in its own account.
 * Composition only: every resource comes from a construct under lib/constructs.
 *
 * - its own keys (PHI data, backups, logs) and its own log archive, Object-Locked for six years;
 * - an isolated VPC (no internet gateway, NAT or public IP) reaching AWS only through VPC endpoints
 *   with endpoint policies;
 * - ingress only through PrivateLink: an internal NLB with a TLS 1.3 listener, exposed as an
 *   endpoint service to the consumer accounts (each connection accepted by hand), see PrivateIngress;
 * - the service on Fargate from the enclave's own ECR repository, as a non-root user, behind a TLS
 *   target group (the container serves TLS on its port, so PHI is encrypted on the NLB -> task hop);
 * - the PHI bucket (PHI key, versioned, Object Lock, TLS only, access-logged), recorded by the
 *   enclave's trail (S3 data events) and backed up by the four tiers into a compliance-locked vault
 *   that never copies out of the enclave;
 * - GuardDuty, Security Hub, AWS Config and high-severity alerts.
 */
export class EnclaveStack extends PlannedStack {
  public readonly keys: KeyRing;
  public readonly logArchive: LogArchive;
  public readonly network: RampartVpc;
  public readonly ingress: PrivateIngress;
  public readonly phiBucket: DataBucket;

  constructor(scope: Construct, plan: EnclaveStackPlan) {
    super(scope, plan);
    const { names, container } = plan;

    // KEY-SEPARATE, AUDIT: the enclave's own keys and six-year archive.
    const { policy } = plan;
    this.keys = new KeyRing(this, 'Keys', { aliasPrefix: names.keyAliasPrefix, rotationPeriodDays: policy.keyRotation.awsMaxDays });
    this.logArchive = new LogArchive(this, 'LogArchive', {
      encryptionKey: this.keys.logs,
      bucketName: names.logsBucket,
      accessLogsBucketName: names.accessLogsBucket,
      lockMode: 'COMPLIANCE',
      // HIPAA: audit logs are kept six years (45 CFR 164.316(b)(2)), locked in COMPLIANCE mode for all of it.
      lockDays: policy.auditLogs.hipaaRetentionDays,
      retentionDays: policy.auditLogs.hipaaRetentionDays,
      // Access to PHI is a HIPAA audit record: its access logs are kept with the audit logs
      // (catalog exception ERASURE-PHI-ACCESS-LOGS).
      accessLogsRetentionDays: policy.auditLogs.hipaaRetentionDays,
    });

    // NET-ISOLATION, MULTI-AZ, IDS-IPS (detection; nothing leaves the VPC to inspect).
    this.network = new RampartVpc(this, 'Network', {
      cidr: plan.vpcCidr,
      maxAzs: plan.maxAzs,
      flowLogKey: this.keys.logs,
      isolated: true,
      interfaceEndpoints: ENCLAVE_INTERFACE_ENDPOINTS,
    });
    new ThreatDetection(this, 'ThreatDetection', { runtimeMonitoring: plan.enhancedMonitoring });

    // Ingress only from inside, over PrivateLink; TLS 1.3.
    this.ingress = new PrivateIngress(this, 'Ingress', {
      vpc: this.network.vpc,
      subnets: this.network.privateSubnets,
      vpcCidr: plan.vpcCidr,
      domainName: plan.domainName,
      tlsMinimum: plan.policy.tls.minimum,
      accessLogsBucket: this.logArchive.accessLogsBucket,
      consumerAccounts: plan.consumerAccounts,
    });

    // Hosting from the enclave's own registry, VULN-SCAN; TLS-HOPS: NLB -> task over TLS.
    const images = new ImageRepository(this, 'Images', { encryptionKey: this.keys.data, repositoryName: names.imageRepository });
    const service = new HostedService(this, 'Service', {
      vpc: this.network.vpc,
      subnets: this.network.privateSubnets,
      listener: this.ingress.listener,
      logsKey: this.keys.logs,
      imageRepository: { repository: images.repository, tag: plan.imageTag },
      isolatedEgress: { vpcCidr: plan.vpcCidr, s3PrefixListId: plan.s3PrefixList },
      port: container.port,
      cpu: container.cpu,
      memoryMiB: container.memoryMiB,
      desiredCount: container.desiredCount,
      enhancedMonitoring: plan.enhancedMonitoring,
      taskRoleName: names.serviceTaskRole,
    });

    // PHI at rest, AUDIT (data events), BACKUP-TIERS without leaving the enclave.
    this.phiBucket = new DataBucket(this, 'Phi', {
      bucketName: names.phiBucket,
      encryptionKey: this.keys.data,
      accessLogsBucket: this.logArchive.accessLogsBucket,
      erasureDeadlineDays: policy.erasure.deadlineDays,
      objectLockDays: policy.erasure.deadlineDays,
      withoutReplication: { reason: PHI_BUCKET_REPLICATION_REASON },
    });
    // ERASURE of single records: the PHI bucket's tiers hold ciphertext whose per-record keys live
    // only in this store (point-in-time recovery within the deadline, in no backup plan).
    const recordKeys = new RecordKeyStore(this, 'RecordKeys', {
      tableName: names.recordKeyTable,
      encryptionKey: this.keys.data,
      recoveryDays: Math.min(RECORD_KEY_STORE_RECOVERY_DAYS, policy.erasure.deadlineDays),
      erasureDeadlineDays: policy.erasure.deadlineDays,
    });
    recordKeys.grantRecordKeys(this, 'ServiceRecordKeyAccess', service.taskDefinition.taskRole);
    const trail = new AuditTrail(this, 'Trail', {
      trailName: names.trail,
      archiveBucket: this.logArchive.bucket,
      encryptionKey: this.keys.logs,
      // Every PHI bucket of the enclave account, the HIPAA tenants' included, present and future;
      // only the log destinations are left out.
      dataEventsOnEveryBucketExcept: [this.logArchive.bucket, this.logArchive.accessLogsBucket],
    });
    const vault = new BackupVault(this, 'BackupVault', {
      ...vaultLockFor(policy.backupTiers),
      backupVaultName: names.vault,
      encryptionKey: this.keys.backup,
      dataKeys: [this.keys.data],
    });
    new FourTierBackupPlan(this, 'BackupPlan', {
      backupPlanName: names.backupPlan,
      vault: vault.vault,
      tiers: policy.backupTiers,
      withoutDrCopy: { reason: NO_DR_COPY_REASON },
      resourceArns: [this.phiBucket.bucket.bucketArn],
    });

    // DETECT: the enclave account's only region records global resources too.
    const monitoring = new SecurityMonitoring(this, 'SecurityMonitoring', {
      alertEmail: plan.alertEmail,
      pagingEndpoint: plan.pagingEndpoint,
      digestEmail: plan.digestEmail,
      alertsKeyAlias: names.alertsKeyAlias,
      rotationPeriodDays: plan.policy.keyRotation.awsMaxDays,
      archiveBucket: this.logArchive.bucket,
      archiveKey: this.keys.logs,
      recordGlobalResources: true,
    });
    // The enclave account's only region holds its trail: every part of the account watch is here.
    addAccountWatch(this, {
      monitoring,
      trailLogGroup: trail.logGroup,
      unusedAccess: true,
      vulnerabilityAlertSeverity: plan.vulnerabilityAlertSeverity,
      breakGlassRoleName: breakGlassRoleName(plan),
      breakGlassPrincipals: plan.breakGlassPrincipals,
    });
  }
}
