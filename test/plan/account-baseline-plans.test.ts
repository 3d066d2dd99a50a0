import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { configView } from '../../lib/config/config-view';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config/loader';
import type { RampartConfig } from '../../lib/config/schema';
import { stackPaths } from '../../lib/config/tenant-rules';
import { planDeployment } from '../../lib/plan/plan-deployment';
import type { AccountBaselineStackPlan } from '../../lib/plan/types';

/**
 * Which accounts and regions get an account baseline (DETECT-EVERY-ACCOUNT, AUDIT): every pair
 * where the plan places a stack and no platform or enclave stack covers it, with the trail in one
 * home region per account that has no platform or enclave stack anywhere.
 */
const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;

function configWith(tenants: object[], extra: object = {}): RampartConfig {
  return parseConfig({ ...DEFAULT_DOC, pipeline: undefined, ...extra, tenants });
}

const baselines = (config: RampartConfig) =>
  planDeployment(config).aws.filter((p): p is AccountBaselineStackPlan => p.kind === 'aws-account-baseline');
const summary = (config: RampartConfig) =>
  baselines(config).map((p) => `${p.account} ${p.region}${p.home ? ' home' : ''} [${p.dataClasses.join(',')}]`);

describe('account baselines of the default config', () => {
  const config = loadConfig();
  const plan = planDeployment(config).aws;

  test("GIVEN initech in its own account THEN its baseline: 444444444444 in us-east-1, home, covering initech's PHI", () => {
    expect(summary(config)).toEqual([
      '444444444444 us-east-1 home [phi]',
      '555555555555 us-east-1 home []',
      '555555555555 us-west-2 []',
      '555555555555 eu-west-1 []',
    ]);
    const [baseline] = baselines(config);
    expect(baseline).toMatchObject({
      path: 'prod-us-east-1/account-baseline-444444444444',
      stackName: 'example-saas-prod-us-east-1-account-baseline-444444444444',
      covers: ['prod-us-east-1/tenant-initech'],
      auditRetentionDays: config.policy.auditLogs.hipaaRetentionDays,
    });
    expect(baseline.controls).toEqual([
      'ENC-REST',
      'KEY-ROTATE',
      'TLS-HOPS',
      'PUBLIC-SURFACE',
      'AUDIT',
      'DETECT',
      'DETECT-EVERY-ACCOUNT',
      'DETECT-ACTIVITY',
      'DETECT-SENSITIVE-DATA',
      'NO-LOSS',
      'HIPAA',
      'LEAST-PRIV',
      'ACCESS-MFA',
      'ACCESS-REVIEW',
      'VULN-SCAN',
    ]);
  });

  test('GIVEN pipeline: THEN the deployment account gets a home baseline (its trail) in the pipeline region and detection in every other region it deploys to, covering no stack; without pipeline: none', () => {
    const deployment = baselines(config).find((b) => b.account === '555555555555')!;
    expect(deployment).toMatchObject({
      path: 'prod-us-east-1/account-baseline-555555555555',
      home: true,
      covers: [],
      dataClasses: [],
      auditRetentionDays: config.policy.auditLogs.retentionDays,
    });
    expect(deployment.controls).toContain('AUDIT');
    expect(summary(parseConfig({ ...DEFAULT_DOC, pipeline: undefined }))).toEqual(['444444444444 us-east-1 home [phi]']);
    const elsewhere = parseConfig({ ...DEFAULT_DOC, pipeline: { ...(DEFAULT_DOC.pipeline as object), region: 'us-west-2' } });
    expect(summary(elsewhere).filter((b) => b.startsWith('555555555555'))).toEqual([
      '555555555555 us-west-2 home []',
      '555555555555 us-east-1 []',
      '555555555555 eu-west-1 []',
    ]);
    // CodePipeline's support stacks sit in the regions it deploys to: each is watched there.
    const others = baselines(config).filter((b) => b.account === '555555555555' && !b.home);
    expect(others.map((b) => [b.path, b.covers.length, b.controls.includes('DETECT-EVERY-ACCOUNT')])).toEqual([
      ['prod-us-west-2/account-baseline-555555555555', 0, true],
      ['prod-eu-west-1/account-baseline-555555555555', 0, true],
    ]);
  });

  test('THEN no account with a platform or enclave stack gets one (acme, globex and the shared stacks are covered)', () => {
    const covering = new Set(plan.filter((p) => p.kind === 'aws-platform' || p.kind === 'aws-enclave').map((p) => p.account));
    expect([...covering].sort()).toEqual(['111111111111', '222222222222', '333333333333']);
    for (const b of baselines(config)) expect(covering.has(b.account)).toBe(false);
  });

  test('THEN baselines deploy after the shared stacks and before the tenants they watch', () => {
    expect(plan.map((p) => p.kind)).toEqual([
      'aws-platform',
      'aws-platform',
      'aws-platform',
      'aws-enclave',
      'aws-account-baseline',
      'aws-account-baseline',
      'aws-account-baseline',
      'aws-account-baseline',
      'aws-tenant',
      'aws-tenant',
      'aws-tenant',
      'aws-tenant',
    ]);
  });

  test("THEN the baseline's names are its own, never a tenant's (offboarding addresses the tenant's keys by its aliases)", () => {
    const [baseline] = baselines(config);
    expect(baseline.names).toEqual({
      keyAliasPrefix: 'example-saas/prod/baseline',
      logsKeyAlias: 'alias/example-saas/prod/baseline/logs',
      alertsKeyAlias: 'alias/example-saas/prod/baseline/alerts',
      logsBucket: 'example-saas-prod-444444444444-us-east-1-audit-logs',
      accessLogsBucket: 'example-saas-prod-444444444444-us-east-1-audit-access-logs',
      trail: 'example-saas-prod-baseline-trail',
    });
  });

  test('THEN the config rule that keeps tenant ids selecting one stack sees exactly the paths the plan builds', () => {
    expect(
      stackPaths(configView(DEFAULT_DOC))
        ?.map((p) => p.path)
        .sort(),
    ).toEqual(plan.map((p) => p.path).sort());
  });
});

describe('account baselines of other layouts', () => {
  test('GIVEN tenants pinned to the platform and enclave accounts in their regions THEN there is no baseline', () => {
    const config = configWith([
      { id: 'acme', plan: 'starter', isolation: 'silo', residency: 'us', account: '111111111111' },
      { id: 'initech', plan: 'pro', isolation: 'silo', residency: 'us', hipaa: true, account: '222222222222' },
      { id: 'globex', plan: 'pro', isolation: 'silo', residency: 'eu', account: '333333333333' },
    ]);
    expect(summary(config)).toEqual([]);
  });

  test('GIVEN one own account holding tenants in two US regions THEN a baseline in each, the trail only in the first (home)', () => {
    const config = configWith(
      [
        { id: 'hooli', plan: 'pro', isolation: 'silo', residency: 'us', account: '555555555555' },
        { id: 'umbrella', plan: 'pro', isolation: 'silo', residency: 'us', hipaa: true, account: '555555555555' },
      ],
      { hipaa: { enabled: true, region: 'us-east-2' } },
    );
    // The home's trail covers the whole account, PHI bucket in us-east-2 included, so it is PHI too.
    expect(summary(config)).toEqual(['555555555555 us-east-1 home [phi]', '555555555555 us-east-2 [phi]']);
    expect(baselines(config).map((b) => b.covers)).toEqual([
      ['prod-us-east-1/tenant-hooli', 'prod-us-east-2/tenant-umbrella'],
      ['prod-us-east-2/tenant-umbrella'],
    ]);
    expect(baselines(config).map((b) => b.auditRetentionDays)).toEqual([2192, 2192]);
  });

  test('GIVEN one own account holding a us and an EU tenant THEN the trail is in the EU region, so EU access records stay in the EU', () => {
    const config = configWith([
      { id: 'hooli', plan: 'pro', isolation: 'silo', residency: 'us', account: '555555555555' },
      { id: 'umbrella', plan: 'pro', isolation: 'silo', residency: 'eu', account: '555555555555' },
    ]);
    expect(summary(config)).toEqual(['555555555555 us-east-1 []', '555555555555 eu-west-1 home [eu]']);
    const [us, eu] = baselines(config);
    expect(eu.controls).toContain('RESIDENCY-EU');
    expect([us.controls.includes('RESIDENCY-EU'), us.auditRetentionDays, eu.auditRetentionDays]).toEqual([false, 365, 365]);
  });

  test('GIVEN two own accounts in the same region THEN each gets its own baseline, told apart by the account in the path', () => {
    const config = configWith([
      { id: 'hooli', plan: 'pro', isolation: 'silo', residency: 'us', account: '555555555555' },
      { id: 'umbrella', plan: 'pro', isolation: 'silo', residency: 'us', account: '666666666666' },
    ]);
    expect(summary(config)).toEqual(['555555555555 us-east-1 home []', '666666666666 us-east-1 home []']);
    expect(baselines(config).map((b) => b.path)).toEqual([
      'prod-us-east-1/account-baseline-555555555555',
      'prod-us-east-1/account-baseline-666666666666',
    ]);
  });

  test('GIVEN a us tenant pinned to the enclave account outside the enclave region THEN detection there, but no second trail (the enclave has the account trail)', () => {
    const config = configWith([{ id: 'hooli', plan: 'pro', isolation: 'silo', residency: 'us', account: '222222222222' }], {
      hipaa: { enabled: true, region: 'us-east-2' },
    });
    expect(summary(config)).toEqual(['222222222222 us-east-1 []']);
  });
});
