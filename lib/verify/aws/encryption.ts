import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { ControlCheck } from '../types';
import { dataKeysOf, recoveryPointEvidence } from './recovery-points';
import { globalTableKey, KEY_PROPERTY, s3Default, storeKey } from './store-keys';
import { referencedLogicalId, resources, type Resource } from './template';

/** ENC-REST, KEY-ROTATE, KEY-SEPARATE, BYOK and TLS-EDGE, read from CloudFormation templates. */

const S3_AT_REST: EvidenceKind = {
  control: 'ENC-REST',
  kind: 's3-default-encryption',
  subject: 'buckets encrypted by default (SSE-KMS, or SSE-S3 where S3 access-log delivery requires it)',
  expected: 'BucketEncryption SSEAlgorithm aws:kms, aws:kms:dsse or AES256',
};
const KEYED_AT_REST: EvidenceKind = {
  control: 'ENC-REST',
  kind: 'store-under-customer-key',
  subject: 'data stores, logs, topics, secrets, vaults and trails under a customer-managed key',
  expected: 'a KMS key named on the resource',
};
const DB_STORAGE: EvidenceKind = {
  control: 'ENC-REST',
  kind: 'database-storage-encrypted',
  subject: 'database clusters with encrypted storage',
  expected: 'StorageEncrypted: true',
};

const encRest: ControlCheck = (context) => {
  const { stack } = context;
  const buckets = resources(stack, 'AWS::S3::Bucket').map((b) => {
    const { algorithm } = s3Default(b);
    const ok = algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse' || algorithm === 'AES256';
    const place = { resource: b.id, pointer: pointer('Resources', b.id, 'Properties', 'BucketEncryption') };
    return observe(context, S3_AT_REST, place, algorithm, ok);
  });
  const keyed = resources(stack, ...Object.keys(KEY_PROPERTY)).map((r) => {
    const path = KEY_PROPERTY[r.type];
    const key = storeKey(r);
    return observe(context, KEYED_AT_REST, { resource: r.id, pointer: pointer('Resources', r.id, 'Properties', ...path) }, key, key !== undefined);
  });
  const globalTables = resources(stack, 'AWS::DynamoDB::GlobalTable').map((t) => {
    const key = globalTableKey(t);
    return observe(context, KEYED_AT_REST, { resource: t.id, pointer: pointer('Resources', t.id, 'Properties', 'Replicas') }, key, key !== undefined);
  });
  const databases = resources(stack, 'AWS::RDS::DBCluster').map((db) =>
    observe(
      context,
      DB_STORAGE,
      { resource: db.id, pointer: pointer('Resources', db.id, 'Properties', 'StorageEncrypted') },
      db.props.StorageEncrypted,
      db.props.StorageEncrypted === true,
    ),
  );
  return [...buckets, ...keyed, ...globalTables, ...databases];
};

/** KMS keys whose rotation AWS can run: symmetric keys with AWS-generated material. */
function rotatable(key: Resource): boolean {
  const spec = key.props.KeySpec;
  return spec === undefined || spec === 'SYMMETRIC_DEFAULT';
}

/** KMS rotates yearly when a key enables rotation without a period (a service default, not a policy number). */
const KMS_DEFAULT_ROTATION_DAYS = 365; // KMS's default: not a policy number

const ROTATION = (maxDays: number): EvidenceKind => ({
  control: 'KEY-ROTATE',
  kind: 'kms-automatic-rotation',
  subject: 'customer-managed keys rotating automatically',
  expected: `EnableKeyRotation: true, RotationPeriodInDays <= ${maxDays} (${KMS_DEFAULT_ROTATION_DAYS} when absent)`,
  exception: 'KEY-ROTATE-BYOK-IMPORTED-MATERIAL',
});

const keyRotate: ControlCheck = (context) => {
  const maxDays = context.metadata.policy.keyRotation.awsMaxDays;
  return resources(context.stack, 'AWS::KMS::Key')
    .filter(rotatable)
    .map((key) => {
      const period = typeof key.props.RotationPeriodInDays === 'number' ? key.props.RotationPeriodInDays : KMS_DEFAULT_ROTATION_DAYS;
      const ok = key.props.EnableKeyRotation === true && period <= maxDays && key.props.Origin !== 'EXTERNAL';
      // Only imported material may ride on the BYOK exception; any other key that does not rotate fails outright.
      const kind = key.props.Origin === 'EXTERNAL' ? ROTATION(maxDays) : { ...ROTATION(maxDays), exception: undefined };
      const value = { EnableKeyRotation: key.props.EnableKeyRotation ?? null, RotationPeriodInDays: period, Origin: key.props.Origin ?? 'AWS_KMS' };
      return observe(
        context,
        kind,
        { resource: key.id, pointer: pointer('Resources', key.id, 'Properties', 'EnableKeyRotation') },
        value,
        ok,
        'contradicted',
      );
    });
};

const VAULT_KEY: EvidenceKind = {
  control: 'KEY-SEPARATE',
  kind: 'vault-key-never-encrypts-data',
  subject: 'backup vaults under a key no live data store uses',
  expected: "the vault's EncryptionKeyArn is a key that encrypts no bucket, database, table or file system",
};

const keySeparate: ControlCheck = (context) => {
  const { stack } = context;
  const dataKeys = dataKeysOf(stack);
  const vaults = resources(stack, 'AWS::Backup::BackupVault').map((vault) => {
    const key = referencedLogicalId(vault.props.EncryptionKeyArn);
    const ok = key !== undefined && !dataKeys.has(key);
    return observe(
      context,
      VAULT_KEY,
      { resource: vault.id, pointer: pointer('Resources', vault.id, 'Properties', 'EncryptionKeyArn') },
      key ?? null,
      ok,
    );
  });
  // Where every tier of every backed-up store is really kept, and what stays under a data key (recovery-points.ts).
  return [...vaults, ...recoveryPointEvidence(context)];
};

const BYOK_KEY: EvidenceKind = {
  control: 'BYOK',
  kind: 'byok-data-key-external',
  subject: "BYOK tenants' SSE-KMS buckets under the customer's imported key material",
  expected: 'the bucket key is an AWS::KMS::Key with Origin EXTERNAL',
};

const byok: ControlCheck = (context) => {
  if (context.metadata.tenant?.byok !== true) return [];
  const keysById = new Map(resources(context.stack, 'AWS::KMS::Key').map((k) => [k.id, k]));
  return resources(context.stack, 'AWS::S3::Bucket')
    .filter((b) => s3Default(b).algorithm === 'aws:kms')
    .map((b) => {
      const key = referencedLogicalId(s3Default(b).key);
      const origin = key === undefined ? undefined : keysById.get(key)?.props.Origin;
      const place = { resource: b.id, pointer: pointer('Resources', b.id, 'Properties', 'BucketEncryption') };
      return observe(
        context,
        BYOK_KEY,
        place,
        key === undefined ? null : `${key}: Origin ${String(origin ?? 'AWS_KMS')}`,
        origin === 'EXTERNAL',
        'contradicted',
      );
    });
};

export const ENCRYPTION_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'ENC-REST': [encRest],
  'KEY-ROTATE': [keyRotate],
  'KEY-SEPARATE': [keySeparate],
  BYOK: [byok],
};
