import { parseConfig } from '../../lib/config/loader';
import { tenantPlacement } from '../../lib/config/placement';
import { awsOf } from '../helpers';

const ACCOUNTS = { platform: '111111111111', hipaa: '222222222222', eu: '333333333333' };
const DEDICATED = '444444444444';

/** Enclave in eu-west-1 so an EU HIPAA tenant is valid; US HIPAA tenants follow the enclave too. */
const config = parseConfig({
  organization: 'example-saas',
  environment: 'prod',
  accounts: ACCOUNTS,
  regions: { primary: 'us-east-2', dr: 'us-west-2' },
  platform: { alerts: { pagingEndpoint: 'https://events.example.com/page' } },
  residency: { eu: { region: 'eu-west-1' } },
  hipaa: { enabled: true, region: 'eu-west-1' },
  tenants: [
    { id: 'usplain', plan: 'starter', residency: 'us' },
    { id: 'euplain', plan: 'pro', residency: 'eu' },
    { id: 'ushipaa', plan: 'pro', residency: 'us', hipaa: true },
    { id: 'euhipaa', plan: 'pro', residency: 'eu', hipaa: true },
    { id: 'usown', plan: 'pro', isolation: 'silo', residency: 'us', account: DEDICATED },
    { id: 'euown', plan: 'pro', isolation: 'silo', residency: 'eu', account: DEDICATED },
    { id: 'hipaaown', plan: 'pro', isolation: 'silo', residency: 'us', hipaa: true, account: DEDICATED },
  ],
});

describe('tenant placement', () => {
  test.each([
    ['usplain', { account: ACCOUNTS.platform, region: 'us-east-2', enclave: false }],
    ['euplain', { account: ACCOUNTS.eu, region: 'eu-west-1', enclave: false }],
    ['ushipaa', { account: ACCOUNTS.hipaa, region: 'eu-west-1', enclave: true }],
    ['euhipaa', { account: ACCOUNTS.hipaa, region: 'eu-west-1', enclave: true }],
    ['usown', { account: DEDICATED, region: 'us-east-2', enclave: false }],
    ['euown', { account: DEDICATED, region: 'eu-west-1', enclave: false }],
    ['hipaaown', { account: DEDICATED, region: 'eu-west-1', enclave: true }],
  ])('GIVEN tenant %s WHEN placed THEN it lands in %o', (id, expected) => {
    const tenant = config.tenants.find((t) => t.id === id)!;
    expect(tenantPlacement(awsOf(config), tenant)).toEqual(expected);
  });

  test('GIVEN the default enclave region WHEN a US HIPAA tenant is placed THEN it lives in hipaa.region, not regions.primary', () => {
    const usConfig = parseConfig({
      organization: 'example-saas',
      environment: 'prod',
      accounts: ACCOUNTS,
      regions: { primary: 'us-east-2', dr: 'us-west-2' },
      platform: { alerts: { pagingEndpoint: 'https://events.example.com/page' } },
      tenants: [{ id: 'ushipaa', plan: 'pro', residency: 'us', hipaa: true }],
    });
    expect(tenantPlacement(awsOf(usConfig), usConfig.tenants[0])).toEqual({ account: ACCOUNTS.hipaa, region: 'us-east-1', enclave: true });
  });
});
