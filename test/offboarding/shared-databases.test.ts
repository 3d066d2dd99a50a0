import { tenantDatabaseUsersPolicyName } from '../../lib/plan/naming';
import { sharedDatabasesOf } from '../../lib/offboarding/shared-databases';

const PREFIX = 'example-saas-prod';
const policy = (name: string, partition = 'aws') => `arn:${partition}:iam::111111111111:policy/${name}`;

describe('sharedDatabasesOf', () => {
  test('GIVEN the tenant-db-users policies of two regions WHEN read THEN each names its region and cluster, in order', () => {
    const arns = ['us-east-1', 'us-west-2'].map((region) => policy(tenantDatabaseUsersPolicyName(PREFIX, region)));
    expect(sharedDatabasesOf(PREFIX, arns)).toEqual([
      { region: 'us-east-1', cluster: 'example-saas-prod-us-east-1-db' },
      { region: 'us-west-2', cluster: 'example-saas-prod-us-west-2-db' },
    ]);
    expect(sharedDatabasesOf(PREFIX, [policy(tenantDatabaseUsersPolicyName(PREFIX, 'us-gov-west-1'), 'aws-us-gov')])).toEqual([
      { region: 'us-gov-west-1', cluster: 'example-saas-prod-us-gov-west-1-db' },
    ]);
  });

  test('GIVEN other policies, another prefix or a name that is not a region WHEN read THEN they are skipped', () => {
    expect(
      sharedDatabasesOf(PREFIX, [
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
        policy('other-org-prod-us-east-1-tenant-db-users'),
        policy(`${PREFIX}-us-east-1-service`),
        policy(`${PREFIX}-not-a-region-tenant-db-users`),
        policy(`${PREFIX}-us-east-1-tenant-db-users-v2`),
      ]),
    ).toEqual([]);
  });
});
