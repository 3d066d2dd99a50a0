import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/loader';
import { statefulChanges } from '../../lib/verify/diff/stateful-changes';
import { resources } from '../../lib/verify/aws/template';
import type { Assembly } from '../../lib/verify/types';
import { synthesized } from '../verify/synthesized';

/**
 * docs/tenant-migration.md, step 2: a pooled tenant becomes a silo tenant by changing `isolation` in
 * place. The proof that this never deletes data: between the two real builds, no stateful resource
 * of the tenant's stack is removed or replaced (its bucket, keys, vault and log bucket keep their
 * logical ids and names), and the silo's own database and service are added. The reverse move, which
 * would drop the silo's database, is reported as data loss and blocks the pipeline's security diff.
 */
const ACME = 'prod-us-east-1/tenant-acme';
const STORES = ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Backup::BackupVault'];

function buildWith(change: (tenants: Record<string, unknown>[]) => void): Assembly {
  const document = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as { tenants: Record<string, unknown>[] };
  change(document.tenants);
  const path = join(mkdtempSync(join(tmpdir(), 'rampart-migration-')), 'config.yaml');
  writeFileSync(path, stringify(document));
  return synthesized(path, { gcp: false }).assembly;
}

const pooled = synthesized(DEFAULT_CONFIG_PATH, { gcp: false }).assembly;
const silo = buildWith((tenants) => {
  tenants.find((t) => t.id === 'acme')!.isolation = 'silo';
});
const stackOf = (assembly: Assembly) => assembly.stacks.find((s) => s.id === ACME)!;
const stores = (assembly: Assembly) =>
  Object.fromEntries(resources(stackOf(assembly), ...STORES).map((r) => [r.id, r.props.BucketName ?? r.props.BackupVaultName ?? r.type]));

describe('GIVEN the pooled tenant acme moved to silo in place', () => {
  test('THEN no stateful resource of any stack is removed or replaced: nothing is deleted', () => {
    expect(statefulChanges(pooled, silo)).toEqual([]);
  });

  test('THEN its data bucket, log bucket, keys and vault are the same resources (logical ids and names), so its data stays where it is', () => {
    // Every store of the pooled stack is still there, unchanged; the silo adds its database's staging vault.
    expect(stores(silo)).toEqual({ ...stores(pooled), DatabaseStagingVault: 'example-saas-prod-acme-db-staging' });
    expect(Object.keys(stores(pooled)).sort()).toEqual(['AccessLogs', 'BackupKey', 'BackupVault', 'Data', 'DataKey', 'LogsKey', 'RecordKeysKey']);
  });

  test('THEN the silo adds its own database, service and ingress next to them, and the pooled access role goes', () => {
    const after = stackOf(silo);
    for (const type of ['AWS::RDS::DBCluster', 'AWS::ECS::Service', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::EC2::VPC'])
      expect([type, resources(after, type).length]).toEqual([type, 1]);
    expect(resources(after, 'AWS::IAM::Role').map((r) => r.id)).not.toContain('AccessRole');
  });

  test('GIVEN the reverse move (silo back to pool) THEN the silo database is reported as removed: the security diff blocks it', () => {
    const removed = statefulChanges(silo, pooled).filter((c) => c.stack === ACME);
    expect(removed.map((c) => [c.type, c.kind])).toEqual(expect.arrayContaining([['AWS::RDS::DBCluster', 'removed']]));
  });
});
