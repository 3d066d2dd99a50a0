import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AuditTrail } from '../constructs/audit/trail';
import { LogArchive } from '../constructs/audit/log-archive';
import { SecurityMonitoring } from '../constructs/audit/security-monitoring';
import { BackupVault, FourTierBackupPlan, stagingVaultLock, vaultLockFor } from '../constructs/backup';
import { HostedService } from '../constructs/compute/hosted-service';
import { ImageRepository } from '../constructs/compute/image-repository';
import { DataBucket } from '../constructs/data/data-bucket';
import { Database } from '../constructs/data/database';
import { RecordKeyStore } from '../constructs/data/record-key-store';
import { TenantDatabaseUsers } from '../constructs/data/tenant-database-users';
import { PeerRegionTenantSchemas } from '../constructs/data/tenant-schema/peer-region-schemas';
import { TenantSchemaProvisioner } from '../constructs/data/tenant-schema/provisioner';
import { TENANT_SESSION_TAG } from '../constructs/tenant/pooled-access';
import { ThreatDetection } from '../constructs/detection/guardduty';
import { PublicIngress } from '../constructs/edge/public-ingress';
import { SHIELD_OFF_REASON, shieldEndpointOfLoadBalancer, ShieldProtection } from '../constructs/edge/shield';
import { WebAcl } from '../constructs/edge/web-acl';
import { backupServiceLinkedRoleArn, KeyRing } from '../constructs/keys/key-ring';
import { NetworkFirewall } from '../constructs/network/network-firewall';
import { RampartVpc } from '../constructs/network/rampart-vpc';
import { breakGlassRoleName, iamRoleArn } from '../plan/naming';
import type { PlatformStackPlan } from '../plan/types';
import { RECORD_KEY_STORE_RECOVERY_DAYS } from '../promises/catalog/data-lifecycle';
import { AURORA_DATA_KEY_COPY_DAYS } from '../promises/catalog/encryption';
import { PlannedStack } from './planned-stack';
import { addAccountWatch } from '../constructs/detection/account-watch';

const IN_REGION_DATA_REPLICATION_REASON =
  "Not replicated by S3: AWS Backup keeps the four tiers of this versioned bucket in this region's compliance-locked vault under the backup key; residency keeps every copy in this region.";

/** `logs` or `access-logs`: the construct id of a peer log bucket reference (kept from before plans, so ids stay stable). */
function peerLogPurpose(bucket: string): string {
  return bucket.endsWith('-access-logs') ? 'access-logs' : 'logs';
}

/**
 * The regional hosting platform of one account and region. Composition only: every resource comes
 * from a construct under lib/constructs, wired here by reference or deterministic name.
 */
export class PlatformStack extends PlannedStack {
  public readonly keys: KeyRing;
  public readonly logArchive: LogArchive;

  constructor(scope: Construct, plan: PlatformStackPlan) {
    super(scope, plan);
    const { names, platform } = plan;
    const peerRegion = 'peerRegion' in plan.backupCopies ? plan.backupCopies.peerRegion : undefined;

    const { policy } = plan;
    // KEY-SEPARATE: RDS may use the backup key only for the roles AWS Backup copies the database
    // with (this region's and the peer's, whose DR copies land here), to write Aurora snapshot copies.
    const copyRoles = [names.backupRole, ...(names.peerBackupRole === undefined ? [] : [names.peerBackupRole])];
    this.keys = new KeyRing(this, 'Keys', {
      aliasPrefix: names.keyAliasPrefix,
      rotationPeriodDays: policy.keyRotation.awsMaxDays,
      backupKeyRdsCopyRoles: [
        ...copyRoles.map((role) => iamRoleArn(plan.account, role, this.partition)),
        backupServiceLinkedRoleArn(plan.account, this.partition),
      ],
    });
    this.logArchive = new LogArchive(this, 'LogArchive', {
      encryptionKey: this.keys.logs,
      bucketName: names.logsBucket,
      accessLogsBucketName: names.accessLogsBucket,
      lockDays: policy.auditLogs.retentionDays,
      // ERASURE: access logs name the customers' users (IPs, URLs, object keys); gone within the deadline.
      accessLogsRetentionDays: policy.erasure.deadlineDays,
    });

    // NET-ISOLATION, MULTI-AZ, IDS-IPS
    const network = new RampartVpc(this, 'Network', {
      cidr: plan.vpcCidr,
      maxAzs: plan.maxAzs,
      flowLogKey: this.keys.logs,
    });
    new NetworkFirewall(this, 'Egress', { network, egressAllowlist: platform.egressAllowlist, logKey: this.keys.logs });
    new ThreatDetection(this, 'ThreatDetection', { runtimeMonitoring: plan.enhancedMonitoring });

    // TLS, WAF, DDOS
    const ingress = new PublicIngress(this, 'Ingress', {
      vpc: network.vpc,
      subnets: network.publicSubnets,
      domainName: plan.domainName,
      tlsMinimum: plan.policy.tls.minimum,
      accessLogsBucket: this.logArchive.accessLogsBucket,
    });
    new WebAcl(this, 'WebAcl', {
      name: names.webAcl,
      rateLimitPer5Minutes: platform.waf.rateLimitPer5Minutes,
      blockedCidrs: platform.waf.blockedCidrs,
      blockedCountries: platform.waf.blockedCountries,
      logsKey: this.keys.logs,
      associatedResourceArns: [ingress.loadBalancer.loadBalancerArn],
    });
    new ShieldProtection(this, 'Shield', {
      endpoints: [shieldEndpointOfLoadBalancer('alb', ingress.loadBalancer, plan.domainName)],
      protectionGroupId: names.protectionGroup,
      withoutShieldAdvanced: plan.shieldAdvanced ? undefined : { reason: SHIELD_OFF_REASON },
    });

    // Hosting, VULN-SCAN, IMAGE-PROVENANCE, TLS-HOPS: the service runs only the image its own
    // scan-on-push repository holds, at the configured (immutable) tag, and serves TLS to the ALB.
    const images = new ImageRepository(this, 'Images', { encryptionKey: this.keys.data, repositoryName: names.imageRepository });
    const service = new HostedService(this, 'Service', {
      vpc: network.vpc,
      subnets: network.privateSubnets,
      listener: ingress.httpsListener,
      logsKey: this.keys.logs,
      imageRepository: { repository: images.repository, tag: platform.container.imageTag },
      port: platform.container.port,
      cpu: platform.container.cpu,
      memoryMiB: platform.container.memoryMiB,
      desiredCount: platform.container.desiredCount,
      enhancedMonitoring: plan.enhancedMonitoring,
      taskRoleName: names.serviceTaskRole,
    });

    // Data, ENC-REST
    const database = new Database(this, 'Database', {
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      encryptionKey: this.keys.data,
      logsKey: this.keys.logs,
      clusterIdentifier: names.databaseCluster,
      allowFrom: service.service,
      minCapacity: platform.data.minCapacity,
      maxCapacity: platform.data.maxCapacity,
    });
    // ISOLATION: pooled tenants' access roles connect to it only as their own tenant's user.
    new TenantDatabaseUsers(this, 'TenantDatabaseUsers', {
      cluster: database.cluster,
      managedPolicyName: names.tenantDatabaseUsersPolicy,
      sessionTag: TENANT_SESSION_TAG,
    });
    const dataBucket = new DataBucket(this, 'Data', {
      bucketName: names.dataBucket,
      erasureDeadlineDays: policy.erasure.deadlineDays,
      encryptionKey: this.keys.data,
      accessLogsBucket: this.logArchive.accessLogsBucket,
      expireAfterDays: platform.data.expireAfterDays,
      // The default reason names the DR copy; without one, say where the backups are instead.
      withoutReplication: peerRegion === undefined ? { reason: IN_REGION_DATA_REPLICATION_REASON } : undefined,
    });

    // ERASURE of single records: each record's own data key lives only in this store, whose copies
    // never outlive the deadline; the tiers below then hold ciphertext whose keys erasure deletes.
    const recordKeys = new RecordKeyStore(this, 'RecordKeys', {
      tableName: names.recordKeyTable,
      encryptionKey: this.keys.data,
      recoveryDays: Math.min(RECORD_KEY_STORE_RECOVERY_DAYS, policy.erasure.deadlineDays),
      erasureDeadlineDays: policy.erasure.deadlineDays,
    });
    recordKeys.grantRecordKeys(this, 'ServiceRecordKeyAccess', service.taskDefinition.taskRole);

    // BACKUP-TIERS, KEY-SEPARATE: the vault has the same name in every region, so each US region
    // copies into the other's vault by ARN; the EU platform keeps every copy in its own region.
    const vault = new BackupVault(this, 'BackupVault', {
      ...vaultLockFor(policy.backupTiers),
      backupVaultName: names.vault,
      encryptionKey: this.keys.backup,
      dataKeys: [this.keys.data],
    });
    const drCopy = 'peerRegion' in plan.backupCopies ? { drVaultArn: plan.backupCopies.drVaultArn } : { withoutDrCopy: plan.backupCopies.none };
    // The data bucket: AWS Backup encrypts S3 recovery points with the vault's key (the backup key).
    const bucketBackups = new FourTierBackupPlan(this, 'BackupPlan', {
      backupPlanName: names.backupPlan,
      selectionName: `${names.backupPlan}-data-bucket`,
      roleName: names.backupRole,
      vault: vault.vault,
      tiers: policy.backupTiers,
      ...drCopy,
      resourceArns: [dataBucket.bucket.bucketArn],
    });
    // The database: an Aurora recovery point keeps the cluster's key (the data key), so each tier's
    // lives a day in the staging vault and the tier is kept as copies in the vaults under backup keys.
    const staging = new BackupVault(this, 'DatabaseStagingVault', {
      ...stagingVaultLock(AURORA_DATA_KEY_COPY_DAYS.stagingDays),
      backupVaultName: names.stagingVault,
      encryptionKey: this.keys.backup,
      dataKeys: [this.keys.data],
    });
    new FourTierBackupPlan(this, 'DatabaseBackupPlan', {
      backupPlanName: names.databaseBackupPlan,
      vault: vault.vault,
      staging: { vault: staging.vault, days: AURORA_DATA_KEY_COPY_DAYS.stagingDays },
      role: bucketBackups.role,
      tiers: policy.backupTiers,
      ...drCopy,
      resourceArns: [database.clusterArn],
    });

    // AUDIT, DETECT: one multi-region trail per account (in its primary region, delivering to that
    // region's archive) records S3 data events on every bucket of the account: the data buckets of
    // each region and every tenant bucket placed in this account, present and future, without the
    // platform stack changing when a tenant is added. Only the log buckets are left out (their
    // writes are log deliveries), in this region and, by deterministic name, in the peer region.
    let trail: AuditTrail | undefined;
    if (plan.primary) {
      const peerLogBuckets = names.peerLogBuckets.map((name) => s3.Bucket.fromBucketName(this, `PeerLogBucket-${peerLogPurpose(name)}`, name));
      trail = new AuditTrail(this, 'Trail', {
        trailName: names.trail,
        archiveBucket: this.logArchive.bucket,
        encryptionKey: this.keys.logs,
        dataEventsOnEveryBucketExcept: [this.logArchive.bucket, this.logArchive.accessLogsBucket, ...peerLogBuckets],
      });
    }
    const monitoring = new SecurityMonitoring(this, 'SecurityMonitoring', {
      alertEmail: plan.alertEmail,
      pagingEndpoint: plan.pagingEndpoint,
      digestEmail: plan.digestEmail,
      alertsKeyAlias: names.alertsKeyAlias,
      rotationPeriodDays: plan.policy.keyRotation.awsMaxDays,
      archiveBucket: this.logArchive.bucket,
      archiveKey: this.keys.logs,
      recordGlobalResources: plan.primary,
    });
    // ISOLATION: each pooled tenant's user and schema in the shared database, created when the tenant's stack deploys.
    const tenantSchemas = new TenantSchemaProvisioner(this, 'TenantSchemas', {
      vpc: network.vpc,
      subnets: network.privateSubnets,
      database,
      endpointSecurityGroup: network.endpointSecurityGroup!,
      secretsManagerEndpoint: network.endpoints.SecretsManager,
      s3Endpoint: network.s3Endpoint,
      s3PrefixListId: plan.s3PrefixList,
      functionName: names.tenantSchemaProvisioner,
      logsKey: this.keys.logs,
      deadLetterTopic: monitoring.digestTopic,
    });
    // ISOLATION: and those of the pooled tenants this cluster serves whose stacks live in another region (DR).
    if (plan.peerRegionTenants.length > 0) {
      new PeerRegionTenantSchemas(this, 'PeerRegionTenantSchemas', {
        provisioner: tenantSchemas,
        tenantIds: plan.peerRegionTenants,
      });
    }
    addAccountWatch(this, {
      monitoring,
      trailLogGroup: trail?.logGroup,
      unusedAccess: plan.primary,
      vulnerabilityAlertSeverity: plan.vulnerabilityAlertSeverity,
      breakGlassRoleName: breakGlassRoleName(plan),
      breakGlassPrincipals: plan.breakGlassPrincipals,
    });
  }
}
