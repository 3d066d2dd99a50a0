import { Duration, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BackupVault, FourTierBackupPlan, vaultLockFor } from '../constructs/backup';
import { DataBucket } from '../constructs/data/data-bucket';
import { RecordKeyStore } from '../constructs/data/record-key-store';
import { KeyMaterialExpiryAlarm } from '../constructs/keys/key-material-expiry-alarm';
import { backupServiceLinkedRoleArn, KeyRing } from '../constructs/keys/key-ring';
import { RampartVpc } from '../constructs/network/rampart-vpc';
import { SecureBucket } from '../constructs/storage/secure-bucket';
import { admitOnlyTenantSession, TENANT_SESSION_TAG, TenantAccessRole } from '../constructs/tenant/pooled-access';
import { logRetentionAtLeast } from '../constructs/tenant/retention';
import { TenantSchema } from '../constructs/tenant/tenant-schema';
import { iamRoleArn } from '../plan/naming';
import type { SiloProductPlan, TenantStackPlan } from '../plan/types';
import { RECORD_KEY_STORE_RECOVERY_DAYS } from '../promises/catalog/data-lifecycle';
import { PlannedStack } from './planned-stack';
import { addSiloProduct, SILO_INTERFACE_ENDPOINTS, type SiloProduct } from './silo-product';

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
 * A silo plan's VPC CIDR and own product, which lib/plan/tenant-plans.ts always sets for a silo tenant:
 * a silo plan without them would otherwise build a tenant with no product at all, so it throws.
 */
function siloPartsOf(plan: TenantStackPlan): { readonly vpcCidr: string; readonly silo: SiloProductPlan } | undefined {
  if (plan.tenant.isolation !== 'silo') return undefined;
  const { vpcCidr, silo } = plan;
  if (vpcCidr === undefined || silo === undefined) {
    const missing = [...(vpcCidr === undefined ? ['vpcCidr'] : []), ...(silo === undefined ? ['silo'] : [])];
    throw new Error(
      `TenantStack ${plan.path}: tenant "${plan.tenant.id}" is a silo tenant but its plan has no ${missing.join(' and ')} ` +
        '(lib/plan/tenant-plans.ts sets both for every silo tenant); without them no VPC or product would be built',
    );
  }
  return { vpcCidr, silo };
}

/**
 * One customer's environment (controls ISOLATION, RETENTION, ERASURE, BYOK, BACKUP-TIERS): its own
 * keys, data bucket, access-log bucket, vault and four-tier plan, in the account and region its
 * placement chose. Nothing in it is shared with another tenant. Every resource carries the tenant
 * and plan cost-allocation tags.
 *
 * - `pool`: the shared platform service serves the tenant through its access role (TenantAccessRole),
 *   assumed with the tenant id as session tag; the data key and bucket admit that role only in that
 *   session (and AWS Backup's role). No VPC: nothing of the tenant's runs.
 * - `silo`: its own VPC, isolated subnets only (no internet gateway, NAT, peering or transit
 *   gateway), on a CIDR that overlaps no other tenant or platform VPC.
 */
export class TenantStack extends PlannedStack {
  public readonly keys: KeyRing;
  /** Silo tenants only. */
  public readonly network?: RampartVpc;
  /** Silo tenants only: its own ingress, service and database. */
  public readonly product?: SiloProduct;
  /** Pool tenants only: the role the serving platform reaches the tenant's data through. */
  public readonly access?: TenantAccessRole;
  public readonly dataBucket: DataBucket;

  constructor(scope: Construct, plan: TenantStackPlan) {
    super(scope, plan);
    const { tenant, names } = plan;
    const { retentionDays } = tenant;
    Tags.of(this).add(TENANT_COST_TAGS.tenant, tenant.id);
    Tags.of(this).add(TENANT_COST_TAGS.plan, tenant.plan);
    const pooled = tenant.isolation === 'pool';
    const silo = siloPartsOf(plan);
    const backupRoleArn = iamRoleArn(plan.account, names.backupRoleName, this.partition);

    // ISOLATION (pool): the tenant-scoped role only the serving task roles assume, tagged for this tenant.
    if (pooled) {
      const servedBy = plan.servedBy ?? [];
      this.access = new TenantAccessRole(this, 'Access', {
        tenantId: tenant.id,
        roleName: names.accessRoleName,
        servedBy,
        databaseUserPolicyArns: plan.sharedDatabaseUsers,
      });
      // ISOLATION (pool): its user and schema in the serving cluster of this region, created by the platform's provisioner.
      if (plan.databaseSchema !== undefined) {
        new TenantSchema(this, 'DatabaseSchema', { tenantId: tenant.id, ...plan.databaseSchema });
      }
    }
    const access = this.access;

    // ISOLATION, ERASURE: the tenant's own data, backup and logs keys; every copy of its data is
    // under one of them, so deleting them (after the offboarding window) erases it all.
    this.keys = new KeyRing(this, 'Keys', {
      aliasPrefix: names.keyAliasPrefix,
      rotationPeriodDays: plan.policy.keyRotation.awsMaxDays,
      pendingWindowDays: plan.keyDeletionWindowDays,
      importedDataKeyMaterial: tenant.byok,
      logsKeyForCloudTrail: false,
      // Silo: RDS may use the backup key only for the tenant's backup role (and AWS Backup's own), to
      // write the database's tier copies into the tenant's vault.
      ...(pooled ? {} : { backupKeyRdsCopyRoles: [backupRoleArn, backupServiceLinkedRoleArn(plan.account, this.partition)] }),
      // Pool: the data key serves S3 alone, for the tenant's role in its own session and for AWS Backup's role.
      ...(access === undefined
        ? {}
        : {
            dataKeyServices: ['s3'],
            dataKeyUsers: {
              principalArns: [access.roleArn, backupRoleArn],
              sessionTag: { principalArn: access.roleArn, key: TENANT_SESSION_TAG, value: tenant.id },
            },
          }),
      // ERASURE: the record key store has a key of its own in both models, so pool <-> silo keeps it;
      // pool: the tenant's access role uses it only in its own session.
      recordKeysKey: access === undefined ? {} : { sessionTag: { principalArn: access.roleArn, key: TENANT_SESSION_TAG, value: tenant.id } },
    });
    if (tenant.byok) {
      new KeyMaterialExpiryAlarm(this, 'ByokExpiry', {
        key: this.keys.data,
        alertEmail: plan.alertEmail,
        rotationPeriodDays: plan.policy.keyRotation.awsMaxDays,
        topicKeyAlias: `${names.dataKeyAlias}-expiry-alerts`,
      });
    }

    // NET-ISOLATION (silo): flow logs under the tenant's logs key, kept at least as long as its data.
    if (silo !== undefined) {
      this.network = new RampartVpc(this, 'Network', {
        cidr: silo.vpcCidr,
        maxAzs: plan.maxAzs,
        flowLogKey: this.keys.logs,
        flowLogRetention: logRetentionAtLeast(retentionDays),
        isolated: true,
        // A silo with public ingress: a load-balancer tier routed to an internet gateway, nothing else.
        publicIngress: silo.silo.ingress === 'public',
        // Silo: its service and database reach AWS only through the endpoints they call.
        interfaceEndpoints: SILO_INTERFACE_ENDPOINTS,
      });
    }

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
    // under the tenant's record-keys key (so offboarding shreds the store too), never in a backup tier.
    const recordKeys = new RecordKeyStore(this, 'RecordKeys', {
      tableName: names.recordKeyTableName,
      encryptionKey: this.keys.recordKeys ?? this.keys.data,
      recoveryDays: Math.min(RECORD_KEY_STORE_RECOVERY_DAYS, plan.policy.erasure.deadlineDays),
      erasureDeadlineDays: plan.policy.erasure.deadlineDays,
    });
    if (access !== undefined) {
      admitOnlyTenantSession(this.dataBucket.bucket, { tenantId: tenant.id, access, backupRoleArn });
      // ISOLATION: the access role reaches its tenant's record keys only in its tenant's session.
      recordKeys.grantRecordKeys(this, 'AccessRecordKeyAccess', access.role, { key: TENANT_SESSION_TAG, value: tenant.id });
    }

    // BACKUP-TIERS, KEY-SEPARATE, ERASURE: the tenant's own locked vault under its backup key.
    const vault = new BackupVault(this, 'BackupVault', {
      ...vaultLockFor(plan.policy.backupTiers),
      backupVaultName: names.vaultName,
      encryptionKey: this.keys.backup,
      dataKeys: [this.keys.data],
    });
    const bucketBackups = new FourTierBackupPlan(this, 'BackupPlan', {
      backupPlanName: names.backupPlanName,
      vault: vault.vault,
      tiers: plan.policy.backupTiers,
      withoutDrCopy: { reason: NO_CROSS_REGION_COPY_REASON },
      roleName: names.backupRoleName,
      resourceArns: [this.dataBucket.bucket.bucketArn],
    });

    // ISOLATION (silo): the tenant's own ingress, service and database, from the platform's constructs.
    if (silo !== undefined && this.network !== undefined) {
      this.product = addSiloProduct(this, {
        plan: { ...plan, ...silo },
        keys: this.keys,
        network: this.network,
        accessLogs,
        vault: vault.vault,
        backupRole: bucketBackups.role,
        withoutDrCopy: { reason: NO_CROSS_REGION_COPY_REASON },
      });
      // ERASURE: the silo's own service reads and deletes its tenant's record keys (the key admits it through DynamoDB).
      recordKeys.grantRecordKeys(this, 'ServiceRecordKeyAccess', this.product.service.taskDefinition.taskRole);
    }
  }
}
