import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { buildApp } from '../../lib/app/build-app';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';
import { tenantFromAssembly, tenantIdsInAssembly } from '../../lib/offboarding/assembly-tenant';
import { departingTenantsVariable, NO_TENANT_LEAVES } from '../../lib/plan/departing-tenants';
import { renderOffboardingPlan } from '../../lib/offboarding/offboarding-markdown';
import { offboardingPlan, offboardingPlanOf, UnknownTenantError } from '../../lib/offboarding/offboarding-plan';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;

function synth(document: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-offboard-asm-'));
  buildApp(parseConfig(document), { outdir: dir, nagPacks: false, builtinCloudFormationValidation: false }).synth();
  return dir;
}
const offboard = (...args: string[]) => spawnSync(TSX, ['bin/tenant-offboard.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('GIVEN the assembly deployed with the default config AND a config from which acme has left', () => {
  const config = parseConfig(DEFAULT_DOC);
  const deployed = synth(DEFAULT_DOC);
  const tenants = DEFAULT_DOC.tenants as { id: string }[];
  // Leaving the config means leaving pipeline.canaryTenants too (a rule names every canary a tenant).
  const pipeline = DEFAULT_DOC.pipeline as { canaryTenants: string[] };
  const withoutAcme = {
    ...DEFAULT_DOC,
    tenants: tenants.filter((t) => t.id !== 'acme'),
    pipeline: { ...pipeline, canaryTenants: pipeline.canaryTenants.filter((id) => id !== 'acme') },
  };
  const without = parseConfig(withoutAcme);

  test('THEN the config no longer knows acme', () => {
    expect(() => offboardingPlan(without, 'acme')).toThrow(UnknownTenantError);
  });

  test.each(tenants.map((t) => t.id))('THEN the runbook of %s read from the assembly is the one the config gave', (id) => {
    expect(offboardingPlanOf(tenantFromAssembly(deployed, id))).toEqual(offboardingPlan(config, id));
  });

  test('THEN an id the assembly does not hold names the assembly and its ids', () => {
    expect(() => tenantFromAssembly(deployed, 'hooli')).toThrow(
      `unknown tenant id "hooli"; the assembly ${deployed} has these tenant ids: ${tenants
        .map((t) => t.id)
        .sort()
        .join(', ')}`,
    );
  });

  test('THEN `npm run tenant:offboard -- --assembly DIR --tenant acme` prints that runbook', () => {
    const run = offboard('--assembly', deployed, '--tenant', 'acme');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(renderOffboardingPlan(offboardingPlan(config, 'acme')));
  });

  test('THEN --absent-from the next assembly prints the runbook of exactly the tenant that left', () => {
    const next = synth(withoutAcme);
    expect(tenantIdsInAssembly(next)).toEqual(
      tenants
        .map((t) => t.id)
        .filter((id) => id !== 'acme')
        .sort(),
    );
    const ids = join(mkdtempSync(join(tmpdir(), 'rampart-offboard-ids-')), 'tenants.txt');
    const run = offboard('--assembly', deployed, '--absent-from', next, '--tenants-out', ids);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(renderOffboardingPlan(offboardingPlan(config, 'acme')));
    expect(readFileSync(ids, 'utf8')).toBe('acme\n');
    const none = offboard('--assembly', deployed, '--absent-from', deployed, '--tenants-out', ids);
    expect(none.stdout).toBe(`No tenant of ${deployed} is absent from ${deployed}: nothing to offboard.\n`);
    expect(readFileSync(ids, 'utf8')).toBe(`${NO_TENANT_LEAVES}\n`);
  });

  test('THEN a template whose access role lost its database policies, or holds one that is not a literal ARN, is refused, not offboarded without the schema drop', () => {
    const edited = (change: (arns: unknown[]) => unknown[]): string => {
      const copy = mkdtempSync(join(tmpdir(), 'rampart-offboard-edited-'));
      cpSync(deployed, copy, { recursive: true });
      const dir = join(copy, 'assembly-prod-us-east-1');
      const file = readdirSync(dir).find((f) => /^produseast1tenantacme.*\.template\.json$/.test(f))!;
      const template = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
      };
      const role = Object.values(template.Resources).find(
        (r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === 'example-saas-prod-tenant-acme-access',
      )!;
      role.Properties.ManagedPolicyArns = change(role.Properties.ManagedPolicyArns as unknown[]);
      writeFileSync(join(dir, file), JSON.stringify(template));
      return copy;
    };
    const withoutPolicies = edited(() => []);
    expect(() => offboardingPlanOf(tenantFromAssembly(withoutPolicies, 'acme'))).toThrow(/attaches no <prefix>-<region>-tenant-db-users policy/);
    const withToken = edited((arns) => [{ 'Fn::Join': ['', ['arn:aws:iam::111111111111:policy/', 'x']] }, ...arns.slice(1)]);
    expect(() => tenantFromAssembly(withToken, 'acme')).toThrow(/attaches a policy that is not a literal ARN/);
    for (const dir of [withoutPolicies, withToken]) rmSync(dir, { recursive: true, force: true });
  });

  test('THEN --assembly with --config, or --absent-from with an id, is a usage error naming both', () => {
    const run = offboard('--assembly', deployed, '--config', DEFAULT_CONFIG_PATH, '--absent-from', deployed, 'acme');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--absent-from selects the tenants itself; got also acme');
    expect(run.stderr).toContain('--assembly and --config exclude each other');
  });
});

describe('departingTenantsVariable (the OFFBOARDED_TENANTS output variable)', () => {
  test('THEN the ids sorted and comma-joined, none without any, and a long list cut with its count', () => {
    expect(departingTenantsVariable([])).toBe(NO_TENANT_LEAVES);
    expect(departingTenantsVariable(['globex', 'acme'])).toBe('acme,globex');
    const many = Array.from({ length: 200 }, (_, i) => `tenant-${String(i).padStart(3, '0')}`);
    const value = departingTenantsVariable(many);
    expect(value.length).toBeLessThanOrEqual(500);
    expect(value).toMatch(/^tenant-000,tenant-001,.*,\.\.\. \(200 tenants in all\)$/);
  });
});
