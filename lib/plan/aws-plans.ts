import { availabilityZonesOf } from '../config/availability-zones';
import { isEuRegion } from '../config/regions';
import { requiredS3PrefixList } from '../config/s3-prefix-lists';
import type { AwsConfig } from '../config/aws-part';
import type { PolicyNumbers } from '../promises/policy-numbers';
import type { DataClass } from '../promises/types';
import { controlsInScope } from './controls-in-scope';
import {
  backupVaultArn,
  backupVaultName,
  bucketName,
  cloudFormationStackName,
  backupRoleName,
  serviceTaskRoleName,
  keyAliasPrefix,
  namePrefix,
  stackId,
  stageId,
  type StackRole,
  stagingVaultName,
  tenantDatabaseUsersPolicyName,
  platformDatabaseClusterName,
  tenantSchemaProvisionerName,
} from './naming';
import type { AwsStackPlanBase, BackupCopies, EnclaveStackPlan, PlatformStackPlan } from './types';

/** The fields every AWS stack plan shares. */
export function awsBase(
  config: AwsConfig,
  where: { readonly kind: AwsStackPlanBase['kind']; readonly account: string; readonly region: string; readonly dataClasses: readonly DataClass[] },
  description: string,
  role: StackRole,
  qualifier?: string,
): AwsStackPlanBase {
  const stage = stageId(config, where.region);
  const id = stackId(role, qualifier);
  return {
    kind: where.kind,
    stage,
    stackId: id,
    path: `${stage}/${id}`,
    stackName: cloudFormationStackName(config, where.region, role, qualifier),
    account: where.account,
    region: where.region,
    description,
    dataClasses: where.dataClasses,
    controls: controlsInScope(where.kind, where.dataClasses),
    policy: config.policy as PolicyNumbers,
    acceptedExceptions: config.policy.acceptedExceptions,
    organization: config.organization,
    environment: config.environment,
    maxAzs: config.platform.maxAzs,
    availabilityZones: availabilityZonesOf(where.region, config.availabilityZones),
    alertEmail: config.platform.alertEmail,
    pagingEndpoint: config.platform.alerts.pagingEndpoint,
    digestEmail: config.platform.alerts.digestEmail,
    vulnerabilityAlertSeverity: config.platform.vulnerabilityAlertSeverity,
    breakGlassPrincipals: config.platform.breakGlassPrincipals,
    enhancedMonitoring: config.platform.enhancedMonitoring,
  };
}

const EU_NO_COPY_REASON =
  "RESIDENCY-EU: EU customers' data, backups included, is stored only in the EU residency region; the vault's compliance lock and the four tiers protect it in-region instead of a cross-region copy.";

function platformPlan(config: AwsConfig, role: PlatformStackPlan['role']): PlatformStackPlan {
  const { primary: primaryRegion, dr } = config.regions;
  const eu = role === 'eu';
  const region = eu ? config.residency.eu.region : role === 'primary' ? primaryRegion : dr;
  const account = eu ? config.accounts.eu : config.accounts.platform;
  const peerRegion = eu ? undefined : role === 'primary' ? dr : primaryRegion;
  const prefix = namePrefix(config);
  const vault = backupVaultName(prefix);
  const backupCopies: BackupCopies =
    peerRegion === undefined ? { none: { reason: EU_NO_COPY_REASON } } : { peerRegion, drVaultArn: backupVaultArn(peerRegion, account, vault) };
  const scope = `${config.organization}/${config.environment}`;
  const s3PrefixList = requiredS3PrefixList(region, config.s3PrefixLists, 'platformPlan');
  const description = eu
    ? `Rampart EU platform (${scope}, ${region}; EU data stays in this region)`
    : `Rampart platform (${scope}, ${region}${role === 'primary' ? ', primary' : ', disaster recovery'})`;
  return {
    ...awsBase(config, { kind: 'aws-platform', account, region, dataClasses: eu ? ['eu'] : [] }, description, 'platform'),
    kind: 'aws-platform',
    role,
    primary: role !== 'dr',
    backupCopies,
    vpcCidr: eu ? config.residency.eu.vpcCidr : config.platform.vpcCidr,
    domainName: eu ? `eu.${config.platform.domain}` : config.platform.domain,
    shieldAdvanced: config.shieldAdvanced,
    platform: config.platform,
    s3PrefixList,
    // Filled once the tenants are planned (plan-deployment.ts, withPeerRegionTenants).
    peerRegionTenants: [],
    names: {
      keyAliasPrefix: keyAliasPrefix(config),
      logsBucket: bucketName(config, account, region, 'logs'),
      accessLogsBucket: bucketName(config, account, region, 'access-logs'),
      dataBucket: bucketName(config, account, region, 'data'),
      peerLogBuckets:
        peerRegion === undefined ? [] : (['logs', 'access-logs'] as const).map((purpose) => bucketName(config, account, peerRegion, purpose)),
      vault,
      backupPlan: `${prefix}-${region}-four-tiers`,
      databaseBackupPlan: `${prefix}-${region}-db-four-tiers`,
      stagingVault: stagingVaultName(prefix),
      backupRole: backupRoleName(prefix, region),
      ...(peerRegion === undefined ? {} : { peerBackupRole: backupRoleName(prefix, peerRegion) }),
      serviceTaskRole: serviceTaskRoleName(prefix, region),
      trail: `${prefix}-trail`,
      alertsKeyAlias: `alias/${keyAliasPrefix(config)}/alerts`,
      webAcl: `${prefix}-${region}`,
      protectionGroup: `${prefix}-${region}-public`,
      imageRepository: `${prefix}/service`,
      databaseCluster: platformDatabaseClusterName(prefix, region),
      tenantDatabaseUsersPolicy: tenantDatabaseUsersPolicyName(prefix, region),
      tenantSchemaProvisioner: tenantSchemaProvisionerName(prefix, region),
      recordKeyTable: `${prefix}-record-keys`,
    },
  };
}

/** The US primary and DR platforms, then the EU platform. */
export function platformPlans(config: AwsConfig): PlatformStackPlan[] {
  return [platformPlan(config, 'primary'), platformPlan(config, 'dr'), platformPlan(config, 'eu')];
}

/** The HIPAA enclave in its own account and region (control HIPAA); undefined when hipaa.enabled is false. */
export function enclavePlan(config: AwsConfig): EnclaveStackPlan | undefined {
  if (!config.hipaa.enabled) return undefined;
  const { region } = config.hipaa;
  const account = config.accounts.hipaa;
  const prefix = `${namePrefix(config)}-hipaa`;
  // An enclave in an EU region holds EU data too: the residency guard watches it.
  const dataClasses: DataClass[] = isEuRegion(region) ? ['phi', 'eu'] : ['phi'];
  const description = `Rampart HIPAA enclave (${config.organization}/${config.environment}, ${region}): PHI only, no internet path`;
  const s3PrefixList = requiredS3PrefixList(region, config.s3PrefixLists, 'enclavePlan');
  return {
    ...awsBase(config, { kind: 'aws-enclave', account, region, dataClasses }, description, 'enclave'),
    kind: 'aws-enclave',
    vpcCidr: config.hipaa.vpcCidr,
    domainName: `phi.${config.platform.domain}`,
    consumerAccounts: config.hipaa.consumers.length > 0 ? config.hipaa.consumers : [config.accounts.platform],
    imageTag: config.hipaa.imageTag,
    container: config.platform.container,
    s3PrefixList,
    names: {
      keyAliasPrefix: `${keyAliasPrefix(config)}/hipaa`,
      logsBucket: bucketName(config, account, region, 'hipaa-logs'),
      accessLogsBucket: bucketName(config, account, region, 'hipaa-access-logs'),
      phiBucket: bucketName(config, account, region, 'phi'),
      imageRepository: `${namePrefix(config)}/hipaa-service`,
      trail: `${prefix}-trail`,
      vault: backupVaultName(prefix),
      backupPlan: `${prefix}-${region}-four-tiers`,
      alertsKeyAlias: `alias/${keyAliasPrefix(config)}/hipaa/alerts`,
      recordKeyTable: `${prefix}-record-keys`,
      serviceTaskRole: serviceTaskRoleName(prefix, region),
    },
  };
}
