import { STATEFUL_TERRAFORM_TYPES } from '../../nag/stateful-types';
import type { Json } from '../types';

/**
 * Which changes to a stateful resource make the deploy destroy it and create a new, empty one.
 *
 * CloudFormation: the properties marked "Update requires: Replacement" in the CloudFormation template
 * reference, as recorded in the resource specification the CDK CLI itself uses to mark `[-] replace`
 * in `cdk diff` (@aws-cdk/aws-service-spec, shipped as node_modules/aws-cdk/db.json.gz: `causesReplacement`
 * "yes"). "Some interruptions or replacement" properties ("maybe") are listed only where a change
 * means other data (engine, master user, snapshot or restore source); the rest (parameter group,
 * maintenance window, Multi-AZ, global cluster...) are updated in place for Rampart's Aurora setup and
 * would only teach reviewers to skip the diff. Two entries come from the template reference alone: the
 * KMS key's immutable properties and DynamoDB's local secondary indexes.
 *
 * Terraform (hashicorp/google): attributes marked ForceNew in the provider source
 * (resource_storage_bucket.go, resource_logging_project_bucket_config.go, resource_sql_database_instance.go)
 * or `immutable: true` in the generated ones (magic-modules mmv1/products/kms/CryptoKey.yaml, KeyRing.yaml,
 * backupdr/BackupVault.yaml).
 */

export interface CfnReplacementRule {
  /** Top-level properties (under `Properties`) whose change requires replacement. */
  readonly properties: readonly string[];
  /** The property that gives the resource a fixed physical name: CloudFormation cannot replace it while that name stays. */
  readonly name?: string;
  /**
   * KMS refuses the update instead of replacing ("the update request fails, regardless of the value of the
   * UpdateReplacePolicy attribute"): the deploy fails rather than destroying the key, but the change is
   * still one a reviewer must stop, since the only way through is a new key and data re-encrypted under it.
   */
  readonly refusesUpdate?: true;
}

export const CFN_REPLACEMENT: Readonly<Record<string, CfnReplacementRule>> = {
  'AWS::S3::Bucket': { properties: ['BucketName', 'BucketNamePrefix', 'BucketNamespace', 'ObjectLockEnabled'], name: 'BucketName' },
  // Not in the CDK's spec (the registry schema has no createOnly property); the template reference
  // documents each as immutable and the update as refused.
  'AWS::KMS::Key': { properties: ['KeySpec', 'KeyUsage', 'MultiRegion', 'Origin'], refusesUpdate: true },
  'AWS::RDS::DBCluster': {
    properties: [
      'AvailabilityZones',
      'ClusterScalabilityType',
      'DBClusterIdentifier',
      'DBSubnetGroupName',
      'DBSystemId',
      'DatabaseName',
      'Engine',
      'EngineMode',
      'KmsKeyId',
      'MasterUsername',
      'PubliclyAccessible',
      'RestoreToTime',
      'RestoreType',
      'SnapshotIdentifier',
      'SourceDBClusterIdentifier',
      'SourceDbClusterResourceId',
      'SourceRegion',
      'StorageEncrypted',
      'UseLatestRestorableTime',
      'WithExpressConfiguration',
    ],
    name: 'DBClusterIdentifier',
  },
  'AWS::RDS::DBInstance': {
    properties: [
      'BackupTarget',
      'CharacterSetName',
      'CustomIAMInstanceProfile',
      'DBClusterIdentifier',
      'DBClusterSnapshotIdentifier',
      'DBInstanceIdentifier',
      'DBName',
      'DBSnapshotIdentifier',
      'DBSubnetGroupName',
      'DBSystemId',
      'Engine',
      'KmsKeyId',
      'MasterUsername',
      'NcharCharacterSetName',
      'Port',
      'RestoreTime',
      'SourceDBClusterIdentifier',
      'SourceDBInstanceAutomatedBackupsArn',
      'SourceDBInstanceIdentifier',
      'SourceDbiResourceId',
      'SourceRegion',
      'StorageEncrypted',
      'Timezone',
      'UseLatestRestorableTime',
    ],
    name: 'DBInstanceIdentifier',
  },
  // LocalSecondaryIndexes: "Updates are not supported" (an LSI exists only from table creation).
  'AWS::DynamoDB::Table': { properties: ['ImportSourceSpecification', 'KeySchema', 'LocalSecondaryIndexes', 'TableName'], name: 'TableName' },
  'AWS::DynamoDB::GlobalTable': { properties: ['KeySchema', 'LocalSecondaryIndexes', 'TableName'], name: 'TableName' },
  'AWS::EFS::FileSystem': { properties: ['AvailabilityZoneName', 'Encrypted', 'KmsKeyId', 'PerformanceMode'] },
  'AWS::Logs::LogGroup': { properties: ['LogGroupName'], name: 'LogGroupName' },
  'AWS::Backup::BackupVault': { properties: ['BackupVaultName', 'EncryptionKeyArn'], name: 'BackupVaultName' },
  'AWS::ECR::Repository': { properties: ['EncryptionConfiguration', 'RepositoryName'], name: 'RepositoryName' },
  'AWS::SecretsManager::Secret': { properties: ['Name'], name: 'Name' },
  'AWS::CloudTrail::Trail': { properties: ['TrailName'], name: 'TrailName' },
};

/** Strength of a DeletionPolicy / UpdateReplacePolicy: what survives when CloudFormation lets go of the resource. */
export function cfnPolicyRank(policy: string): number {
  if (policy === 'Retain' || policy === 'RetainExceptOnCreate') return 2;
  return policy === 'Snapshot' ? 1 : 0;
}

/**
 * The DeletionPolicy CloudFormation applies when the attribute is absent: Snapshot for DB clusters and
 * for DB instances outside a cluster, Delete otherwise (template reference, DeletionPolicy attribute).
 */
export function defaultDeletionPolicy(type: string, props: { readonly [key: string]: Json }): string {
  if (type === 'AWS::RDS::DBCluster') return 'Snapshot';
  if (type === 'AWS::RDS::DBInstance' && props.DBClusterIdentifier === undefined) return 'Snapshot';
  return 'Delete';
}

/** The Terraform resource types that hold data (or the keys to it): the GCP counterpart of STATEFUL_RESOURCE_TYPES. */
export const GCP_STATEFUL_TYPES: ReadonlySet<string> = new Set(STATEFUL_TERRAFORM_TYPES);

export interface TerraformReplacementRule {
  /** Attribute path in cdk.tf.json, segments joined by `.` (a one-item block list is read through). */
  readonly attribute: string;
  /** Provider-level default when the attribute is absent (the provider's project or region). */
  readonly fallback?: 'project' | 'region';
  /** Equality as the provider sees it; strict JSON equality when absent. */
  readonly same?: (before: Json | undefined, after: Json | undefined) => boolean;
  /** Why only some changes replace, for the reviewer. */
  readonly note?: string;
}

/** Locations are stored upper-cased (StateFunc), so `us-central1` and `US-CENTRAL1` are one location. */
const sameIgnoringCase = (a: Json | undefined, b: Json | undefined): boolean =>
  typeof a === 'string' && typeof b === 'string' ? a.toUpperCase() === b.toUpperCase() : a === b;

/** `POSTGRES_16` -> `POSTGRES`: a major upgrade is done in place (provider 4.34+), a change of engine is not. */
const engineOf = (version: Json | undefined): string | undefined => (typeof version === 'string' ? version.split('_')[0] : undefined);

const projectAndLocation = (location: string): TerraformReplacementRule[] => [
  { attribute: 'project', fallback: 'project' },
  { attribute: location, same: sameIgnoringCase },
];

export const TERRAFORM_REPLACEMENT: Readonly<Record<string, readonly TerraformReplacementRule[]>> = {
  google_storage_bucket: [{ attribute: 'name' }, ...projectAndLocation('location'), { attribute: 'enable_object_retention' }],
  google_sql_database_instance: [
    { attribute: 'name' },
    { attribute: 'project', fallback: 'project' },
    { attribute: 'region', fallback: 'region' },
    { attribute: 'encryption_key_name' },
    {
      attribute: 'database_version',
      same: (a, b) => engineOf(a) === engineOf(b),
      note: 'a change of engine replaces the instance; a major version upgrade of the same engine is done in place',
    },
  ],
  google_sql_database: [{ attribute: 'name' }, { attribute: 'instance' }, { attribute: 'project', fallback: 'project' }],
  google_kms_crypto_key: [
    { attribute: 'name' },
    { attribute: 'key_ring' },
    { attribute: 'purpose' },
    { attribute: 'version_template.protection_level' },
    { attribute: 'skip_initial_version_creation' },
    { attribute: 'import_only' },
    { attribute: 'destroy_scheduled_duration' },
  ],
  google_kms_key_ring: [{ attribute: 'name' }, ...projectAndLocation('location')],
  google_logging_project_bucket_config: [{ attribute: 'bucket_id' }, ...projectAndLocation('location')],
  google_backup_dr_backup_vault: [{ attribute: 'backup_vault_id' }, ...projectAndLocation('location')],
  // mmv1/products/firestore/Database.yaml: name, location_id, cmek_config and database_edition are immutable.
  google_firestore_database: [
    { attribute: 'name' },
    ...projectAndLocation('location_id'),
    { attribute: 'cmek_config.kms_key_name' },
    { attribute: 'database_edition' },
  ],
};

export interface TerraformProtection {
  readonly attribute: string;
  /** True when the value protects the data (the provider default decides for an absent value). */
  readonly protects: (value: Json | undefined) => boolean;
}

const preventDestroy: TerraformProtection = { attribute: 'lifecycle.prevent_destroy', protects: (v) => v === true };

/**
 * What stands between a stateful GCP resource and its deletion: Terraform's prevent_destroy on all of
 * them, plus each provider-side guard (deletion_protection defaults to true; force_destroy and
 * force_delete default to false; a database's deletion_policy defaults to DELETE).
 */
export const TERRAFORM_PROTECTIONS: Readonly<Record<string, readonly TerraformProtection[]>> = {
  google_storage_bucket: [preventDestroy, { attribute: 'force_destroy', protects: (v) => v !== true }],
  google_sql_database_instance: [preventDestroy, { attribute: 'deletion_protection', protects: (v) => v !== false }],
  google_sql_database: [preventDestroy, { attribute: 'deletion_policy', protects: (v) => v === 'ABANDON' }],
  google_kms_crypto_key: [preventDestroy],
  google_kms_key_ring: [preventDestroy],
  google_logging_project_bucket_config: [preventDestroy],
  google_backup_dr_backup_vault: [preventDestroy, { attribute: 'force_delete', protects: (v) => v !== true }],
  // deletion_policy defaults to ABANDON (Terraform lets go, the database stays); delete protection defaults to off.
  google_firestore_database: [
    preventDestroy,
    { attribute: 'deletion_policy', protects: (v) => v !== 'DELETE' },
    { attribute: 'delete_protection_state', protects: (v) => v === 'DELETE_PROTECTION_ENABLED' },
  ],
};
