import { TerraformStack } from 'cdktf';
import { existsSync } from 'fs';
import { join } from 'path';
import { loadConfig } from '../../lib/config/loader';
import { buildGcpApp } from '../../lib/gcp';
import { configWith, fixture, one, resourcesOf, synthesize, Synthesized } from './helpers';

const ORG_US = 'example-saas-prod-recordings-us';
const ORG_EU = 'example-saas-prod-recordings-eu';

describe('GIVEN a config with an organization id, a separate EU project in europe-west4 and a state bucket', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize(loadConfig(fixture('org-separate-eu-project.yaml')));
  });
  afterAll(() => synth.cleanup());

  test('WHEN synthesized THEN both stacks are written under outdir/stacks and pass the policy suite', () => {
    for (const stack of synth.result.stacks) {
      expect(existsSync(join(synth.result.outdir, 'stacks', stack.name, 'cdk.tf.json'))).toBe(true);
      expect(stack.findings).toEqual([]);
    }
  });

  test('THEN the EU stack restricts its project to EU locations with an organization policy', () => {
    const policy = one(synth.json(ORG_EU), 'google_org_policy_policy', 'eu-locations_policy_');
    expect(policy).toMatchObject({
      parent: 'projects/example-recordings-eu',
      spec: { rules: [{ values: { allowed_values: ['in:eu-locations'] } }] },
    });
    expect(resourcesOf(synth.json(ORG_US), 'google_org_policy_policy')).toEqual({});
  });

  test('THEN each project gets its own data-access audit config and the EU sink keeps only EU entries', () => {
    expect(Object.keys(resourcesOf(synth.json(ORG_EU), 'google_project_iam_audit_config'))).toHaveLength(2);
    expect(one(synth.json(ORG_US), 'google_logging_project_sink', 'audit_sink_').filter).toBe('logName:"cloudaudit.googleapis.com"');
    expect(one(synth.json(ORG_EU), 'google_logging_project_sink', 'audit_sink_').filter).toContain('resource.labels.location="europe-west4"');
  });

  test('THEN the options reach the resources: 30-day SOFTWARE keys, MODERN TLS, sensitivity 1, GCS state, shared schedules', () => {
    const us = synth.json(ORG_US);
    for (const key of Object.values(resourcesOf(us, 'google_kms_crypto_key'))) {
      expect(key).toMatchObject({ rotation_period: '2592000s', version_template: { protection_level: 'SOFTWARE' } });
    }
    expect(one(us, 'google_compute_ssl_policy', 'edge_ssl-policy_')).toMatchObject({ profile: 'MODERN', min_tls_version: 'TLS_1_2' });
    expect(JSON.stringify(one(us, 'google_compute_security_policy', 'armor_policy_'))).toContain("{'sensitivity': 1}");
    expect((us.terraform as any).backend).toEqual({ gcs: { bucket: 'example-terraform-state', prefix: `rampart/${ORG_US}` } });
    expect(one(us, 'google_storage_bucket', 'recordings_').lifecycle_rule[0].condition).toEqual({
      age: 30,
      matches_prefix: ['workspaces/onboarding/', 'workspaces/support-calls/'],
    });
  });
});

describe('GIVEN a config without the EU variant or without a gcp: section', () => {
  test('WHEN the app is built THEN it has only the US stack, or no stack at all', () => {
    const stackNames = (app: ReturnType<typeof buildGcpApp>) => app.node.children.filter((c) => TerraformStack.isStack(c)).map((c) => c.node.id);
    expect(stackNames(buildGcpApp(loadConfig(fixture('eu-disabled.yaml')), '/tmp/unused'))).toEqual(['example-saas-prod-recordings-us']);
    const withoutGcp = configWith((gcp) => gcp);
    expect(stackNames(buildGcpApp({ ...withoutGcp, gcp: undefined }, '/tmp/unused'))).toEqual([]);
  });
});
