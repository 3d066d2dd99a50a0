import type { Json } from '../types';
import { asArray, isObject, type Resource } from './template';

/**
 * Which KMS key each encrypting resource names, read one way for every check (ENC-REST, the
 * recovery points of KEY-SEPARATE, the erasure of ERASURE): a check that judges a store's key and a
 * check that follows it to its deletion must never disagree on which key that is.
 */

/** Where each encrypting resource type names its key, as a path under Properties (S3 buckets and global tables: below). */
export const KEY_PROPERTY: Readonly<Record<string, readonly string[]>> = {
  'AWS::RDS::DBCluster': ['KmsKeyId'],
  'AWS::Logs::LogGroup': ['KmsKeyId'],
  'AWS::SNS::Topic': ['KmsMasterKeyId'],
  'AWS::SQS::Queue': ['KmsMasterKeyId'],
  'AWS::SecretsManager::Secret': ['KmsKeyId'],
  'AWS::Backup::BackupVault': ['EncryptionKeyArn'],
  'AWS::CloudTrail::Trail': ['KMSKeyId'],
  'AWS::DynamoDB::Table': ['SSESpecification', 'KMSMasterKeyId'],
  'AWS::EFS::FileSystem': ['KmsKeyId'],
  'AWS::ECR::Repository': ['EncryptionConfiguration', 'KmsKey'],
};

function at(props: Json | undefined, path: readonly string[]): Json | undefined {
  return path.reduce<Json | undefined>((v, key) => (isObject(v) ? v[key] : undefined), props);
}

/**
 * The customer-managed key of a DynamoDB global table: SSE on with SSEType KMS, and the key every
 * replica names (each replica has its own, in its region); undefined if any replica names none.
 */
export function globalTableKey(table: Resource): Json | undefined {
  const sse = isObject(table.props.SSESpecification) ? table.props.SSESpecification : undefined;
  if (sse?.SSEEnabled !== true || sse.SSEType !== 'KMS') return undefined;
  const keys = asArray(table.props.Replicas)
    .filter(isObject)
    .map((r) => (isObject(r.SSESpecification) ? r.SSESpecification.KMSMasterKeyId : undefined));
  return keys.length > 0 && keys.every((k) => k !== undefined) ? keys[0] : undefined;
}

/** The default encryption of a bucket: its algorithm and, for SSE-KMS, its key. */
export function s3Default(bucket: Resource): { algorithm?: Json; key?: Json } {
  const rule = asArray(at(bucket.props, ['BucketEncryption', 'ServerSideEncryptionConfiguration']))[0];
  const byDefault = isObject(rule) && isObject(rule.ServerSideEncryptionByDefault) ? rule.ServerSideEncryptionByDefault : undefined;
  return { algorithm: byDefault?.SSEAlgorithm, key: byDefault?.KMSMasterKeyID };
}

/** The key `resource` names (a bucket's default SSE-KMS key, every replica's for a global table), undefined when none or not an encrypting type. */
export function storeKey(resource: Resource): Json | undefined {
  if (resource.type === 'AWS::S3::Bucket') return s3Default(resource).key;
  if (resource.type === 'AWS::DynamoDB::GlobalTable') return globalTableKey(resource);
  const path = KEY_PROPERTY[resource.type];
  return path === undefined ? undefined : at(resource.props, path);
}
