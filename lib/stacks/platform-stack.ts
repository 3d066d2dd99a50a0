import { Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bucketName, keyAliasPrefix } from '../app/naming';
import { RampartConfig } from '../config/schema';
import { AuditTrail } from '../constructs/audit/trail';
import { LogArchive } from '../constructs/audit/log-archive';
import { SecurityMonitoring } from '../constructs/audit/security-monitoring';
import { backupVaultArn, backupVaultName, BackupVault, FourTierBackupPlan } from '../constructs/backup';
import { HostedService } from '../constructs/compute/hosted-service';
import { ImageRepository } from '../constructs/compute/image-repository';
import { DataBucket } from '../constructs/data/data-bucket';
import { Database } from '../constructs/data/database';
import { ThreatDetection } from '../constructs/detection/guardduty';
import { PublicIngress } from '../constructs/edge/public-ingress';
import { shieldEndpointOfLoadBalancer, ShieldProtection } from '../constructs/edge/shield';
import { WebAcl } from '../constructs/edge/web-acl';
import { KeyRing } from '../constructs/keys/key-ring';
import { NetworkFirewall } from '../constructs/network/network-firewall';
import { PlatformNetwork } from '../constructs/network/platform-network';

const IN_REGION_DATA_REPLICATION_REASON =
  'Not replicated by S3: AWS Backup keeps the four tiers of this versioned bucket in this region\'s compliance-locked vault under the backup key; residency keeps every copy in this region.';

export interface PlatformStackProps extends StackProps {
  readonly config: RampartConfig;
  readonly account: string;
  readonly region: string;
  /**
   * Where this region's backups are copied. `{ peerRegion }`: into the other platform region's
   * vault (found by deterministic name, never by a cross-region export), and the primary region's
   * trail also records the peer's data bucket. `{ none: { reason } }`: no copy leaves the region
   * (the EU platform: RESIDENCY-EU forbids any copy outside residency.eu.region).
   */
  readonly backupCopies: { readonly peerRegion: string } | { readonly none: { readonly reason: string } };
  /** The primary region of the account hosts the trail and records global resources in AWS Config. */
  readonly primary: boolean;
  /** IPv4 CIDR of the platform VPC. */
  readonly vpcCidr: string;
  /** Public hostname of the region's ingress (the ACM certificate is issued for it). */
  readonly domainName: string;
}

/**
 * The regional hosting platform of one account and region. Composition only: every resource comes
 * from a construct under lib/constructs, wired here by reference or deterministic name.
 */
export class PlatformStack extends Stack {
  public readonly keys: KeyRing;
  public readonly logArchive: LogArchive;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, { ...props, env: { account: props.account, region: props.region }, terminationProtection: true });
    const { config, account, region } = props;
    const peerRegion = 'peerRegion' in props.backupCopies ? props.backupCopies.peerRegion : undefined;
    const platform = config.platform;
    const prefix = `${config.organization}-${config.environment}`;

    this.keys = new KeyRing(this, 'Keys', { aliasPrefix: keyAliasPrefix(config) });
    this.logArchive = new LogArchive(this, 'LogArchive', {
      encryptionKey: this.keys.logs,
      bucketName: bucketName(config, account, region, 'logs'),
      accessLogsBucketName: bucketName(config, account, region, 'access-logs'),
    });

    // NET-ISOLATION, MULTI-AZ, IDS-IPS
    const network = new PlatformNetwork(this, 'Network', { cidr: props.vpcCidr, maxAzs: platform.maxAzs, flowLogKey: this.keys.logs });
    new NetworkFirewall(this, 'Egress', { network, egressAllowlist: platform.egressAllowlist, logKey: this.keys.logs });
    new ThreatDetection(this, 'ThreatDetection', { runtimeMonitoring: platform.enhancedMonitoring });

    // TLS, WAF, DDOS
    const ingress = new PublicIngress(this, 'Ingress', {
      vpc: network.vpc,
      subnets: network.publicSubnets,
      domainName: props.domainName,
      accessLogsBucket: this.logArchive.accessLogsBucket,
    });
    new WebAcl(this, 'WebAcl', {
      name: `${prefix}-${region}`,
      rateLimitPer5Minutes: platform.waf.rateLimitPer5Minutes,
      blockedCidrs: platform.waf.blockedCidrs,
      blockedCountries: platform.waf.blockedCountries,
      logsKey: this.keys.logs,
      associatedResourceArns: [ingress.loadBalancer.loadBalancerArn],
    });
    new ShieldProtection(this, 'Shield', {
      enabled: config.shieldAdvanced,
      endpoints: [shieldEndpointOfLoadBalancer('alb', ingress.loadBalancer)],
      protectionGroupId: `${prefix}-${region}-public`,
    });

    // Hosting, VULN-SCAN
    new ImageRepository(this, 'Images', { encryptionKey: this.keys.data, repositoryName: `${prefix}/service` });
    const service = new HostedService(this, 'Service', {
      vpc: network.vpc,
      subnets: network.privateSubnets,
      listener: ingress.httpsListener,
      logsKey: this.keys.logs,
      image: platform.container.image,
      port: platform.container.port,
      cpu: platform.container.cpu,
      memoryMiB: platform.container.memoryMiB,
      desiredCount: platform.container.desiredCount,
      enhancedMonitoring: platform.enhancedMonitoring,
    });

    // Data, ENC-REST
    const database = new Database(this, 'Database', {
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      encryptionKey: this.keys.data,
      logsKey: this.keys.logs,
      clusterIdentifier: `${prefix}-${region}-db`,
      allowFrom: service.service,
      minCapacity: platform.data.minCapacity,
      maxCapacity: platform.data.maxCapacity,
    });
    const dataBucket = new DataBucket(this, 'Data', {
      bucketName: bucketName(config, account, region, 'data'),
      encryptionKey: this.keys.data,
      accessLogsBucket: this.logArchive.accessLogsBucket,
      expireAfterDays: platform.data.expireAfterDays,
      // The default reason names the DR copy; without one, say where the backups are instead.
      withoutReplicationReason: peerRegion === undefined ? IN_REGION_DATA_REPLICATION_REASON : undefined,
    });

    // BACKUP-TIERS, KEY-SEPARATE: the vault has the same name in every region, so each US region
    // copies into the other's vault by ARN; the EU platform keeps every copy in its own region.
    const vaultName = backupVaultName(prefix);
    const vault = new BackupVault(this, 'BackupVault', { backupVaultName: vaultName, encryptionKey: this.keys.backup, dataKeys: [this.keys.data] });
    new FourTierBackupPlan(this, 'BackupPlan', {
      backupPlanName: `${prefix}-${region}-four-tiers`,
      vault: vault.vault,
      ...(peerRegion !== undefined
        ? { drVaultArn: backupVaultArn(peerRegion, account, vaultName) }
        : { withoutDrCopy: { reason: (props.backupCopies as { none: { reason: string } }).none.reason } }),
      resourceArns: [database.clusterArn, dataBucket.bucket.bucketArn],
    });

    // AUDIT, DETECT: one multi-region trail per account (in its primary region, delivering to that
    // region's archive) records S3 data events on every bucket of the account: the data buckets of
    // each region and every tenant bucket placed in this account, present and future, without the
    // platform stack changing when a tenant is added. Only the log buckets are left out (their
    // writes are log deliveries), in this region and, by deterministic name, in the peer region.
    if (props.primary) {
      const peerLogBuckets =
        peerRegion === undefined
          ? []
          : (['logs', 'access-logs'] as const).map((purpose) =>
              s3.Bucket.fromBucketName(this, `PeerLogBucket-${purpose}`, bucketName(config, account, peerRegion, purpose)),
            );
      new AuditTrail(this, 'Trail', {
        trailName: `${prefix}-trail`,
        archiveBucket: this.logArchive.bucket,
        encryptionKey: this.keys.logs,
        dataEventsOnEveryBucketExcept: [this.logArchive.bucket, this.logArchive.accessLogsBucket, ...peerLogBuckets],
      });
    }
    new SecurityMonitoring(this, 'SecurityMonitoring', {
      alertEmail: platform.alertEmail,
      alertsKeyAlias: `alias/${keyAliasPrefix(config)}/alerts`,
      archiveBucket: this.logArchive.bucket,
      archiveKey: this.keys.logs,
      recordGlobalResources: props.primary,
    });
  }
}
