import { join } from 'path';
import { PAGING_ENDPOINT_REQUIRED } from '../../lib/config/cross-field-rules';
import { ConfigError } from '../../lib/config/errors';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config/loader';

const GOOD = join(__dirname, '..', 'fixtures', 'config', 'good');

describe('config loader', () => {
  test('GIVEN the embedded default WHEN loaded THEN it describes the example SaaS of DESIGN.md', () => {
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    expect(config.organization).toBe('example-saas');
    expect(config.accounts).toEqual({ platform: '111111111111', hipaa: '222222222222', eu: '333333333333', deployment: '555555555555' });
    expect(config.regions).toEqual({ primary: 'us-east-1', dr: 'us-west-2' });
    expect(config.residency.eu.region).toBe('eu-west-1');
    expect(config.tenants.map((t) => [t.id, t.plan, t.residency])).toEqual([
      ['acme', 'starter', 'us'],
      ['globex', 'pro', 'eu'],
      ['umbrella', 'enterprise', 'us'],
      ['initech', 'enterprise', 'us'],
    ]);
    expect(config.gcp?.project).toBe('example-recordings');
  });

  test('GIVEN a minimal config WHEN loaded THEN secure defaults are filled in', () => {
    const config = loadConfig(join(GOOD, 'minimal.yaml'));
    expect(config.shieldAdvanced).toBe(true);
    expect(config.hipaa).toEqual({ enabled: true, region: 'us-east-1', vpcCidr: '10.1.0.0/16', imageTag: '1.0.0', consumers: [] });
    expect(config.residency.eu).toEqual({ region: 'eu-west-1', vpcCidr: '10.2.0.0/16' });
    // The service runs images/hosted-service from each stack's own repository, serving TLS on 8443.
    expect(config.platform.container).toEqual({ imageTag: '1.0.0', port: 8443, cpu: 512, memoryMiB: 1024, desiredCount: 2 });
    expect(config.tenancy).toEqual({ supernet: '10.128.0.0/9', vpcPrefixLength: 22, offboarding: { graceDays: 0, keyDeletionWindowDays: 14 } });
    expect(config.tenants).toEqual([]);
    expect(config.gcp).toBeUndefined();
  });

  test('GIVEN a loaded config WHEN code tries to change it THEN it cannot (frozen, single source of truth)', () => {
    const config = loadConfig(join(GOOD, 'minimal.yaml'));
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.accounts)).toBe(true);
    expect(() => {
      (config.accounts as { platform: string }).platform = '999999999999';
    }).toThrow(TypeError);
  });

  test('GIVEN a missing file WHEN loaded THEN a ConfigError names the file', () => {
    expect(() => loadConfig('does/not/exist.yaml')).toThrow(
      new ConfigError('does/not/exist.yaml', [{ path: [], message: 'cannot read the config file (ENOENT)', showReceived: false }]),
    );
  });

  test('GIVEN a document that is not a mapping WHEN parsed THEN the error says so', () => {
    expect(() => parseConfig(['a list'])).toThrow(/expected a mapping/);
  });

  test('GIVEN shape errors and cross-field errors together WHEN parsed THEN all are reported in one error', () => {
    let caught: ConfigError | undefined;
    try {
      parseConfig({
        organization: 'x',
        environment: 'prod',
        accounts: { platform: '111111111111', hipaa: '111111111111', eu: 'nope' },
        regions: { primary: 'us-east-1', dr: 'us-east-1' },
      });
    } catch (error) {
      caught = error as ConfigError;
    }
    expect(caught?.lines).toEqual([
      'accounts.eu: expected 12 digits, got "nope"',
      'regions.dr: must differ from regions.primary ("us-east-1"), got "us-east-1"',
      'accounts.hipaa: must be a separate account from accounts.platform, got "111111111111"',
      `platform.alerts.pagingEndpoint: ${PAGING_ENDPOINT_REQUIRED}, got nothing`,
    ]);
  });
});
