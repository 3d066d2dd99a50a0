import type { InspectorSeverity } from '../promises/vulnerability-scanning';
import type { PlatformConfig } from '../config/platform-schema';
import type { IsolationModel, Plan } from '../config/plans';
import type { ControlId } from '../promises/control-ids';
import type { PolicyNumbers } from '../promises/policy-numbers';
import type { DataClass, StackKind } from '../promises/types';
import type { AccountBaselineNames, TenantResourceNames } from './naming';
import type { Weakening } from './weakening';

/**
 * One stack as the deployment plan resolves it: everything a stack needs (account, region, names,
 * CIDRs, reasons, policy numbers) as plain values, so a stack reads only its plan and a reviewer, the
 * offboarding runbook and the tests can see every decision without building a construct tree.
 */
export interface StackPlanBase {
  readonly kind: StackKind;
  /** Stage id (`<environment>-<region>`); GCP stacks have none. */
  readonly stage?: string;
  /** Construct id of the stack inside its stage (AWS) or app (GCP). */
  readonly stackId: string;
  /** What the CLI selects: `<stage>/<stackId>` (AWS) or the stack name (GCP). */
  readonly path: string;
  /** Deployed name: the CloudFormation stack name, or the Terraform stack name. */
  readonly stackName: string;
  readonly region: string;
  readonly description: string;
  /** The data the stack holds that narrows which controls apply. */
  readonly dataClasses: readonly DataClass[];
  /** Controls in scope (lib/promises/catalog, status enforced or partial): the guards and checks they declare apply. */
  readonly controls: readonly ControlId[];
  /** The resolved policy numbers (config `policy:`). */
  readonly policy: PolicyNumbers;
  /**
   * Catalog exceptions this deployment knowingly accepts (config `policy.acceptedExceptions`): the
   * verifier reports them, never passes them silently.
   */
  readonly acceptedExceptions: readonly string[];
}

export interface AwsStackPlanBase extends StackPlanBase {
  readonly stage: string;
  readonly account: string;
  /** The organization and environment, for tags and names. */
  readonly organization: string;
  readonly environment: string;
  /** Availability zones per VPC (MULTI-AZ). */
  readonly maxAzs: number;
  /** AZ-REAL: the zone names the stack's VPC is pinned to, in order (no lookup at synth). */
  readonly availabilityZones: readonly string[];
  readonly alertEmail: string;
  /** DETECT: the HTTPS endpoint high and critical findings page (platform.alerts.pagingEndpoint); unset: none. */
  readonly pagingEndpoint?: string;
  /** DETECT: the digest's address for medium findings (platform.alerts.digestEmail); unset: alertEmail. */
  readonly digestEmail?: string;
  /** VULN-SCAN: the lowest Amazon Inspector severity sent to the alert topic (platform.vulnerabilityAlertSeverity). */
  readonly vulnerabilityAlertSeverity: InspectorSeverity;
  /** ACCESS-MFA: who may assume the break-glass role (platform.breakGlassPrincipals); empty: none is built. */
  readonly breakGlassPrincipals: readonly string[];
  /** Container Insights, GuardDuty runtime monitoring and similar paid detections. */
  readonly enhancedMonitoring: boolean;
}

/** Where a platform region's backups are copied: the peer region's vault, or nowhere, with the reason. */
export type BackupCopies = { readonly peerRegion: string; readonly drVaultArn: string } | { readonly none: Weakening };

export interface PlatformStackPlan extends AwsStackPlanBase {
  readonly kind: 'aws-platform';
  /** `primary` and `dr` are the US regions; `eu` the EU residency platform. */
  readonly role: 'primary' | 'dr' | 'eu';
  /** Hosts the account's trail and records global resources in AWS Config. */
  readonly primary: boolean;
  readonly backupCopies: BackupCopies;
  readonly vpcCidr: string;
  /** Public hostname of the region's ingress (the ACM certificate is issued for it). */
  readonly domainName: string;
  readonly shieldAdvanced: boolean;
  readonly platform: PlatformConfig;
  /** The region's S3 managed prefix list: the tenant schema provisioner sends its CloudFormation responses to S3 by it only. */
  readonly s3PrefixList: string;
  /**
   * ISOLATION (pool): ids (sorted) of the pooled tenants whose stacks live in another region and whom
   * this region's shared database serves (a US tenant, from the DR region): this stack creates their
   * database users and schemas (lib/plan/peer-region-tenants.ts). Empty for the primary and EU platforms.
   */
  readonly peerRegionTenants: readonly string[];
  readonly names: {
    readonly keyAliasPrefix: string;
    readonly logsBucket: string;
    readonly accessLogsBucket: string;
    readonly dataBucket: string;
    /** The peer region's log buckets (left out of the trail's data events); empty without a peer. */
    readonly peerLogBuckets: readonly string[];
    readonly vault: string;
    /** The plan of the data bucket's tiers (S3 recovery points are under the vault's key). */
    readonly backupPlan: string;
    /** The plan of the database's tiers: a day in the staging vault, the tier as copies (KEY-SEPARATE). */
    readonly databaseBackupPlan: string;
    readonly stagingVault: string;
    /** The role of both plans in this region, and in the peer region (whose copies land in this region's vault). */
    readonly backupRole: string;
    readonly peerBackupRole?: string;
    /** The hosted service's task role: pooled tenants' access roles trust it by name. */
    readonly serviceTaskRole: string;
    readonly trail: string;
    readonly alertsKeyAlias: string;
    readonly webAcl: string;
    readonly protectionGroup: string;
    readonly imageRepository: string;
    readonly databaseCluster: string;
    /** ISOLATION: the managed policy pooled tenants' access roles connect to the database through, each as its own user. */
    readonly tenantDatabaseUsersPolicy: string;
    /** ISOLATION: the function pooled tenants' stacks create their database user and schema through (by name, no export). */
    readonly tenantSchemaProvisioner: string;
    /** ERASURE: the record key store (DynamoDB), one per account and region. */
    readonly recordKeyTable: string;
  };
}

export interface EnclaveStackPlan extends AwsStackPlanBase {
  readonly kind: 'aws-enclave';
  readonly vpcCidr: string;
  /** `phi.<platform.domain>`: the private ingress certificate's name. */
  readonly domainName: string;
  /** Accounts allowed to connect over PrivateLink (hipaa.consumers, or the platform account). */
  readonly consumerAccounts: readonly string[];
  readonly imageTag: string;
  readonly container: PlatformConfig['container'];
  /**
   * NET-ISOLATION: the id of S3's managed prefix list in the enclave region (config
   * s3PrefixLists.<region> or the default): the tasks' only HTTPS destination outside the VPC CIDR.
   */
  readonly s3PrefixList: string;
  readonly names: {
    readonly keyAliasPrefix: string;
    readonly logsBucket: string;
    readonly accessLogsBucket: string;
    readonly phiBucket: string;
    readonly imageRepository: string;
    readonly trail: string;
    readonly vault: string;
    readonly backupPlan: string;
    readonly alertsKeyAlias: string;
    /** ERASURE: the enclave's record key store (DynamoDB). */
    readonly recordKeyTable: string;
    /** The enclave service's task role: pooled HIPAA tenants' access roles trust it by name. */
    readonly serviceTaskRole: string;
  };
}

/**
 * What a silo tenant's own copy of the product is built from: the platform's choices (container,
 * database capacity) applied to the tenant's own network, keys and names.
 */
export interface SiloProductPlan {
  /** Name its TLS certificate is issued for: `<id>.<platform.domain>` (`<id>.phi.<platform.domain>` for HIPAA). */
  readonly domainName: string;
  /**
   * `public`: an internet-facing ALB with the platform's TLS policy, WAF and Shield (a non-HIPAA
   * tenant); `private`: PrivateLink only, like the enclave (a HIPAA tenant).
   */
  readonly ingress: 'public' | 'private';
  /** Private ingress: accounts allowed to connect to its PrivateLink endpoint service (each connection accepted by hand). */
  readonly consumerAccounts: readonly string[];
  /** Public ingress: the platform's WAF settings and whether Shield Advanced protects it. */
  readonly waf: PlatformConfig['waf'];
  readonly shieldAdvanced: boolean;
  readonly container: PlatformConfig['container'];
  /** The image tag its service runs from its own repository (the enclave's `hipaa.imageTag` for a HIPAA tenant). */
  readonly imageTag: string;
  readonly data: Pick<PlatformConfig['data'], 'minCapacity' | 'maxCapacity'>;
  /** The region's S3 managed prefix list: the only address range the service's tasks may leave the VPC for. */
  readonly s3PrefixList: string;
  readonly names: {
    readonly imageRepository: string;
    readonly databaseCluster: string;
    readonly stagingVault: string;
    readonly databaseBackupPlan: string;
    readonly webAcl: string;
    readonly protectionGroup: string;
  };
}

export interface TenantStackPlan extends AwsStackPlanBase {
  readonly kind: 'aws-tenant';
  readonly tenant: {
    readonly id: string;
    readonly plan: Plan;
    readonly residency: 'us' | 'eu';
    readonly hipaa: boolean;
    readonly byok: boolean;
    /** RETENTION: days data and logs are kept (the plan's, or the enterprise agreement). */
    readonly retentionDays: number;
    /** ISOLATION: served by the shared platform (`pool`) or by its own copy of the product (`silo`). */
    readonly isolation: IsolationModel;
  };
  /** Silo: the tenant VPC's CIDR, allocated from tenancy.supernet or pinned. A pooled tenant has no VPC. */
  readonly vpcCidr?: string;
  /**
   * Pool: ARNs of the task roles of the services that serve the tenant (the platform of its region
   * and, for US tenants, of the DR region; the enclave's for a HIPAA tenant), in the tenant's account.
   * Only they may assume its access role, and only with the tenant id as session tag.
   */
  readonly servedBy?: readonly string[];
  /**
   * Pool: ARNs of the managed policies (one per serving platform region, `<prefix>-<region>-tenant-db-users`)
   * through which its access role connects to that region's shared database only as its tenant's user;
   * empty for a HIPAA tenant (the enclave's service keeps no database).
   */
  readonly sharedDatabaseUsers?: readonly string[];
  /**
   * Pool: the serving platform's tenant schema provisioner (`<prefix>-<region>-tenant-schemas`, by
   * ARN) in the tenant's own region, which creates its user and schema when its stack deploys, and
   * the cluster it serves (`<prefix>-<region>-db`); absent for a HIPAA tenant (the enclave keeps no
   * database). A serving region elsewhere (a US tenant's DR region) is not here: CloudFormation calls
   * a custom resource's function only in the stack's region, so that region's platform stack creates
   * it (PlatformStackPlan.peerRegionTenants).
   */
  readonly databaseSchema?: { readonly provisionerArn: string; readonly clusterIdentifier: string };
  /** Silo: the tenant's own copy of the product (ingress, service, database); absent for a pooled tenant. */
  readonly silo?: SiloProductPlan;
  /** KMS pending window of the tenant's keys (offboarding). */
  readonly keyDeletionWindowDays: number;
  /** Days between an offboarding request and the start of erasure (export window). */
  readonly graceDays: number;
  readonly names: TenantResourceNames;
}

/**
 * Audit and detection for an account and region where the plan places stacks (today: tenants with
 * their own `account`) but no platform or enclave stack brings them (DETECT-EVERY-ACCOUNT, AUDIT).
 * Its own logs and alerts keys and log archive, never a tenant's: tenants come and go, the
 * baseline and its archive stay.
 */
export interface AccountBaselineStackPlan extends AwsStackPlanBase {
  readonly kind: 'aws-account-baseline';
  /**
   * The account's home region: hosts its multi-region trail and records global resources in AWS
   * Config. Exactly one baseline per account that has no platform or enclave stack anywhere is home
   * (its first region, or the region holding EU data, so EU customers' access records stay in the
   * EU); an account with a platform or enclave stack elsewhere has that stack's trail.
   */
  readonly home: boolean;
  /** CLI paths of the stacks it audits or watches: every stack of the account (home), else those of its account and region. */
  readonly covers: readonly string[];
  /** AUDIT: days the archive is locked (COMPLIANCE): the HIPAA retention when any stack of the account holds PHI. */
  readonly auditRetentionDays: number;
  readonly names: AccountBaselineNames;
}

/**
 * ACCESS-MFA: the Identity Center permission sets, in the organization's management (or delegated
 * administrator) account and the instance's region. Holds no customer data and no role.
 */
export interface IdentityStackPlan extends AwsStackPlanBase {
  readonly kind: 'aws-identity';
  readonly instanceArn: string;
  /** Identity store group ids that may be assigned each permission set. */
  readonly groups: { readonly auditor: string; readonly operator: string; readonly platformAdmin: string };
  /** ACCESS-JIT: every account where Rampart places a stack: the only targets of a just-in-time elevation. */
  readonly productionAccounts: readonly string[];
  /** `<org>-<env>-just-in-time-access`. */
  readonly stateMachineName: string;
  /** `<org>/<env>/identity`: prefix of the stack's key aliases. */
  readonly keyAliasPrefix: string;
}

export type AwsStackPlan = PlatformStackPlan | EnclaveStackPlan | AccountBaselineStackPlan | TenantStackPlan | IdentityStackPlan;
