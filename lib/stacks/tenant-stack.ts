import { Duration, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BackupVault, FourTierBackupPlan, vaultLockFor } from '../constructs/backup';
import { DataBucket } from '../constructs/data/data-bucket';
import { RecordKeyStore } from '../constructs/data/record-key-store';
import { KeyMaterialExpiryAlarm } from '../constructs/keys/key-material-expiry-alarm';
import { KeyRing } from '../constructs/keys/key-ring';
import { RampartVpc } from '../constructs/network/rampart-vpc';
import { SecureBucket } from '../constructs/storage/secure-bucket';
import { logRetentionAtLeast } from '../constructs/tenant/retention';
import type { TenantStackPlan } from '../plan/types';
import { RECORD_KEY_STORE_RECOVERY_DAYS } from '../promises/catalog/data-lifecycle';
import { PlannedStack } from './planned-stack';

/** Cost-allocation tag keys on every resource of a tenant stack (activate them in Billing once). */
export const TENANT_COST_TAGS = { tenant: 'rampart:tenant', plan: 'rampart:plan' } as const;

const NO_CROSS_REGION_COPY_REASON =
  "ERASURE and ISOLATION: a copy in another vault would be re-encrypted under that vault's key, which crypto-shredding the tenant's keys cannot erase; the compliance-locked vault keeps all four tiers under the tenant's own backup key instead.";
const DATA_NO_REPLICATION_REASON =
  "Not replicated by S3: AWS Backup keeps the four tiers of this versioned bucket in the tenant's own compliance-locked vault, in this region, under the tenant's backup key, so that deleting the tenant's keys erases every copy.";
const ACCESS_LOGS_SSE_S3_REASON =
  "S3 server access log delivery only supports SSE-S3 destination buckets; this bucket holds the access logs of the tenant's data bucket only, expires them with the plan's retention, and is emptied on offboarding.";
const ACCESS_LOGS_NOT_LOGGED_REASON =
  "This bucket is the access-log destination of the tenant's data bucket; logging it into itself would loop. Management events on it are recorded by the account's CloudTrail.";
const ACCESS_LOGS_NO_REPLICATION_REASON =
  "Tenant logs stay in the tenant's region and account (ISOLATION, RESIDENCY-EU); they are kept for the plan's retention and need no second copy.";

/**
 * One customer's isolated environment (controls ISOLATION, RETENTION, ERASURE, BYOK,
 * BACKUP-TIERS): its own keys, VPC, data bucket, access-log bucket, vault and four-tier plan, in
 * the account and region its placement chose. Nothing in it is shared with another tenant and
 * nothing can route into it: the VPC has isolated subnets only (no internet gateway, NAT, peering
 * or transit gateway) and a CIDR that overlaps no other tenant or platform VPC, so a later
 * PrivateLink or peering decision never forces renumbering. Every resource carries the tenant and
 * plan cost-allocation tags.
 */
export class TenantStack extends PlannedStack {
  public readonly keys: KeyRing;
  public readonly network: RampartVpc;
  public readonly dataBucket: DataBucket;

  constructor(scope: Construct, plan: TenantStackPlan) {
    super(scope, plan);
    const { tenant, names } = plan;
    const { retentionDays } = tenant;
    Tags.of(this).add(TENANT_COST_TAGS.tenant, tenant.id);
    Tags.of(this).add(TENANT_COST_TAGS.plan, tenant.plan);

    // ISOLATION, ERASURE: the tenant's own data, backup and logs keys; every copy of its data is
    // under one of them, so deleting them (after the offboarding window) erases it all.
    this.keys = new KeyRing(this, 'Keys', {
      aliasPrefix: names.keyAliasPrefix,
      rotationPeriodDays: plan.policy.keyRotation.awsMaxDays,
      pendingWindowDays: plan.keyDeletionWindowDays,
      importedDataKeyMaterial: tenant.byok,
      logsKeyForCloudTrail: false,
    });
    if (tenant.byok) {
      new KeyMaterialExpiryAlarm(this, 'ByokExpiry', {
        key: this.keys.data,
        alertEmail: plan.alertEmail,
        rotationPeriodDays: plan.policy.keyRotation.awsMaxDays,
        topicKeyAlias: `${names.dataKeyAlias}-expiry-alerts`,
      });
    }

    // NET-ISOLATION: flow logs under the tenant's logs key, kept at least as long as its data.
    this.network = new RampartVpc(this, 'Network', {
      cidr: plan.vpcCidr,
      maxAzs: plan.maxAzs,
      flowLogKey: this.keys.logs,
      flowLogRetention: logRetentionAtLeast(retentionDays),
      isolated: true,
      interfaceEndpoints: {},
    });

    // RETENTION: data and its access logs expire after the plan's retention.
    const accessLogs = new SecureBucket(this, 'AccessLogs', {
      bucketName: names.logsBucketName,
      encryption: { s3Managed: { reason: ACCESS_LOGS_SSE_S3_REASON } },
      accessLogging: { disabled: { reason: ACCESS_LOGS_NOT_LOGGED_REASON } },
      withoutReplication: { reason: ACCESS_LOGS_NO_REPLICATION_REASON },
      lifecycleRules: [{ id: 'plan-retention', expiration: Duration.days(retentionDays) }],
    }).bucket;
    this.dataBucket = new DataBucket(this, 'Data', {
      bucketName: names.dataBucketName,
      erasureDeadlineDays: plan.policy.erasure.deadlineDays,
      encryptionKey: this.keys.data,
      accessLogsBucket: accessLogs,
      expireAfterDays: retentionDays,
      withoutReplication: { reason: DATA_NO_REPLICATION_REASON },
      // HIPAA: PHI is WORM-protected like the enclave's PHI bucket (at most the erasure deadline). Added
      // through the Object Lock configuration alone, so a HIPAA tenant deployed before it keeps its
      // retained bucket (the top-level ObjectLockEnabled flag would replace it).
      ...(tenant.hipaa ? { objectLockDays: plan.policy.erasure.deadlineDays, objectLockWithoutReplacement: true } : {}),
    });

    // ERASURE of single records while the tenant stays: the keys of its records live only here,
    // under a key of the tenant (so offboarding shreds the store too), never in a backup tier. A BYOK
    // tenant's data key has no material when the stack is created, so its store has a key of its own.
    new RecordKeyStore(this, 'RecordKeys', {
      tableName: names.recordKeyTableName,
      encryptionKey: this.keys.recordKeys ?? this.keys.data,
      recoveryDays: Math.min(RECORD_KEY_STORE_RECOVERY_DAYS, plan.policy.erasure.deadlineDays),
      erasureDeadlineDays: plan.policy.erasure.deadlineDays,
    });

    // BACKUP-TIERS, KEY-SEPARATE, ERASURE: the tenant's own locked vault under its backup key.
    const vault = new BackupVault(this, 'BackupVault', {
      ...vaultLockFor(plan.policy.backupTiers),
      backupVaultName: names.vaultName,
      encryptionKey: this.keys.backup,
      dataKeys: [this.keys.data],
    });
    new FourTierBackupPlan(this, 'BackupPlan', {
      backupPlanName: names.backupPlanName,
      vault: vault.vault,
      tiers: plan.policy.backupTiers,
      withoutDrCopy: { reason: NO_CROSS_REGION_COPY_REASON },
      resourceArns: [this.dataBucket.bucket.bucketArn],
    });
  }
}
