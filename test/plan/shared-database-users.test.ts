import { awsPart } from '../../lib/config/aws-part';
import { loadConfig } from '../../lib/config/loader';
import { databaseSchemaProvisioner, sharedDatabaseUserPolicies, tenantPlans } from '../../lib/plan/tenant-plans';

/**
 * ISOLATION: which shared-database policies a pooled tenant's access role attaches (by ARN), one per
 * platform region that serves it, and none where no shared database serves it.
 */
describe('sharedDatabaseUserPolicies (ISOLATION)', () => {
  const config = awsPart(loadConfig())!;

  test("GIVEN a US tenant THEN it attaches the primary and DR regions' policies of the platform account", () => {
    expect(sharedDatabaseUserPolicies(config, { hipaa: false, residency: 'us' })).toEqual([
      'arn:aws:iam::111111111111:policy/example-saas-prod-us-east-1-tenant-db-users',
      'arn:aws:iam::111111111111:policy/example-saas-prod-us-west-2-tenant-db-users',
    ]);
  });

  test("GIVEN an EU tenant THEN only the EU platform's policy, in the EU account", () => {
    expect(sharedDatabaseUserPolicies(config, { hipaa: false, residency: 'eu' })).toEqual([
      'arn:aws:iam::333333333333:policy/example-saas-prod-eu-west-1-tenant-db-users',
    ]);
  });

  test('GIVEN a HIPAA tenant THEN none: the enclave that would serve it keeps no database', () => {
    expect(sharedDatabaseUserPolicies(config, { hipaa: true, residency: 'us' })).toEqual([]);
  });

  test('GIVEN the default config THEN pooled tenants carry the policies and silo tenants do not', () => {
    const byId = Object.fromEntries(tenantPlans(config).map((p) => [p.tenant.id, p.sharedDatabaseUsers]));
    expect(byId.acme).toHaveLength(2);
    expect(byId.globex).toHaveLength(1);
    expect(byId.umbrella).toBeUndefined();
    expect(byId.initech).toBeUndefined();
  });
});

describe('databaseSchemaProvisioner (ISOLATION)', () => {
  const config = awsPart(loadConfig())!;

  test("GIVEN a US tenant in the primary region THEN the primary platform's provisioner, the only one its stack can call", () => {
    expect(databaseSchemaProvisioner(config, { hipaa: false, residency: 'us' }, 'us-east-1')).toBe(
      'arn:aws:lambda:us-east-1:111111111111:function:example-saas-prod-us-east-1-tenant-schemas',
    );
  });

  test('GIVEN a region no serving platform is in, or a HIPAA tenant THEN none', () => {
    expect(databaseSchemaProvisioner(config, { hipaa: false, residency: 'eu' }, 'us-east-1')).toBeUndefined();
    expect(databaseSchemaProvisioner(config, { hipaa: true, residency: 'us' }, 'us-east-1')).toBeUndefined();
  });
});
