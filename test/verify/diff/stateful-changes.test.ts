import { STATEFUL_RESOURCE_TYPES } from '../../../lib/nag/stateful-types';
import { securityDiff } from '../../../lib/verify/diff/security-diff';
import { securityDiffMarkdown } from '../../../lib/verify/diff/security-diff-markdown';
import { statefulChanges } from '../../../lib/verify/diff/stateful-changes';
import type { Assembly } from '../../../lib/verify/types';
import { asAssembly, copyOf, NO_VERIFICATION, renameLogicalId, stackOf, synthesizeRealBuild, type MutableAssembly } from './builds';

const PLATFORM = 'prod-us-east-1/platform';
const ACME = 'prod-us-east-1/tenant-acme';
const INITECH = 'prod-us-east-1/tenant-initech';
const GCP_US = 'example-saas-prod-recordings-us';
const RECORDINGS = 'google_storage_bucket.recordings_bucket_2E22DD0A';

let base: Assembly;
let next: MutableAssembly;

beforeAll(() => {
  base = synthesizeRealBuild();
});

beforeEach(() => {
  next = copyOf(base);
});

const changes = () => statefulChanges(base, asAssembly(next));
const diff = (acknowledgments = [] as { stack: string; resource?: string; reason: string }[]) =>
  securityDiff({ base, next: asAssembly(next), baseVerification: NO_VERIFICATION, nextVerification: NO_VERIFICATION, acknowledgments });
const gcpResource = (key: string): any => {
  const [type, name] = key.split('.');
  return stackOf(next, GCP_US).template.resource[type][name];
};

describe('statefulChanges on the real build', () => {
  test('GIVEN two identical builds THEN there is no change, nothing blocks and the Markdown says so', () => {
    expect(changes()).toEqual([]);
    const result = diff();
    expect(result).toMatchObject({ stateful: [], controls: [], blocking: [], acknowledged: [], ok: true });
    expect(securityDiffMarkdown(result)).toContain('No weakening and no data loss.');
  });

  test('GIVEN the Aurora cluster under a new logical id (renamed construct) THEN it is removed (orphaned), its instances replaced; it blocks', () => {
    renameLogicalId(stackOf(next, PLATFORM).template, 'DatabaseCluster', 'DatabaseClusterV2');
    const found = changes().filter((c) => c.stack === PLATFORM);
    expect(found.find((c) => c.resource === 'DatabaseCluster')).toMatchObject({
      kind: 'removed',
      type: 'AWS::RDS::DBCluster',
      pointer: '/Resources/DatabaseCluster',
      file: expect.stringContaining('produseast1platform'),
      effect: expect.stringContaining('orphaned (DeletionPolicy Retain): stays in the account but leaves the stack'),
    });
    // The writer and reader name the cluster by Ref: the new logical id is a new DBClusterIdentifier for them.
    const instances = found.filter((c) => c.type === 'AWS::RDS::DBInstance');
    expect(instances).toHaveLength(2);
    expect(instances[0]).toMatchObject({
      kind: 'replaced',
      property: 'DBClusterIdentifier',
      before: { Ref: 'DatabaseCluster' },
      after: { Ref: 'DatabaseClusterV2' },
    });
    const result = diff();
    expect(result.ok).toBe(false);
    expect(result.blocking).toContainEqual(expect.objectContaining({ category: 'data-loss', stack: PLATFORM, resource: 'DatabaseCluster' }));
    const markdown = securityDiffMarkdown(result);
    expect(markdown).toMatch(
      /\| `prod-us-east-1\/platform` \| `DatabaseCluster` \| AWS::RDS::DBCluster \| \*\*removed\*\*: absent from the next build/,
    );
    expect(markdown).toContain('unacknowledged');
  });

  test('GIVEN a new BucketName on the data bucket THEN the bucket is replaced, with both names and the pointer to the property', () => {
    const data = stackOf(next, PLATFORM).template.Resources.Data;
    const name = data.Properties.BucketName;
    data.Properties.BucketName = 'renamed-data-bucket';
    expect(changes()).toEqual([
      expect.objectContaining({
        kind: 'replaced',
        stack: PLATFORM,
        resource: 'Data',
        type: 'AWS::S3::Bucket',
        property: 'BucketName',
        pointer: '/Resources/Data/Properties/BucketName',
        before: name,
        after: 'renamed-data-bucket',
        effect: expect.stringContaining('a new, empty AWS::S3::Bucket takes its place; the old one stays in the account'),
      }),
    ]);
  });

  test('GIVEN a KMS key with another KeySpec THEN it is reported replaced, with CloudFormation refusing the update', () => {
    stackOf(next, PLATFORM).template.Resources.DataKey.Properties.KeySpec = 'RSA_4096';
    expect(changes()).toEqual([
      expect.objectContaining({
        kind: 'replaced',
        resource: 'DataKey',
        property: 'KeySpec',
        after: 'RSA_4096',
        effect: expect.stringMatching(/^update refused/),
      }),
    ]);
  });

  test('GIVEN StorageEncrypted changed on the cluster, which has a fixed DBClusterIdentifier THEN the replacement is reported as failing', () => {
    stackOf(next, PLATFORM).template.Resources.DatabaseCluster.Properties.StorageEncrypted = false;
    expect(changes()).toEqual([
      expect.objectContaining({ kind: 'replaced', resource: 'DatabaseCluster', property: 'StorageEncrypted', before: true, after: false }),
    ]);
    expect(changes()[0].effect).toContain('fixed DBClusterIdentifier');
  });

  test('GIVEN DeletionPolicy Retain -> Delete on the data bucket THEN the weakened policy is flagged and blocks', () => {
    stackOf(next, PLATFORM).template.Resources.Data.DeletionPolicy = 'Delete';
    expect(changes()).toEqual([
      expect.objectContaining({
        kind: 'policy-weakened',
        resource: 'Data',
        property: 'DeletionPolicy',
        pointer: '/Resources/Data/DeletionPolicy',
        before: 'Retain',
        after: 'Delete',
      }),
    ]);
    expect(diff().blocking).toEqual([expect.objectContaining({ category: 'data-loss', resource: 'Data' })]);
  });

  test('GIVEN a tenant stack gone from the next build THEN every stateful resource of it is listed as removed', () => {
    next.stacks = next.stacks.filter((s) => s.id !== ACME);
    const stateful = Object.entries(stackOf(copyOf(base), ACME).template.Resources)
      .filter(([, r]: [string, any]) => STATEFUL_RESOURCE_TYPES.has(r.Type))
      .map(([id]) => id)
      .sort();
    expect(stateful.length).toBeGreaterThanOrEqual(6); // three keys, two buckets, the vault (a pooled tenant has no flow-log group);
    const found = changes();
    expect(found.map((c) => c.resource).sort()).toEqual(stateful);
    expect(found.every((c) => c.kind === 'removed' && c.stack === ACME && c.cause.startsWith('its stack is not in the next build'))).toBe(true);
  });

  test('GIVEN every removal of that tenant acknowledged with a reason THEN nothing blocks and the reasons are listed', () => {
    next.stacks = next.stacks.filter((s) => s.id !== ACME);
    const resources = [...new Set(changes().map((c) => c.resource))];
    const acks = resources.map((resource) => ({ stack: ACME, resource, reason: 'acme offboarded (TICKET-42); data exported and retained' }));
    const result = diff(acks);
    expect(result.blocking).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.acknowledged).toHaveLength(resources.length);
    expect(securityDiffMarkdown(result)).toContain('acme offboarded (TICKET-42)');
    // One acknowledgment fewer: exactly that resource blocks again.
    expect(diff(acks.slice(1)).blocking).toEqual([expect.objectContaining({ stack: ACME, resource: resources[0] })]);
  });

  test('GIVEN a stack deployed under another CloudFormation name THEN every stateful resource stays behind in the old stack', () => {
    const stack = stackOf(next, ACME);
    stack.name = `${stack.name}-v2`;
    const found = changes();
    expect(found.length).toBeGreaterThanOrEqual(6);
    expect(found[0]).toMatchObject({
      kind: 'removed',
      property: 'stack name',
      after: stack.name,
      effect: expect.stringContaining('left in the old stack'),
    });
  });

  test('GIVEN a GCP bucket in another location THEN it is replaced, refused by prevent_destroy; without the guard it is destroyed', () => {
    const bucket = gcpResource(RECORDINGS);
    bucket.location = 'EUROPE-WEST1';
    expect(changes()).toEqual([
      expect.objectContaining({
        kind: 'replaced',
        cloud: 'gcp',
        stack: GCP_US,
        resource: RECORDINGS,
        property: 'location',
        pointer: '/resource/google_storage_bucket/recordings_bucket_2E22DD0A/location',
        before: 'US-CENTRAL1',
        after: 'EUROPE-WEST1',
        effect: expect.stringMatching(/^replacement refused/),
      }),
    ]);
    delete bucket.lifecycle;
    expect(changes().map((c) => [c.kind, c.property])).toEqual([
      ['replaced', 'location'],
      ['policy-weakened', 'lifecycle.prevent_destroy'],
    ]);
    expect(changes()[0].effect).toContain('destroys it with its data');
  });

  test('GIVEN a GCP location written in lower case, or a project made explicit with the same value THEN nothing changes', () => {
    gcpResource(RECORDINGS).location = 'us-central1';
    gcpResource('google_kms_key_ring.keys_ring_15D6EBB4').project = stackOf(next, GCP_US).template.provider.google[0].project;
    expect(changes()).toEqual([]);
  });

  test('GIVEN the key ring replaced (guards removed) THEN every key on it is replaced in turn, and the guarded instance refuses its new key', () => {
    const ring = gcpResource('google_kms_key_ring.keys_ring_15D6EBB4');
    ring.location = 'us-east1';
    delete ring.lifecycle;
    for (const key of Object.values(stackOf(next, GCP_US).template.resource.google_kms_crypto_key) as any[]) delete key.lifecycle;
    const replaced = changes().filter((c) => c.kind === 'replaced');
    expect(replaced.map((c) => c.resource).sort()).toEqual([
      'google_firestore_database.record-keys_database_1144E137',
      'google_kms_crypto_key.keys_backups_key_7F6558CC',
      'google_kms_crypto_key.keys_database_key_6CD9BB2D',
      'google_kms_crypto_key.keys_images_key_E9F5B72D',
      'google_kms_crypto_key.keys_logs_key_A1A70726',
      'google_kms_crypto_key.keys_record-keys_key_F5AB004D',
      'google_kms_crypto_key.keys_recordings_key_9566F017',
      'google_kms_crypto_key.keys_service_key_0EF01D39',
      'google_kms_key_ring.keys_ring_15D6EBB4',
      'google_sql_database_instance.database_instance_D7FC2283',
    ]);
    expect(replaced.find((c) => c.type === 'google_kms_crypto_key')).toMatchObject({
      property: 'key_ring',
      cause: 'references google_kms_key_ring.keys_ring_15D6EBB4, which is replaced (a new physical id)',
    });
    expect(replaced.find((c) => c.type === 'google_sql_database_instance')).toMatchObject({
      property: 'encryption_key_name',
      cause: 'references google_kms_crypto_key.keys_database_key_6CD9BB2D, which is replaced (a new physical id)',
      effect: expect.stringMatching(/^replacement refused/),
    });
    // The record key store follows its key: its CMEK setting is immutable.
    expect(replaced.find((c) => c.type === 'google_firestore_database')).toMatchObject({
      property: 'cmek_config.kms_key_name',
      cause: 'references google_kms_crypto_key.keys_record-keys_key_F5AB004D, which is replaced (a new physical id)',
    });
  });

  test('GIVEN a HIPAA tenant deployed before its Object Lock (item 9) THEN adding the lock replaces nothing; the top-level flag would replace the bucket', () => {
    // The build as it was: the HIPAA tenant's data bucket without any Object Lock.
    const before = copyOf(base);
    delete stackOf(before, INITECH).template.Resources.Data.Properties.ObjectLockConfiguration;
    expect(statefulChanges(asAssembly(before), base)).toEqual([]);
    // Had the lock been added with the bucket's creation flag, the deploy would replace the retained, named bucket.
    stackOf(next, INITECH).template.Resources.Data.Properties.ObjectLockEnabled = true;
    expect(statefulChanges(asAssembly(before), asAssembly(next))).toEqual([
      expect.objectContaining({ stack: INITECH, resource: 'Data', kind: 'replaced', property: 'ObjectLockEnabled' }),
    ]);
  });

  test('GIVEN a GCP bucket renamed in the configuration with a moved block THEN it is not a removal', () => {
    const resources = stackOf(next, GCP_US).template;
    resources.resource.google_storage_bucket.recordings_bucket_v2 = gcpResource(RECORDINGS);
    delete resources.resource.google_storage_bucket.recordings_bucket_2E22DD0A;
    expect(changes()).toEqual([
      expect.objectContaining({ kind: 'removed', resource: RECORDINGS, effect: expect.stringContaining('prevent_destroy left') }),
    ]);
    resources.moved = [{ from: RECORDINGS, to: 'google_storage_bucket.recordings_bucket_v2' }];
    expect(changes()).toEqual([]);
  });

  test('GIVEN only non-stateful changes (a tag on the data bucket, a replaced security group) THEN there is no stateful change', () => {
    const resources = stackOf(next, PLATFORM).template.Resources;
    resources.Data.Properties.Tags = [{ Key: 'cost-center', Value: 'cc-42' }];
    const [groupId, group] = Object.entries(resources).find(([, r]: [string, any]) => r.Type === 'AWS::EC2::SecurityGroup') as [string, any];
    group.Properties.GroupDescription = 'a new description replaces the group';
    expect(groupId).toBeDefined();
    expect(changes()).toEqual([]);
    expect(diff().ok).toBe(true);
  });
});
