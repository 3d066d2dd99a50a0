import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { PAGING_ENDPOINT_REQUIRED } from '../../lib/config/cross-field-rules';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/loader';
import { configErrorLines } from '../helpers';

/**
 * DETECT: the voice-AI policy's triage within 15 minutes, 24/7, needs high and critical findings to
 * page a person, so an AWS part without `platform.alerts.pagingEndpoint` is a config error (exit 2,
 * path and value named) rather than a verifier failure after a full synthesis. No catalog exception
 * lets a deployment go without paging, so there is no way out to accept.
 */
const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;
const withAlerts = (alerts: object | undefined) => ({ ...DEFAULT_DOC, platform: { ...DEFAULT_DOC.platform, alerts } });
const MISSING = `platform.alerts.pagingEndpoint: ${PAGING_ENDPOINT_REQUIRED}, got nothing`;

describe('platform.alerts.pagingEndpoint', () => {
  test('GIVEN the default config (an https endpoint) THEN it is valid', () => {
    expect(configErrorLines(DEFAULT_DOC)).toEqual([]);
  });

  test.each([
    ['no alerts section', undefined],
    ['an alerts section with only the digest address', { digestEmail: 'digest@example.com' }],
  ])('GIVEN %s THEN the error names the path, why paging is required, and that nothing was received', (_name, alerts) => {
    expect(configErrorLines(withAlerts(alerts))).toEqual([MISSING]);
  });

  test('GIVEN no platform section at all THEN the endpoint is still required (no default can page a person)', () => {
    expect(configErrorLines({ ...DEFAULT_DOC, platform: undefined })).toEqual([MISSING]);
  });

  test.each([['http://events.example.com/page'], ['events.example.com/page'], ['mailto:oncall@example.com']])(
    'GIVEN %s THEN the one error is the schema naming the value received (not "required" as well)',
    (endpoint) => {
      expect(configErrorLines(withAlerts({ pagingEndpoint: endpoint }))).toEqual([
        `platform.alerts.pagingEndpoint: expected an https:// URL such as "https://events.pagerduty.com/integration/<key>/enqueue", got "${endpoint}"`,
      ]);
    },
  );

  test('GIVEN a missing endpoint beside other mistakes THEN every problem is reported at once', () => {
    expect(configErrorLines({ ...withAlerts(undefined), regions: { primary: 'us-east-1', dr: 'us-east-1' } })).toEqual([
      'regions.dr: must differ from regions.primary ("us-east-1"), got "us-east-1"',
      MISSING,
    ]);
  });

  test('GIVEN a Google-Cloud-only config (no accounts) THEN no paging endpoint is asked for', () => {
    const gcpOnly = parse(readFileSync('config/examples/screen-recording-gcp.yaml', 'utf8')) as object;
    expect(configErrorLines(gcpOnly)).toEqual([]);
  });
});
