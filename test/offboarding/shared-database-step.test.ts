import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadConfig } from '../../lib/config/loader';
import { OffboardingConfigError, offboardingPlan, offboardingPlanOf } from '../../lib/offboarding/offboarding-plan';
import { planDeployment } from '../../lib/plan/plan-deployment';
import type { TenantStackPlan } from '../../lib/plan/types';

/**
 * The shared-database step of a pooled tenant's runbook, run by bash with `aws` and `psql` stubbed:
 * psql must reach the endpoint the lookup found, and never run when the lookup fails or finds none.
 */
describe('GIVEN the pooled tenant acme WHEN its drop-schema command runs', () => {
  const config = loadConfig();
  const step = offboardingPlan(config, 'acme').steps.find((s) => s.id === 'drop-shared-database-schema')!;
  const dir = mkdtempSync(join(tmpdir(), 'rampart-drop-schema-'));
  const calls = join(dir, 'psql-calls');
  writeFileSync(join(dir, 'aws'), '#!/usr/bin/env bash\n[ -n "${FAKE_ENDPOINT:-}" ] || exit 254\necho "$FAKE_ENDPOINT"\n');
  writeFileSync(join(dir, 'psql'), `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> ${JSON.stringify(calls)}\n`);
  for (const stub of ['aws', 'psql']) chmodSync(join(dir, stub), 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (endpoint: string | undefined) => {
    rmSync(calls, { force: true });
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, FAKE_ENDPOINT: endpoint ?? '' };
    const result = spawnSync('bash', ['-c', step.commands[0]], { env, encoding: 'utf8' });
    return { status: result.status, psql: existsSync(calls) ? readFileSync(calls, 'utf8') : undefined };
  };

  test('THEN psql connects to the endpoint the lookup returned', () => {
    const { status, psql } = run('writer.cluster-abc.us-east-1.rds.amazonaws.com');
    expect(status).toBe(0);
    expect(psql).toContain('host=writer.cluster-abc.us-east-1.rds.amazonaws.com port=5432');
    expect(psql).toContain('DROP SCHEMA IF EXISTS "tenant_acme" CASCADE;');
  });

  test('THEN psql never runs when the lookup fails or finds no cluster, and the command fails', () => {
    for (const endpoint of [undefined, 'None']) {
      const { status, psql } = run(endpoint);
      expect(status).not.toBe(0);
      expect(psql).toBeUndefined();
    }
  });
});

describe('GIVEN a pooled tenant whose stack names no shared database WHEN its runbook is planned', () => {
  test('THEN planning fails instead of leaving its schema out of the erasure', () => {
    const config = loadConfig();
    const acme = planDeployment(config).aws.find((p): p is TenantStackPlan => p.kind === 'aws-tenant' && p.tenant.id === 'acme')!;
    expect(() => offboardingPlanOf({ ...acme, sharedDatabases: [] })).toThrow(OffboardingConfigError);
    expect(() => offboardingPlanOf({ ...acme, sharedDatabases: [] })).toThrow(/attaches no <prefix>-<region>-tenant-db-users policy/);
  });
});
