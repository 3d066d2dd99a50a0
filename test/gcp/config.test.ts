import { ConfigError } from '../../lib/config/errors';
import { loadConfig } from '../../lib/config/loader';
import { configWith, DEFAULT_CONFIG, fixture } from './helpers';

function linesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.lines;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('GIVEN the gcp: section of the config', () => {
  test('WHEN only the project is given THEN every other key has a secure default', () => {
    const gcp = configWith(() => ({ project: 'example-recordings' })).gcp!;
    expect(gcp).toMatchObject({
      region: 'us-central1',
      eu: { enabled: true, region: 'europe-west1', domain: 'eu.recordings.example.com' },
      // No number of the policy is repeated here: rotation and audit retention follow policy: when unset.
      keys: { protectionLevel: 'HSM' },
      storage: { softDeleteDays: 7, noncurrentVersionDays: 7 },
      edge: { tlsProfile: 'RESTRICTED', wafSensitivity: 2, rateLimitRequests: 600, rateLimitIntervalSec: 60 },
      audit: {},
      workspaces: [],
    });
    expect(gcp.keys.rotationDays).toBeUndefined();
    expect(gcp.audit.retentionDays).toBeUndefined();
  });

  test('WHEN numbers exceed what Google Cloud accepts THEN the schema names the service bounds, not the policy', () => {
    const tooMuch = { keys: { rotationDays: 36501 }, audit: { retentionDays: 3651 }, storage: { noncurrentVersionDays: 0 } };
    expect(linesOf(() => configWith((gcp) => ({ ...gcp, ...tooMuch })))).toEqual(
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
    expect(linesOf(() => loadConfig(fixture('bad-gcp.yaml')))).toEqual([
      'gcp.project: expected a Google Cloud project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter, got "Example_Recordings"',
      'gcp.edge.tlsProfile: expected one of RESTRICTED, MODERN, got "COMPATIBLE"',
      'gcp.edge.wafSensitivty: unknown key; did you mean "wafSensitivity"? (allowed: tlsProfile, wafSensitivity, rateLimitRequests, rateLimitIntervalSec, cloudRunService, healthCheckPorts)',
      'gcp.workspaces[1].deleteAfterDays: expected a whole number from 1 to 3650, got 0',
      'gcp.workspaces[1].id: duplicates gcp.workspaces[0].id, got "support-calls"',
      'gcp.network.subnetCidr: overlaps gcp.eu.network.servicesCidr (10.31.0.0/20), got "10.31.0.0/16"',
      'gcp.eu.project: is required (must name a separate EU project when gcp.organizationId is set: the EU resource-locations policy applies to the whole project and would block the US stack)',
      'gcp.keys.rotationDays: KEY-ROTATE: rotates less often than policy.keyRotation.gcpMaxDays (90 days) allows, got 120',
      'gcp.audit.retentionDays: AUDIT: keeps audit logs fewer days than policy.auditLogs.retentionDays (365), got 100',
    ]);
  });

  test('WHEN more distinct deletion schedules are used than lifecycle rules allow THEN the config is rejected', () => {
    const workspaces = Array.from({ length: 91 }, (_, i) => ({ id: `w${i}`, deleteAfterDays: i + 1 }));
    expect(linesOf(() => configWith((gcp) => ({ ...gcp, workspaces })))).toEqual([
      expect.stringMatching(/^gcp\.workspaces: uses 91 distinct deleteAfterDays values; at most 90 fit/),
    ]);
  });

  test('WHEN the EU domain equals the US domain or the services range is too small THEN the config is rejected', () => {
    expect(
      linesOf(() =>
        configWith((gcp) => ({ ...gcp, domain: 'rec.example.com', eu: { domain: 'rec.example.com' }, network: { servicesCidr: '10.21.0.0/28' } })),
      ),
    ).toEqual([
      'gcp.network.servicesCidr: expected a prefix length from /16 to /24 for private services access, got "10.21.0.0/28"',
      'gcp.eu.domain: must differ from gcp.domain (each stack has its own load balancer), got "rec.example.com"',
    ]);
  });
});
