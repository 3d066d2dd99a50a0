import { loadConfig } from '../../lib/config/loader';
import { runPolicySuite } from '../../lib/gcp';
import { one, resourcesOf, synthesize, Synthesized } from './helpers';

const PROFILE = 'config/examples/screen-recording-gcp.yaml';
const STACK = 'screenrec-prod-recordings-us';

describe('GIVEN the screen-recording profile (shared/policies/screen-recording-saas-on-gcp.md), Google Cloud only', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize(loadConfig(PROFILE));
  });
  afterAll(() => synth.cleanup());

  test('WHEN it is loaded THEN it has no AWS part and its policy excludes backups from the erasure deadline', () => {
    const config = loadConfig(PROFILE);
    expect(config.accounts).toBeUndefined();
    expect(config.regions).toBeUndefined();
    expect(config.policy.erasure.includesBackups).toBe(false);
    expect(config.gcp?.workspaces.map((w) => w.deleteAfterDays)).toEqual([30, 90, 90, 365]);
  });

  test('WHEN synthesized into a temporary directory THEN only a US stack in us-central1 exists and the policy suite finds nothing', () => {
    expect(synth.result.stacks.map((s) => s.name)).toEqual([STACK]);
    expect(synth.docs.map((d) => d.name)).toEqual([STACK]);
    expect((synth.json(STACK).provider as any).google[0]).toMatchObject({ region: 'us-central1', default_labels: { rampart_residency: 'us' } });
    expect(synth.result.stacks.flatMap((s) => s.findings)).toEqual([]);
    expect([...runPolicySuite(synth.docs, loadConfig(PROFILE).policy).values()].flat()).toEqual([]);
  });

  test('THEN the backup table and the workspace schedules reach the buckets', () => {
    const json = synth.json(STACK);
    const backups = one(json, 'google_storage_bucket', 'backups_');
    const tierRules = backups.lifecycle_rule.filter((r: any) => r.condition.age !== undefined);
    expect(tierRules.map((r: any) => [r.condition.matches_prefix[0], r.condition.age])).toEqual([
      ['hourly/', 2],
      ['daily/', 7],
      ['weekly/', 28],
      ['monthly/', 365],
    ]);
    expect(
      one(json, 'google_storage_bucket', 'recordings_')
        .lifecycle_rule.map((r: any) => r.condition.age)
        .filter(Boolean),
    ).toEqual([30, 90, 365]);
    expect(resourcesOf(json, 'google_org_policy_policy')).toEqual({});
  });
});
