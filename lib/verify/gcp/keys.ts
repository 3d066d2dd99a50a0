import type { ControlId } from '../../promises/control-ids';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence } from '../types';
import { transferJobs } from './storage';
import { at, DAY_SECONDS, durationSeconds, get, resolve, resources, str, type TfResource } from './terraform';

/** ENC-REST, KEY-ROTATE, KEY-SEPARATE on Google Cloud: Cloud KMS keys, who uses them, how they rotate. */

/** A data store and where it names its customer-managed key. */
interface Store {
  readonly resource: TfResource;
  readonly keyPath: readonly string[];
}

const STORE_KEY_PATHS: Readonly<Record<string, readonly string[]>> = {
  google_storage_bucket: ['encryption', 'default_kms_key_name'],
  google_sql_database_instance: ['encryption_key_name'],
  google_logging_project_bucket_config: ['cmek_settings', 'kms_key_name'],
};

function stores(context: CheckContext): Store[] {
  return Object.entries(STORE_KEY_PATHS).flatMap(([type, keyPath]) => resources(context.stack, type).map((resource) => ({ resource, keyPath })));
}

/** The google_kms_crypto_key of the stack a store's key attribute refers to, if any. */
function keyOf(context: CheckContext, store: Store): TfResource | undefined {
  const key = resolve(context.stack, get(store.resource, ...store.keyPath));
  return key?.type === 'google_kms_crypto_key' ? key : undefined;
}

const STORE_CMEK: Readonly<Record<string, EvidenceKind>> = {
  google_storage_bucket: {
    control: 'ENC-REST',
    kind: 'gcp-bucket-cmek',
    subject: 'Cloud Storage buckets encrypted with a Cloud KMS key of the stack',
    expected: 'encryption.default_kms_key_name refers to a google_kms_crypto_key of the stack',
  },
  google_sql_database_instance: {
    control: 'ENC-REST',
    kind: 'gcp-sql-cmek',
    subject: 'Cloud SQL instances encrypted with a Cloud KMS key of the stack',
    expected: 'encryption_key_name refers to a google_kms_crypto_key of the stack',
  },
  google_logging_project_bucket_config: {
    control: 'ENC-REST',
    kind: 'gcp-log-bucket-cmek',
    subject: 'log buckets encrypted with a Cloud KMS key of the stack',
    expected: 'cmek_settings.kms_key_name refers to a google_kms_crypto_key of the stack',
  },
};

const ANY_STORE: EvidenceKind = {
  control: 'ENC-REST',
  kind: 'gcp-data-stores',
  subject: 'stacks with data stores',
  expected: 'the recordings stack declares its buckets, database and log bucket',
};

const KEY_ALGORITHM: EvidenceKind = {
  control: 'ENC-REST',
  kind: 'gcp-kms-key-algorithm',
  subject: 'Cloud KMS keys that are AES-256-GCM',
  expected: 'purpose ENCRYPT_DECRYPT with version_template.algorithm GOOGLE_SYMMETRIC_ENCRYPTION (AES-256-GCM; both are the defaults)',
};

const encRest: ControlCheck = (context) => {
  const all = stores(context);
  if (all.length === 0) return [absent(context, ANY_STORE, pointer('resource'))];
  const evidence: Evidence[] = all.map((store) => {
    const value = get(store.resource, ...store.keyPath);
    return observe(context, STORE_CMEK[store.resource.type], at(store.resource, ...store.keyPath), value, keyOf(context, store) !== undefined);
  });
  for (const key of resources(context.stack, 'google_kms_crypto_key')) {
    const purpose = str(get(key, 'purpose')) ?? 'ENCRYPT_DECRYPT';
    const algorithm = get(key, 'version_template', 'algorithm');
    const ok = purpose === 'ENCRYPT_DECRYPT' && (algorithm === undefined || algorithm === 'GOOGLE_SYMMETRIC_ENCRYPTION');
    const place = algorithm === undefined ? at(key, 'purpose') : at(key, 'version_template', 'algorithm');
    evidence.push(observe(context, KEY_ALGORITHM, place, algorithm ?? get(key, 'purpose'), ok));
  }
  return evidence;
};

const ROTATION: EvidenceKind = {
  control: 'KEY-ROTATE',
  kind: 'gcp-kms-key-rotation',
  subject: 'Cloud KMS keys rotating automatically within the policy period',
  expected: 'rotation_period at most policy.keyRotation.gcpMaxDays, on a key Cloud KMS can rotate (not import_only)',
};

const ANY_KEY: EvidenceKind = {
  control: 'KEY-ROTATE',
  kind: 'gcp-kms-keys',
  subject: 'stacks with Cloud KMS keys',
  expected: 'the stack defines the Cloud KMS keys its stores use',
};

const keyRotate: ControlCheck = (context) => {
  const maxSeconds = context.metadata.policy.keyRotation.gcpMaxDays * DAY_SECONDS;
  const expected = `${ROTATION.expected}: ${context.metadata.policy.keyRotation.gcpMaxDays} days (${maxSeconds}s)`;
  const keys = resources(context.stack, 'google_kms_crypto_key');
  if (keys.length === 0) return [absent(context, ANY_KEY, pointer('resource', 'google_kms_crypto_key'))];
  return keys.map((key) => {
    const value = get(key, 'rotation_period');
    const seconds = durationSeconds(value);
    const ok = seconds !== undefined && seconds > 0 && seconds <= maxSeconds && get(key, 'import_only') !== true;
    return observe(context, { ...ROTATION, expected }, at(key, 'rotation_period'), value, ok);
  });
};

const OWN_KEY: EvidenceKind = {
  control: 'KEY-SEPARATE',
  kind: 'gcp-store-own-key',
  subject: 'data stores with a key of their own',
  expected: 'no other bucket, database or log bucket of the stack uses the same Cloud KMS key',
};

const TRANSFER_SINK_KEY: EvidenceKind = {
  control: 'KEY-SEPARATE',
  kind: 'gcp-transfer-sink-key',
  subject: 'transfer jobs writing into a backup bucket under its own key',
  expected: 'gcs_data_sink names a bucket of the stack, not the source, encrypted with a Cloud KMS key other than the source bucket key',
};

const TRANSFER_REENCRYPT: EvidenceKind = {
  control: 'KEY-SEPARATE',
  kind: 'gcp-transfer-reencrypt',
  subject: 'transfer jobs re-encrypting copies with the backup bucket key',
  expected: 'transfer_options.metadata_options.kms_key is KMS_KEY_DESTINATION_BUCKET_DEFAULT',
};

const ANY_TRANSFER: EvidenceKind = {
  control: 'KEY-SEPARATE',
  kind: 'gcp-backup-transfers',
  subject: 'stacks copying their buckets into a backup bucket',
  expected: 'a google_storage_transfer_job copies each data bucket into a backup bucket',
};

const keySeparate: ControlCheck = (context) => {
  const all = stores(context);
  const evidence: Evidence[] = all.map((store) => {
    const key = keyOf(context, store);
    const sharing = all.filter((other) => other !== store && key !== undefined && keyOf(context, other)?.address === key.address);
    const value = get(store.resource, ...store.keyPath);
    return observe(context, OWN_KEY, at(store.resource, ...store.keyPath), value, key !== undefined && sharing.length === 0);
  });
  const jobs = transferJobs(context.stack);
  if (jobs.length === 0) evidence.push(absent(context, ANY_TRANSFER, pointer('resource', 'google_storage_transfer_job')));
  for (const { job, source, sink } of jobs) {
    const sinkKey = sink === undefined ? undefined : keyOf(context, { resource: sink, keyPath: STORE_KEY_PATHS.google_storage_bucket });
    const sourceKey = source === undefined ? undefined : keyOf(context, { resource: source, keyPath: STORE_KEY_PATHS.google_storage_bucket });
    const separate = sink !== undefined && sink !== source && sinkKey !== undefined && sinkKey.address !== sourceKey?.address;
    const sinkName = get(job, 'transfer_spec', 'gcs_data_sink', 'bucket_name');
    evidence.push(observe(context, TRANSFER_SINK_KEY, at(job, 'transfer_spec', 'gcs_data_sink', 'bucket_name'), sinkName, separate));
    const path = ['transfer_spec', 'transfer_options', 'metadata_options', 'kms_key'];
    const kmsKey = get(job, ...path);
    evidence.push(observe(context, TRANSFER_REENCRYPT, at(job, ...path), kmsKey, kmsKey === 'KMS_KEY_DESTINATION_BUCKET_DEFAULT'));
  }
  return evidence;
};

export const KEY_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'ENC-REST': [encRest],
  'KEY-ROTATE': [keyRotate],
  'KEY-SEPARATE': [keySeparate],
};
