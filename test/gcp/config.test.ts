import { loadConfig } from '../../lib/config/loader';
import { configErrorLinesOf, configWith, DEFAULT_CONFIG, fixture } from './helpers';

describe('GIVEN the gcp: section of the config', () => {
  test('WHEN only the project is given THEN every other key has a secure default', () => {
    const gcp = configWith(() => ({ project: 'example-recordings' })).gcp!;
    expect(gcp).toMatchObject({
      region: 'us-central1',
      eu: { enabled: true, region: 'europe-west1', domain: 'eu.recordings.example.com' },
      // No number of the policy is repeated here: rotation and audit retention follow policy: when unset.
      keys: { protectionLevel: 'HSM' },
      storage: { softDeleteDays: 7, noncurrentVersionDays: 7 },
      edge: { tlsProfile: 'RESTRICTED', wafSensitivity: 2, rateLimitRequests: 600, rateLimitIntervalSec: 60, cloudRunService: 'recordings-api' },
      service: { image: 'recordings-api:1.0.0', port: 8080 },
      audit: {},
      workspaces: [],
    });
    expect(gcp.keys.rotationDays).toBeUndefined();
    expect(gcp.audit.retentionDays).toBeUndefined();
  });

  test('WHEN numbers exceed what Google Cloud accepts THEN the schema names the service bounds, not the policy', () => {
    const tooMuch = { keys: { rotationDays: 36501 }, audit: { retentionDays: 3651 }, storage: { noncurrentVersionDays: 0 } };
    expect(configErrorLinesOf(() => configWith((gcp) => ({ ...gcp, ...tooMuch })))).toEqual(
      // The config's policy rules add that 36501 days is also past policy.keyRotation.gcpMaxDays.
      expect.arrayContaining([
        'gcp.keys.rotationDays: expected a whole number from 1 to 36500, got 36501',
        'gcp.storage.noncurrentVersionDays: expected a whole number from 1 to 36500, got 0',
        'gcp.audit.retentionDays: expected a whole number from 1 to 3650, got 3651',
      ]),
    );
  });

  test('WHEN config/default.yaml is loaded THEN its gcp: section is valid', () => {
    expect(loadConfig(DEFAULT_CONFIG).gcp?.workspaces.map((w) => w.id)).toEqual(['support-calls', 'sales-demos']);
  });

  test('WHEN a file has many gcp mistakes THEN all of them are reported at once, each with path and value', () => {
    expect(configErrorLinesOf(() => loadConfig(fixture('bad-gcp.yaml')))).toEqual([
      'gcp.project: expected a Google Cloud project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter, got "Example_Recordings"',
      'gcp.edge.tlsProfile: expected one of RESTRICTED, MODERN, got "COMPATIBLE"',
      'gcp.edge.wafSensitivty: unknown key; did you mean "wafSensitivity"? (allowed: tlsProfile, wafSensitivity, rateLimitRequests, rateLimitIntervalSec, cloudRunService, healthCheckPorts)',
      'gcp.workspaces[1].deleteAfterDays: expected a whole number from 1 to 3650, got 0',
      'gcp.workspaces[1].id: duplicates gcp.workspaces[0].id, got "support-calls"',
      'gcp.network.subnetCidr: overlaps gcp.eu.network.servicesCidr (10.31.0.0/20), got "10.31.0.0/16"',
      'gcp.eu.project: is required (must name a separate EU project when gcp.organizationId is set: the EU resource-locations policy applies to the whole project and would block the US stack)',
      'gcp.region: REGION-PINNED: is not the region the policy names for recordings (policy.residency.recordingsGcpRegion: us-central1), got "europe-west1"',
      'gcp.keys.rotationDays: KEY-ROTATE: rotates less often than policy.keyRotation.gcpMaxDays (90 days) allows, got 120',
      'gcp.audit.retentionDays: AUDIT: keeps audit logs fewer days than policy.auditLogs.retentionDays (365), got 100',
    ]);
  });

  test('WHEN the service image names a registry, is unpinned or moving, or the port is privileged THEN each is reported with path and value', () => {
    const service = (image: string, port = 8080) => configErrorLinesOf(() => configWith((gcp) => ({ ...gcp, service: { image, port } })));
    expect(service('europe-west1-docker.pkg.dev/example-recordings/rampart-rec-eu-images/recordings-api:1.0.0')).toEqual([
      expect.stringMatching(
        /^gcp\.service\.image: expected the image without a registry \("<name>:<tag>" or "<name>@sha256:<digest>"\): each stack runs it from its own Artifact Registry repository, .*, got "europe-west1-docker\.pkg\.dev\/example-recordings\/rampart-rec-eu-images\//,
      ),
    ]);
    expect(service('recordings-api')).toEqual([
      'gcp.service.image: expected a pinned image: "<name>:<release tag>" (tags are immutable in the stack\'s repository) or "<name>@sha256:<64 hex digits>"; an image without a tag means "latest", got "recordings-api"',
    ]);
    expect(service('recordings-api:latest')).toEqual([
      expect.stringMatching(/^gcp\.service\.image: .*"latest" names whatever was pushed last, not a release, got "recordings-api:latest"$/),
    ]);
    expect(service('recordings-api:1.0.0', 80)).toEqual(['gcp.service.port: expected a whole number from 1024 to 65535, got 80']);
    expect(configErrorLinesOf(() => configWith((gcp) => ({ ...gcp, service: { image: 'recordings-api@sha256:0' } })))).toEqual([
      expect.stringMatching(/^gcp\.service\.image: expected "@sha256:" followed by 64 lowercase hex digits; .*, got "recordings-api@sha256:0"$/),
    ]);
  });

  test('WHEN more distinct deletion schedules are used than lifecycle rules allow THEN the config is rejected', () => {
    const workspaces = Array.from({ length: 91 }, (_, i) => ({ id: `w${i}`, deleteAfterDays: i + 1 }));
    expect(configErrorLinesOf(() => configWith((gcp) => ({ ...gcp, workspaces })))).toEqual([
      expect.stringMatching(/^gcp\.workspaces: uses 91 distinct deleteAfterDays values; at most 90 fit/),
    ]);
  });

  test('WHEN the EU domain equals the US domain or the services range is too small THEN the config is rejected', () => {
    expect(
      configErrorLinesOf(() =>
        configWith((gcp) => ({ ...gcp, domain: 'rec.example.com', eu: { domain: 'rec.example.com' }, network: { servicesCidr: '10.21.0.0/28' } })),
      ),
    ).toEqual([
      'gcp.network.servicesCidr: expected a prefix length from /16 to /24 for private services access, got "10.21.0.0/28"',
      'gcp.eu.domain: must differ from gcp.domain (each stack has its own load balancer), got "rec.example.com"',
    ]);
  });
});
