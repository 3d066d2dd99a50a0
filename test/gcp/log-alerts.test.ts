import { TerraformStack, Testing } from 'cdktf';
import { AlertChannels } from '../../lib/gcp/constructs/alert-channels';
import { ArmorDeniedAlert } from '../../lib/gcp/constructs/log-alerts';
import { CloudArmorPolicy } from '../../lib/gcp/constructs/waf';
import { armorDeniedFilter, GCP_ACTIVITY_ALERTS } from '../../lib/promises/gcp-log-alerts';
import { loadConfig } from '../../lib/config/loader';
import { configErrorLinesOf, configWith, EU, fixture, resourcesOf, synthesize, US, type Synthesized } from './helpers';

/** DETECT and DETECT-ACTIVITY on Google Cloud: the log-based alerts, the channels they notify, and their config. */

const POLICY = 'google_monitoring_alert_policy';

describe('GIVEN config/default.yaml (US and EU stacks sharing one project)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize(configWith((gcp) => gcp));
  });
  afterAll(() => synth.cleanup());

  const policies = (stack: string) => Object.values(resourcesOf(synth.json(stack), POLICY));

  test('THEN the US stack, which owns the project, has one log-match policy per catalog IAM change, each with its exact query', () => {
    const logMatch = policies(US).filter((p) => p.conditions[0].condition_matched_log !== undefined);
    // Terraform JSON lists resources by name, so compare as sets.
    expect(logMatch.map((p) => [p.user_labels.rampart_alert, p.conditions[0].condition_matched_log.filter]).sort()).toEqual(
      GCP_ACTIVITY_ALERTS.map((a) => [a.id, a.filter]).sort(),
    );
    for (const p of logMatch) {
      // The API: one condition per log-match policy, a notification rate limit required on it.
      expect(p.conditions).toHaveLength(1);
      expect(p.alert_strategy).toEqual({ notification_rate_limit: { period: '300s' }, auto_close: '1800s' });
      expect(p.enabled).toBe(true);
    }
  });

  test('THEN the EU stack adds no second set of IAM alerts to the shared project (each change would notify twice)', () => {
    expect(policies(EU).map((p) => p.user_labels.rampart_alert)).toEqual(['armor-denied']);
  });

  test("THEN each stack counts its own Cloud Armor policy's denials and alerts above the threshold, without a rate limit", () => {
    for (const [stack, prefix] of [
      [US, 'rampart-rec-us'],
      [EU, 'rampart-rec-eu'],
    ]) {
      const json = synth.json(stack);
      const [metric] = Object.values(resourcesOf(json, 'google_logging_metric'));
      expect(metric.filter).toBe(armorDeniedFilter(`${prefix}-armor`));
      const armor = policies(stack).find((p) => p.user_labels.rampart_alert === 'armor-denied');
      const condition = armor?.conditions[0].condition_threshold;
      expect(condition).toMatchObject({ comparison: 'COMPARISON_GT', threshold_value: 100, duration: '0s' });
      expect(condition.filter).toMatch(/^metric\.type="logging\.googleapis\.com\/user\/\$\{google_logging_metric\.armor-denied_metric_\w+\.name\}"$/);
      // Metric-based policies must not carry a notification rate limit (the API refuses one).
      expect(armor?.alert_strategy).toEqual({ auto_close: '1800s' });
      // The backend logs every request, so the count is every denial.
      expect(Object.values(resourcesOf(json, 'google_compute_backend_service'))[0].log_config).toEqual({ enable: true, sample_rate: 1 });
    }
  });

  test('THEN every alert policy notifies the enabled email channel and the enabled paging webhook of its stack', () => {
    for (const stack of [US, EU]) {
      const channels = resourcesOf(synth.json(stack), 'google_monitoring_notification_channel');
      expect(Object.values(channels).map((c) => [c.type, c.enabled, c.labels])).toEqual([
        ['email', true, { email_address: 'security@example-saas.com' }],
        ['webhook_tokenauth', true, { url: 'https://events.example-saas.com/rampart/page' }],
      ]);
      const names = Object.keys(channels).map((n) => `\${google_monitoring_notification_channel.${n}.name}`);
      for (const p of policies(stack)) expect(p.notification_channels).toEqual(names);
    }
  });
});

describe('GIVEN the gcp.alerts config', () => {
  test('WHEN nothing is set THEN alerts go to the default address, nothing pages, and 100 denials in five minutes alert', () => {
    const gcp = configWith(({ alerts: _, ...gcp }) => gcp).gcp!;
    expect(gcp.alerts).toEqual({ email: 'security@example.com', armorDeniedRequests: 100 });
  });

  test('WHEN the paging endpoint, the address and the threshold are wrong THEN each error names its path and the value, all at once', () => {
    const lines = configErrorLinesOf(() =>
      configWith((gcp) => ({ ...gcp, alerts: { email: 'on-call', pagingEndpoint: 'http://events.example.com/page', armorDeniedRequests: -1 } })),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'gcp.alerts.email: expected an email address, got "on-call"',
        'gcp.alerts.pagingEndpoint: expected an https:// URL such as "https://events.pagerduty.com/integration/<key>/enqueue", got "http://events.example.com/page"',
        'gcp.alerts.armorDeniedRequests: expected a whole number from 0 to 1000000, got -1',
      ]),
    );
  });

  test('WHEN no paging endpoint is set (the GCP-only profile without one) THEN the stack has the email channel alone', () => {
    const synth = synthesize(configWith(({ alerts: _, ...gcp }) => gcp));
    try {
      const channels = Object.values(resourcesOf(synth.json(US), 'google_monitoring_notification_channel'));
      expect(channels.map((c) => c.type)).toEqual(['email']);
    } finally {
      synth.cleanup();
    }
  });

  test("WHEN the EU stack has a project of its own THEN it watches that project's IAM changes itself", () => {
    const synth = synthesize(loadConfig(fixture('org-separate-eu-project.yaml')));
    try {
      const labels = Object.values(resourcesOf(synth.json(EU), POLICY)).map((p) => p.user_labels.rampart_alert);
      expect(labels.sort()).toEqual([...GCP_ACTIVITY_ALERTS.map((a) => a.id), 'armor-denied'].sort());
    } finally {
      synth.cleanup();
    }
  });
});

describe('GIVEN ArmorDeniedAlert', () => {
  test('WHEN the threshold is negative or fractional THEN it throws naming the construct and the value', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const armor = new CloudArmorPolicy(stack, 'armor', {
      project: 'p-123456',
      name: 'x-armor',
      wafSensitivity: 2,
      rateLimitRequests: 600,
      rateLimitIntervalSec: 60,
    });
    const channels = new AlertChannels(stack, 'channels', { project: 'p-123456', prefix: 'x', email: 'a@example.com' });
    for (const threshold of [-1, 1.5]) {
      expect(
        () => new ArmorDeniedAlert(stack, `denied${threshold}`, { project: 'p-123456', prefix: 'x', securityPolicy: armor, threshold, channels }),
      ).toThrow(`ArmorDeniedAlert test/denied${threshold}: threshold must be a whole number of requests, 0 or more, got ${threshold}`);
    }
  });
});
