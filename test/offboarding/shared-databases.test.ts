import { tenantDatabaseUsersPolicyName } from '../../lib/plan/naming';
import { OffboardingConfigError } from '../../lib/offboarding/offboarding-errors';
import { sharedDatabasesOf } from '../../lib/offboarding/shared-databases';

const PREFIX = 'example-saas-prod';
const policy = (name: string, partition = 'aws') => `arn:${partition}:iam::111111111111:policy/${name}`;

describe('sharedDatabasesOf', () => {
  test('GIVEN the tenant-db-users policies of two regions WHEN read THEN each names its region and cluster, in order', () => {
    const arns = ['us-east-1', 'us-west-2'].map((region) => policy(tenantDatabaseUsersPolicyName(PREFIX, region)));
    expect(sharedDatabasesOf(PREFIX, arns)).toEqual([
      { account: '111111111111', region: 'us-east-1', cluster: 'example-saas-prod-us-east-1-db' },
      { account: '111111111111', region: 'us-west-2', cluster: 'example-saas-prod-us-west-2-db' },
    ]);
    expect(sharedDatabasesOf(PREFIX, [policy(tenantDatabaseUsersPolicyName(PREFIX, 'ap-southeast-2'))])).toEqual([
      { account: '111111111111', region: 'ap-southeast-2', cluster: 'example-saas-prod-ap-southeast-2-db' },
    ]);
  });

  test('GIVEN other policies WHEN read THEN they are skipped', () => {
    expect(
      sharedDatabasesOf(PREFIX, [
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
        policy(`${PREFIX}-us-east-1-service`),
        policy(`${PREFIX}-us-east-1-tenant-db-users-v2`),
      ]),
    ).toEqual([]);
  });

  test('GIVEN a tenant-db-users policy of another prefix or of no region Rampart deploys to WHEN read THEN it throws, naming it', () => {
    for (const name of ['other-org-prod-us-east-1-tenant-db-users', `${PREFIX}-not-a-region-tenant-db-users`, `${PREFIX}-xx-foo-9-tenant-db-users`]) {
      expect(() => sharedDatabasesOf(PREFIX, [policy(name)])).toThrow(OffboardingConfigError);
      expect(() => sharedDatabasesOf(PREFIX, [policy(name)])).toThrow(name);
    }
  });
});
