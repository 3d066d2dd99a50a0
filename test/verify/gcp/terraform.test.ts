import type { Assembly, JsonObject, StackArtifact } from '../../../lib/verify/types';
import { backupBuckets, dataBuckets, deleteRules, softDeleteSeconds, transferJobs } from '../../../lib/verify/gcp/storage';
import {
  at,
  dataSources,
  durationSeconds,
  get,
  lookup,
  preventsDestroy,
  projectOf,
  reference,
  referenced,
  referencesIn,
  resolve,
  resources,
} from '../../../lib/verify/gcp/terraform';
import { GCP_CHECKS } from '../../../lib/verify/gcp';
import type { CheckContext } from '../../../lib/verify/types';
import { PUBLISHED_POLICY } from '../../../lib/promises/policy-numbers';

/** The Terraform JSON reader of lib/verify/gcp on a small hand-written cdk.tf.json. */

const TEMPLATE: JsonObject = {
  provider: { google: [{ project: 'p1', region: 'europe-west1' }] },
  data: { google_storage_project_service_account: { 'storage-agent': { project: 'p1' } } },
  resource: {
    google_kms_crypto_key: {
      data_key: { name: 'data', rotation_period: '7776000s', lifecycle: { prevent_destroy: true } },
      'backup-key_A1': { name: 'backups', rotation_period: '7776000s' },
    },
    google_storage_bucket: {
      data: {
        name: 'my-data',
        location: 'EUROPE-WEST1',
        encryption: [{ default_kms_key_name: '${google_kms_crypto_key.data_key.id}' }],
        lifecycle_rule: [
          { action: { type: 'SetStorageClass' }, condition: { age: 1 } },
          { action: [{ type: 'Delete' }], condition: [{ age: 30, matches_prefix: ['workspaces/a/'] }] },
        ],
        soft_delete_policy: { retention_duration_seconds: 0 },
      },
      copies: { name: 'my-copies', project: 'p2', encryption: { default_kms_key_name: '${google_kms_crypto_key.backup-key_A1.id}' } },
    },
    google_storage_transfer_job: {
      hourly: {
        transfer_spec: {
          gcs_data_source: { bucket_name: 'my-data' },
          gcs_data_sink: { bucket_name: '${google_storage_bucket.copies.name}', path: 'hourly/' },
        },
      },
    },
    google_kms_crypto_key_iam_member: {
      agent: {
        crypto_key_id: '${google_kms_crypto_key.data_key.id}',
        member: 'serviceAccount:${data.google_storage_project_service_account.storage-agent.email_address}',
      },
    },
  },
};

const STACK: StackArtifact = {
  cloud: 'gcp',
  id: 's',
  name: 's',
  account: 'p1',
  region: 'europe-west1',
  file: 'stacks/s/cdk.tf.json',
  template: TEMPLATE,
};

describe('GIVEN a Terraform JSON configuration', () => {
  test('GIVEN resources of several types THEN they are listed by type with their Terraform addresses', () => {
    expect(resources(STACK, 'google_storage_bucket').map((r) => r.address)).toEqual(['google_storage_bucket.data', 'google_storage_bucket.copies']);
    expect(resources(STACK).length).toBe(6);
    expect(dataSources(STACK).map((r) => r.address)).toEqual(['data.google_storage_project_service_account.storage-agent']);
    expect(resources({ ...STACK, template: {} })).toEqual([]);
  });

  test('GIVEN a nested block written as a list or as an object THEN both read the same, and the pointer shows the index', () => {
    const [data, copies] = resources(STACK, 'google_storage_bucket');
    expect(get(data, 'encryption', 'default_kms_key_name')).toBe('${google_kms_crypto_key.data_key.id}');
    expect(at(data, 'encryption', 'default_kms_key_name')).toEqual({
      resource: 'google_storage_bucket.data',
      pointer: '/resource/google_storage_bucket/data/encryption/0/default_kms_key_name',
    });
    expect(at(copies, 'encryption', 'default_kms_key_name').pointer).toBe('/resource/google_storage_bucket/copies/encryption/default_kms_key_name');
    expect(lookup({ a: [{ b: 1 }] }, ['a', 'b'])).toEqual({ value: 1, at: ['a', 0, 'b'] });
    expect(lookup({ a: 1 }, ['x', 'y'])).toEqual({ value: undefined, at: ['x', 'y'] });
  });

  test('GIVEN Terraform references THEN each resolves to the block it names, data sources and hyphenated names included', () => {
    expect(reference('${google_kms_crypto_key.backup-key_A1.id}')).toEqual({
      block: 'resource',
      type: 'google_kms_crypto_key',
      name: 'backup-key_A1',
      attribute: 'id',
    });
    expect(reference('projects/x/${google_kms_crypto_key.data_key.id}')).toBeUndefined();
    expect(reference('plain')).toBeUndefined();
    expect(resolve(STACK, '${google_kms_crypto_key.data_key.id}')?.address).toBe('google_kms_crypto_key.data_key');
    expect(resolve(STACK, '${google_kms_crypto_key.elsewhere.id}')).toBeUndefined();
    const member = '${data.google_storage_project_service_account.storage-agent.email_address}';
    expect(resolve(STACK, member)?.address).toBe('data.google_storage_project_service_account.storage-agent');
    expect(referencesIn({ d: ['logging.googleapis.com/x/${google_storage_bucket.data.name}/y/${data.google_project.p.number}'] })).toEqual([
      { block: 'resource', type: 'google_storage_bucket', name: 'data', attribute: 'name' },
      { block: 'data', type: 'google_project', name: 'p', attribute: 'number' },
    ]);
    expect(referenced(STACK, 'a ${google_storage_bucket.data.name} b ${google_storage_bucket.gone.name}').map((r) => r.address)).toEqual([
      'google_storage_bucket.data',
    ]);
  });

  test('GIVEN durations, lifecycle and projects THEN they read as Terraform applies them', () => {
    expect(durationSeconds('7776000s')).toBe(7776000);
    expect(durationSeconds('1.5s')).toBe(1.5);
    expect(durationSeconds('90d')).toBeUndefined();
    expect(durationSeconds(7776000)).toBeUndefined();
    const [key, other] = resources(STACK, 'google_kms_crypto_key');
    expect([preventsDestroy(key), preventsDestroy(other)]).toEqual([true, false]);
    const [data, copies] = resources(STACK, 'google_storage_bucket');
    expect([projectOf(STACK, data), projectOf(STACK, copies)]).toEqual(['p1', 'p2']);
  });

  test('GIVEN buckets and a transfer job THEN sources and sinks resolve by reference or literal name, and Delete rules are found', () => {
    const [job] = transferJobs(STACK);
    expect([job.source?.address, job.sink?.address, job.sinkPath]).toEqual(['google_storage_bucket.data', 'google_storage_bucket.copies', 'hourly/']);
    expect(backupBuckets(STACK).map((b) => b.name)).toEqual(['copies']);
    expect(dataBuckets(STACK).map((b) => b.name)).toEqual(['data']);
    const [data, copies] = resources(STACK, 'google_storage_bucket');
    expect(deleteRules(data)).toEqual([{ index: 1, condition: { age: 30, matches_prefix: ['workspaces/a/'] }, prefixes: ['workspaces/a/'] }]);
    expect([softDeleteSeconds(data), softDeleteSeconds(copies)]).toEqual([0, 604800]);
  });

  test('GIVEN a small, incomplete configuration THEN every GCP check runs on a partial configuration without throwing', () => {
    const metadata = {
      schemaVersion: 1,
      kind: 'gcp-recordings' as const,
      path: 's',
      dataClasses: ['eu' as const],
      controls: [],
      policy: PUBLISHED_POLICY,
      acceptedExceptions: [],
    };
    const assembly: Assembly = { gcpDir: '/x', stacks: [{ ...STACK, metadata }] };
    const context: CheckContext = { stack: assembly.stacks[0], metadata, assembly };
    const outcomes = Object.values(GCP_CHECKS).flatMap((checks) => (checks ?? []).flatMap((check) => check(context).map((e) => e.outcome)));
    expect(outcomes).toContain('holds');
    expect(outcomes).toContain('missing');
    expect(outcomes).toContain('contradicted');
  });
});

describe('GIVEN IAM policies written as whole policies', () => {
  const template: JsonObject = {
    provider: { google: [{ project: 'p1', region: 'us-central1' }] },
    data: { google_iam_policy: { admins: { binding: [{ role: 'roles/cloudkms.admin', members: ['user:someone@example.com'] }] } } },
    resource: {
      google_kms_crypto_key: { k: { name: 'k', rotation_period: '7776000s' } },
      google_kms_crypto_key_iam_policy: {
        key: { crypto_key_id: '${google_kms_crypto_key.k.id}', policy_data: '${data.google_iam_policy.admins.policy_data}' },
      },
      google_storage_bucket_iam_policy: {
        literal: { bucket: 'b', policy_data: JSON.stringify({ bindings: [{ role: 'roles/editor', members: ['group:all@example.com'] }] }) },
        unreadable: { bucket: 'b', policy_data: '${jsonencode(local.policy)}' },
      },
    },
  };
  const stack: StackArtifact = { ...STACK, region: 'us-central1', template };
  const metadata = {
    schemaVersion: 1,
    kind: 'gcp-recordings' as const,
    path: 's',
    dataClasses: [],
    controls: [],
    policy: PUBLISHED_POLICY,
    acceptedExceptions: [],
  };
  const failing = (): [string, string | undefined][] =>
    (GCP_CHECKS['LEAST-PRIV'] ?? [])
      .flatMap((check) => check({ stack, metadata, assembly: { stacks: [stack] } }))
      .filter((e) => e.outcome !== 'holds')
      .map((e) => [e.kind, e.resource]);

  test('GIVEN a key policy from data.google_iam_policy, a literal bucket policy and an unreadable one THEN each failing grant is named', () => {
    expect(failing()).toEqual([
      ['gcp-kms-key-user', 'data.google_iam_policy.admins'],
      ['gcp-iam-no-basic-role', 'google_storage_bucket_iam_policy.literal'],
      ['gcp-iam-no-basic-role', 'google_storage_bucket_iam_policy.unreadable'],
      ['gcp-iam-named-members', 'google_storage_bucket_iam_policy.unreadable'],
    ]);
  });
});
