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
