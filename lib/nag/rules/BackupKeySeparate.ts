import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/** Where data-holding resources name their KMS key (top-level property paths, CloudFormation names). */
export const DATA_KEY_PROPERTIES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'AWS::S3::Bucket': [['BucketEncryption', 'ServerSideEncryptionConfiguration', '*', 'ServerSideEncryptionByDefault', 'KMSMasterKeyID']],
  'AWS::RDS::DBCluster': [['KmsKeyId'], ['PerformanceInsightsKmsKeyId']],
  'AWS::RDS::DBInstance': [['KmsKeyId'], ['PerformanceInsightsKMSKeyId']],
  'AWS::DynamoDB::Table': [['SSESpecification', 'KMSMasterKeyId']],
  'AWS::EFS::FileSystem': [['KmsKeyId']],
  'AWS::EC2::Volume': [['KmsKeyId']],
  'AWS::SecretsManager::Secret': [['KmsKeyId']],
};

/** A key reference reduced to something comparable: the logical id of a key in the template, or the literal string. */
export function keyIdentity(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return `logical:${v.Ref}`;
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return `logical:${getAtt[0]}`;
    return JSON.stringify(value);
  }
  return undefined;
}

function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [value];
  if (value === null || typeof value !== 'object') return [];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  return valuesAt((value as Record<string, unknown>)[head], rest);
}

/** Identities of every key that encrypts data (S3, RDS, DynamoDB, EFS, EBS, secrets) in the stack of `scope`. */
export function dataKeyIdentities(scope: CfnResource): Set<string> {
  const ids = new Set<string>();
  for (const node of Stack.of(scope).node.findAll()) {
    if (!(node instanceof CfnResource)) continue;
    const paths = DATA_KEY_PROPERTIES[node.cfnResourceType];
    if (paths === undefined) continue;
    const props = resolvedProperties(node);
    for (const path of paths) {
      for (const v of valuesAt(props, path)) {
        const id = keyIdentity(v);
        if (id !== undefined) ids.add(id);
      }
    }
  }
  return ids;
}

/**
 * KEY-SEPARATE: a backup vault is encrypted with a customer-managed key of its own, never with a key
 * that also encrypts data in the same stack (an S3 bucket, RDS cluster, DynamoDB table, EFS, EBS
 * volume or secret). Keys are compared by logical id (or literal ARN).
 */
export const BackupKeySeparate: RampartRule = {
  id: 'BackupKeySeparate',
  controls: ['KEY-SEPARATE'],
  info: 'The backup vault has no customer-managed key, or uses a key that also encrypts data in this stack.',
  explanation:
    "The published policy promises that backups are encrypted with separate keys. Set EncryptionKeyArn to the key ring's backup key (usable only through AWS Backup), never the data key, so that one leaked grant cannot read both data and its backups.",
  check(resource: CfnResource) {
    if (resource.cfnResourceType !== 'AWS::Backup::BackupVault') return NagRuleCompliance.NOT_APPLICABLE;
    const vaultKey = keyIdentity(resolvedProperties(resource).EncryptionKeyArn);
    if (vaultKey === undefined) return NagRuleCompliance.NON_COMPLIANT;
    return dataKeyIdentities(resource).has(vaultKey) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
