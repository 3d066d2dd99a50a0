import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { parseImageReference } from '../../lib/config/gcp-service';
import { SecureBucket } from '../../lib/gcp/constructs/buckets';
import { MetadataDatabase } from '../../lib/gcp/constructs/database';
import { KeyRing } from '../../lib/gcp/constructs/keys';
import { defaultNetworkMessage, PrivateNetwork } from '../../lib/gcp/constructs/network';
import { everyEntryOf, RegionalLogStorage } from '../../lib/gcp/constructs/operational-logs';
import { ImageRepository, RecordingsService, RUN_INGRESS } from '../../lib/gcp/constructs/service';
import { gcpBackupTiers } from '../../lib/gcp/tiers';
import { PUBLISHED_POLICY } from '../../lib/promises/policy-numbers';
import './helpers';

const T = (tfResourceType: string) => ({ tfResourceType });
const PROJECT = 'p-123456';
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** Everything a RecordingsService needs, built in `scope`; `image` is what the config would say. */
function service(scope: Construct, image = 'recordings-api:1.2.0', port = 8080): RecordingsService {
  const keys = new KeyRing(scope, 'keys', { project: PROJECT, location: 'europe-west1', name: 'ring', maxRotationDays: 90 });
  const network = new PrivateNetwork(scope, 'network', {
    project: PROJECT,
    region: 'europe-west1',
    prefix: 'x',
    subnetCidr: '10.0.0.0/20',
    servicesCidr: '10.1.0.0/20',
    healthCheckPorts: [443],
  });
  const recordings = new SecureBucket(scope, 'recordings', {
    project: PROJECT,
    name: 'rec-1',
    location: 'europe-west1',
    key: keys.key('recordings'),
    role: 'recordings',
    protection: { kind: 'versioning' },
    softDeleteDays: 7,
  });
  const database = new MetadataDatabase(scope, 'database', {
    project: PROJECT,
    region: 'europe-west1',
    prefix: 'x',
    tier: 'db-custom-2-7680',
    version: 'POSTGRES_16',
    key: keys.key('database'),
    network,
    tiers: gcpBackupTiers(PUBLISHED_POLICY.backupTiers),
  });
  const repository = new ImageRepository(scope, 'images', {
    project: PROJECT,
    region: 'europe-west1',
    prefix: 'x',
    key: keys.key('images'),
    enableScanningApi: true,
  });
  return new RecordingsService(scope, 'service', {
    project: PROJECT,
    region: 'europe-west1',
    prefix: 'x',
    name: 'api',
    image,
    port,
    repository,
    key: keys.key('service'),
    network,
    recordings,
    database,
  });
}

describe('GIVEN an image as the config names it', () => {
  test('WHEN it is pinned by a release tag or a digest THEN it parses into name and tag or digest', () => {
    expect(parseImageReference('recordings-api:1.0.0')).toEqual({ name: 'recordings-api', tag: '1.0.0' });
    expect(parseImageReference(`team/recordings-api@${DIGEST}`)).toEqual({ name: 'team/recordings-api', digest: DIGEST });
  });

  test.each([
    ['recordings-api', /expected a pinned image.*an image without a tag means "latest"/],
    ['recordings-api:latest', /"latest" names whatever was pushed last/],
    ['us-central1-docker.pkg.dev/p/r/recordings-api:1.0.0', /without a registry.*so the EU stack only runs an image stored in the EU/],
    ['docker.io/library/nginx:1.27', /without a registry/],
    ['recordings-api@sha256:abc', /64 lowercase hex digits/],
    ['Recordings:1.0.0', /expected an image name of lowercase letters/],
  ])('WHEN it is %s THEN the problem is named', (value, message) => {
    expect(parseImageReference(value)).toEqual(expect.stringMatching(message));
  });
});

describe('GIVEN the service constructs in a bare stack (Testing.synthScope)', () => {
  test('WHEN a RecordingsService is created THEN it is load-balancer-only, CMEK, deletion-protected, runs as its own identity from the repository', () => {
    const synth = Testing.synthScope((scope) => {
      service(scope);
    });
    expect(RUN_INGRESS).toBe('INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    expect(synth).toHaveResourceWithProperties(T('google_cloud_run_v2_service'), {
      location: 'europe-west1',
      ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
      invoker_iam_disabled: true,
      deletion_protection: true,
      template: expect.objectContaining({
        encryption_key: expect.stringMatching(/keys_service_key_/),
        service_account: expect.stringMatching(/^\$\{google_service_account\.service_identity_/),
        containers: [{ image: 'europe-west1-docker.pkg.dev/p-123456/x-images/recordings-api:1.2.0', ports: { container_port: 8080 } }],
        vpc_access: expect.objectContaining({ egress: 'ALL_TRAFFIC' }),
      }),
    });
    expect(synth).toHaveResourceWithProperties(T('google_artifact_registry_repository'), {
      location: 'europe-west1',
      repository_id: 'x-images',
      docker_config: { immutable_tags: true },
      kms_key_name: expect.stringMatching(/keys_images_key_/),
    });
    // The runtime identity: recordings objects on one bucket, the database login on one instance, nothing else.
    expect(synth).toHaveResourceWithProperties(T('google_storage_bucket_iam_member'), { role: 'roles/storage.objectUser' });
    for (const role of ['roles/cloudsql.client', 'roles/cloudsql.instanceUser']) {
      expect(synth).toHaveResourceWithProperties(T('google_project_iam_member'), {
        role,
        condition: expect.objectContaining({
          expression: expect.stringMatching(/^resource\.name == 'projects\/p-123456\/instances\/\$\{google_sql_database_instance\./),
        }),
      });
    }
    expect(synth).toHaveResourceWithProperties(T('google_sql_user'), { type: 'CLOUD_IAM_SERVICE_ACCOUNT' });
    expect(synth).not.toMatch(/allUsers|allAuthenticatedUsers/);
  });

  test('WHEN the image is pinned by digest THEN the service runs exactly that digest from the repository', () => {
    const synth = Testing.synthScope((scope) => {
      service(scope, `recordings-api@${DIGEST}`);
    });
    expect(synth).toContain(`europe-west1-docker.pkg.dev/p-123456/x-images/recordings-api@${DIGEST}`);
  });

  test('WHEN the image names a registry or is unpinned, or the port is privileged THEN RecordingsService throws naming the value', () => {
    expect(() => Testing.synthScope((scope) => service(scope, 'gcr.io/p/api:1'))).toThrow(
      'RecordingsService stack/service: image "gcr.io/p/api:1": expected the image without a registry',
    );
    expect(() => Testing.synthScope((scope) => service(scope, 'api:latest'))).toThrow('RecordingsService stack/service: image "api:latest"');
    expect(() => Testing.synthScope((scope) => service(scope, 'api:1', 80))).toThrow('port must be a whole number from 1024 to 65535, got 80');
  });

  test("WHEN a PrivateNetwork is created THEN its VPC carries a precondition refusing the project's default network", () => {
    const synth = Testing.synthScope((scope) => {
      new PrivateNetwork(scope, 'network', {
        project: PROJECT,
        region: 'us-central1',
        prefix: 'x',
        subnetCidr: '10.0.0.0/20',
        servicesCidr: '10.1.0.0/20',
        healthCheckPorts: [443],
      });
    });
    expect(synth).toHaveDataSourceWithProperties(T('google_compute_networks'), { project: PROJECT });
    expect(synth).toHaveResourceWithProperties(T('google_compute_network'), {
      lifecycle: {
        precondition: [
          {
            condition: expect.stringMatching(
              /^\$\{!contains\(data\.google_compute_networks\.network_project-networks_[0-9A-F]+\.networks, "default"\)\}$/,
            ),
            error_message: defaultNetworkMessage(PROJECT),
          },
        ],
      },
    });
    expect(defaultNetworkMessage(PROJECT)).toContain('compute.skipDefaultNetworkCreation');
  });

  test('WHEN RegionalLogStorage is created THEN the sink and the _Default exclusion share one filter and the bucket is in the region', () => {
    const synth = Testing.synthScope((scope) => {
      const key = new KeyRing(scope, 'keys', { project: PROJECT, location: 'europe-west1', name: 'ring', maxRotationDays: 90 }).key(
        'operational-logs',
      );
      new RegionalLogStorage(scope, 'logs', {
        project: PROJECT,
        region: 'europe-west1',
        prefix: 'x',
        key,
        retentionDays: 30,
        filter: everyEntryOf(PROJECT),
      });
    });
    expect(everyEntryOf(PROJECT)).toBe('logName:"projects/p-123456/logs/"');
    expect(synth).toHaveResourceWithProperties(T('google_logging_project_bucket_config'), {
      location: 'europe-west1',
      bucket_id: 'x-logs',
      retention_days: 30,
    });
    expect(synth).toHaveResourceWithProperties(T('google_logging_project_sink'), { filter: everyEntryOf(PROJECT) });
    expect(synth).toHaveResourceWithProperties(T('google_logging_project_exclusion'), { name: 'x-logs-elsewhere', filter: everyEntryOf(PROJECT) });
  });

  test('WHEN RegionalLogStorage gets a retention Cloud Logging refuses or an empty filter THEN it throws', () => {
    const build = (retentionDays: number, filter: string) =>
      Testing.synthScope((scope) => {
        const key = new KeyRing(scope, 'keys', { project: PROJECT, location: 'europe-west1', name: 'ring', maxRotationDays: 90 }).key(
          'operational-logs',
        );
        new RegionalLogStorage(scope, 'logs', { project: PROJECT, region: 'europe-west1', prefix: 'x', key, retentionDays, filter });
      });
    expect(() => build(0, 'x')).toThrow('RegionalLogStorage stack/logs: retentionDays must be a whole number from 1 to 3650, got 0');
    expect(() => build(30, ' ')).toThrow("filter must select the stack's entries");
  });
});
