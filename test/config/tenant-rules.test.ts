import { configView } from '../../lib/config/config-view';
import { PUBLISHED_POLICY } from '../../lib/promises/policy-numbers';
import { ConfigError } from '../../lib/config/errors';
import { parseConfig } from '../../lib/config/loader';
import { stackPaths } from '../../lib/config/tenant-rules';

const BASE = {
  organization: 'example-saas',
  environment: 'prod',
  accounts: { platform: '111111111111', hipaa: '222222222222', eu: '333333333333' },
  regions: { primary: 'us-east-1', dr: 'us-west-2' },
  platform: { alerts: { pagingEndpoint: 'https://events.example.com/page' } },
  policy: { acceptedExceptions: [] },
};

function errorsOf(document: object): string[] {
  try {
    parseConfig({ ...BASE, ...document });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
}

describe('erasure deadline', () => {
  test('GIVEN the published promise THEN erasure is due within 30 days', () => {
    expect(PUBLISHED_POLICY.erasure.deadlineDays).toBe(30);
  });

  test.each([
    [0, 30],
    [16, 14],
    [23, 7],
  ])('GIVEN graceDays %i and keyDeletionWindowDays %i (sum at most 30) THEN the config is valid', (graceDays, keyDeletionWindowDays) => {
    expect(errorsOf({ tenancy: { offboarding: { graceDays, keyDeletionWindowDays } } })).toEqual([]);
  });

  test('GIVEN a one-day grace period and a 30-day window THEN the error names both values, the sum, and only the monthly tier (the weekly ends on day 29)', () => {
    expect(errorsOf({ tenancy: { offboarding: { graceDays: 1, keyDeletionWindowDays: 30 } } })).toEqual([
      'tenancy.offboarding: graceDays (1) + keyDeletionWindowDays (30) = 31 days, over the 30-day erasure promise (policy.erasure.deadlineDays): backups taken until erasure starts outlive that promise in the monthly (365 d) tier, so erasure relies on crypto-shredding the tenant\'s keys, which become unusable only after the grace period plus the KMS pending window; make the sum at most 30, got {"graceDays":1,"keyDeletionWindowDays":30}',
    ]);
  });

  test('GIVEN a grace period of 3 days or more THEN the weekly tier outlives the promise too', () => {
    expect(errorsOf({ tenancy: { offboarding: { graceDays: 2, keyDeletionWindowDays: 29 } } })[0]).toContain('in the monthly (365 d) tier,');
    expect(errorsOf({ tenancy: { offboarding: { graceDays: 3, keyDeletionWindowDays: 28 } } })[0]).toContain(
      'in the weekly (28 d) and monthly (365 d) tiers,',
    );
  });
});

describe('tenant accounts and residency', () => {
  test('GIVEN an EU tenant on accounts.hipaa with the enclave in the EU region THEN it is allowed', () => {
    expect(
      errorsOf({
        hipaa: { region: 'eu-west-1' },
        tenants: [{ id: 'globex', plan: 'pro', isolation: 'silo', residency: 'eu', account: '222222222222' }],
      }),
    ).toEqual([]);
  });

  test('GIVEN a us HIPAA tenant pinned to accounts.eu THEN the error names the enclave region its stacks deploy to', () => {
    expect(errorsOf({ tenants: [{ id: 'acme', plan: 'pro', isolation: 'silo', residency: 'us', hipaa: true, account: '333333333333' }] })).toEqual([
      'tenants[0].account: is accounts.eu, whose SCP denies every region but residency.eu.region ("eu-west-1"); this us tenant\'s stacks deploy to "us-east-1", got "333333333333"',
    ]);
  });

  test('GIVEN tenants on dedicated accounts THEN residency does not restrict them', () => {
    expect(
      errorsOf({
        tenants: [
          { id: 'acme', plan: 'starter', isolation: 'silo', residency: 'us', account: '444444444444' },
          { id: 'globex', plan: 'pro', isolation: 'silo', residency: 'eu', account: '555555555555' },
        ],
      }),
    ).toEqual([]);
  });
});

describe('stack selection by tenant id', () => {
  test('GIVEN the default layout THEN the stack paths are the three platforms, the enclave and one per tenant in its placement region', () => {
    const view = configView(
      parseConfig({
        ...BASE,
        tenants: [
          { id: 'acme', plan: 'starter', residency: 'us' },
          { id: 'globex', plan: 'pro', residency: 'eu' },
          { id: 'initech', plan: 'pro', residency: 'us', hipaa: true },
        ],
      }),
    );
    expect(stackPaths(view)?.map((p) => p.path)).toEqual([
      'prod-us-east-1/platform',
      'prod-us-west-2/platform',
      'prod-eu-west-1/platform',
      'prod-us-east-1/enclave',
      'prod-us-east-1/tenant-acme',
      'prod-eu-west-1/tenant-globex',
      'prod-us-east-1/tenant-initech',
    ]);
  });

  test('GIVEN tenants called "enclave", "acme" and "acme-eu" THEN they are accepted: cdk deploy \'*/tenant-<id>\' selects each alone (test/app/cli-selection.test.ts)', () => {
    expect(errorsOf({ hipaa: { enabled: false }, tenants: [{ id: 'enclave', plan: 'pro', residency: 'us' }] })).toEqual([]);
    expect(
      errorsOf({
        tenants: [
          { id: 'enclave', plan: 'pro', residency: 'us' },
          { id: 'acme', plan: 'pro', residency: 'us' },
          { id: 'acme-eu', plan: 'pro', residency: 'eu' },
        ],
      }),
    ).toEqual([]);
  });

  test('GIVEN a tenant in its own account THEN its account baseline is a stack path too, and a tenant called "baseline" is accepted beside it', () => {
    const tenants = [
      { id: 'acme', plan: 'pro', isolation: 'silo', residency: 'us', account: '444444444444' },
      { id: 'baseline', plan: 'pro', residency: 'us' },
    ];
    expect(stackPaths(configView(parseConfig({ ...BASE, tenants: tenants.slice(0, 1) })))?.map((p) => p.path)).toContain(
      'prod-us-east-1/account-baseline-444444444444',
    );
    expect(errorsOf({ tenants })).toEqual([]);
  });
});

describe('isolation models', () => {
  test('GIVEN no isolation THEN starter and pro tenants are pooled and enterprise tenants silo (lib/config/plans.ts)', () => {
    const config = parseConfig({
      ...BASE,
      tenants: [
        { id: 'acme', plan: 'starter', residency: 'us' },
        { id: 'globex', plan: 'pro', residency: 'eu' },
        { id: 'initech', plan: 'enterprise', residency: 'us', retentionDays: 400 },
        { id: 'hooli', plan: 'pro', residency: 'us', isolation: 'silo' },
      ],
    });
    expect(configView(config).tenants.map((t) => [t.id, t.isolation])).toEqual([
      ['acme', 'pool'],
      ['globex', 'pool'],
      ['initech', 'silo'],
      ['hooli', 'silo'],
    ]);
  });

  test('GIVEN pooled tenants in an account of their own or with a pinned cidr THEN each problem names the path, the value and the way out', () => {
    expect(
      errorsOf({
        tenants: [
          { id: 'acme', plan: 'pro', residency: 'us', account: '444444444444' },
          { id: 'globex', plan: 'starter', residency: 'eu', isolation: 'pool', cidr: '10.200.0.0/22' },
          { id: 'hooli', plan: 'pro', residency: 'us', hipaa: true, account: '222222222222' },
        ],
      }),
    ).toEqual([
      'tenants[0].account: is not accounts.platform ("111111111111"), where the platform service that serves a pooled tenant runs; give the tenant isolation: silo for an account of its own, or remove account, got "444444444444"',
      'tenants[1].cidr: is set on a pooled tenant, which has no VPC; pin a cidr only with isolation: silo, got "10.200.0.0/22"',
    ]);
  });

  test('GIVEN an unknown isolation model THEN the schema names the choices', () => {
    expect(errorsOf({ tenants: [{ id: 'acme', plan: 'pro', residency: 'us', isolation: 'bridge' }] })[0]).toMatch(/^tenants\[0\]\.isolation: /);
  });
});
