/**
 * CloudFormation resource types that hold data (or the keys to it) and must survive any deploy:
 * deleting or replacing one of these destroys data. Used by the NoLoss rule.
 */
export const STATEFUL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::EFS::FileSystem',
  'AWS::Logs::LogGroup',
  'AWS::Backup::BackupVault',
  'AWS::ECR::Repository',
  'AWS::SecretsManager::Secret',
  'AWS::CloudTrail::Trail',
]);

/**
 * The Terraform (Google provider) resource types that hold data or the keys to it: the GCP
 * counterpart of STATEFUL_RESOURCE_TYPES, read by the GCP policy suite, the verifier and the diff.
 */
export const STATEFUL_TERRAFORM_TYPES: readonly string[] = [
  'google_kms_key_ring',
  'google_kms_crypto_key',
  'google_storage_bucket',
  'google_logging_project_bucket_config',
  'google_sql_database_instance',
  'google_sql_database',
  'google_backup_dr_backup_vault',
  'google_firestore_database',
];

/**
 * The stateful Terraform types protected with `lifecycle.prevent_destroy`. A Cloud SQL database is
 * protected differently: `deletion_policy = "ABANDON"` leaves it in its instance when Terraform lets go.
 */
export const PREVENT_DESTROY_TERRAFORM_TYPES: readonly string[] = STATEFUL_TERRAFORM_TYPES.filter((type) => type !== 'google_sql_database');
