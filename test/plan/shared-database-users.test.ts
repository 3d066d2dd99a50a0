import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { awsPart } from '../../lib/config/aws-part';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config/loader';
import { planDeployment } from '../../lib/plan/plan-deployment';
import { databaseSchema, sharedDatabaseUserPolicies, tenantPlans } from '../../lib/plan/tenant-plans';

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

describe('databaseSchema (ISOLATION)', () => {
  const config = awsPart(loadConfig())!;

  test("GIVEN a US tenant in the primary region THEN the primary platform's provisioner, the only one its stack can call, and its cluster", () => {
    expect(databaseSchema(config, { hipaa: false, residency: 'us' }, 'us-east-1')).toEqual({
      provisionerArn: 'arn:aws:lambda:us-east-1:111111111111:function:example-saas-prod-us-east-1-tenant-schemas',
      clusterIdentifier: 'example-saas-prod-us-east-1-db',
    });
  });

  test("GIVEN the primary platform's plan THEN its cluster is the one the tenant's schema names", () => {
    const platform = planDeployment(loadConfig()).aws.find((p) => p.kind === 'aws-platform' && p.region === 'us-east-1');
    expect(platform?.kind === 'aws-platform' && platform.names.databaseCluster).toBe(
      databaseSchema(config, { hipaa: false, residency: 'us' }, 'us-east-1')?.clusterIdentifier,
    );
  });

  test('GIVEN a region no serving platform is in, or a HIPAA tenant THEN none', () => {
    expect(databaseSchema(config, { hipaa: false, residency: 'eu' }, 'us-east-1')).toBeUndefined();
    expect(databaseSchema(config, { hipaa: true, residency: 'us' }, 'us-east-1')).toBeUndefined();
  });
});

describe('peerRegionTenants (ISOLATION): the pooled tenants a platform serves from another region', () => {
  const doc = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;
  const platforms = (tenants: object[]) =>
    Object.fromEntries(
      planDeployment(parseConfig({ ...doc, tenants: [...doc.tenants, ...tenants] }))
        .aws.filter((p) => p.kind === 'aws-platform')
        .map((p) => [p.region, p.peerRegionTenants]),
    );

  test('GIVEN the default config THEN the DR platform lists the pooled US tenant, the primary and EU platforms none', () => {
    expect(platforms([])).toEqual({ 'us-east-1': [], 'us-west-2': ['acme'], 'eu-west-1': [] });
  });

  test('GIVEN more tenants THEN only pooled, non-HIPAA US tenants, sorted; EU, silo and HIPAA tenants are not listed', () => {
    const more = [
      { id: 'zeta', plan: 'pro', residency: 'us' },
      { id: 'beta', plan: 'starter', residency: 'us' },
      { id: 'eupool', plan: 'starter', residency: 'eu' },
      { id: 'bigco', plan: 'enterprise', residency: 'us', retentionDays: 730 },
      { id: 'clinic', plan: 'pro', residency: 'us', hipaa: true },
    ];
    expect(platforms(more)).toEqual({ 'us-east-1': [], 'us-west-2': ['acme', 'beta', 'zeta'], 'eu-west-1': [] });
  });
});
