import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { tenantResourceNames } from '../../lib/plan/naming';
import { planDeployment } from '../../lib/plan/plan-deployment';
import type { AccountBaselineStackPlan } from '../../lib/plan/types';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';
import { RampartConfig } from '../../lib/config/schema';
import { PUBLISHED_POLICY } from '../../lib/promises/policy-numbers';
import { renderOffboardingPlan } from '../../lib/offboarding/offboarding-markdown';
import { OffboardingConfigError, OffboardingPlan, offboardingPlan, UnknownTenantError } from '../../lib/offboarding/offboarding-plan';

const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;

function configWith(offboarding?: { graceDays?: number; keyDeletionWindowDays?: number }): RampartConfig {
  return parseConfig(offboarding === undefined ? DEFAULT_DOC : { ...DEFAULT_DOC, tenancy: { offboarding } });
}

const stepIds = (plan: OffboardingPlan) => plan.steps.map((s) => s.id);
const allCommands = (plan: OffboardingPlan) => plan.steps.flatMap((s) => s.commands).join('\n');

describe('offboardingPlan for the default config', () => {
  const config = configWith();
  const acme = offboardingPlan(config, 'acme');
  const initech = offboardingPlan(config, 'initech');
  const globex = offboardingPlan(config, 'globex');

  test('GIVEN the default window WHEN planned THEN keys are scheduled for deletion with 14 days and erasure completes on day 14 <= 30', () => {
    expect(acme.keyDeletionWindowDays).toBe(14);
    expect(acme.graceDays).toBe(0);
    expect(acme.totalDays).toBe(14);
    expect(acme.totalDays).toBeLessThanOrEqual(acme.deadlineDays);
    expect(acme.deadlineDays).toBe(30);
    const schedule = acme.steps.find((s) => s.id === 'schedule-key-deletion')!;
    expect(schedule.commands.filter((c) => c.includes('aws kms schedule-key-deletion'))).toEqual([
      'aws kms schedule-key-deletion --region us-east-1 --key-id "$DATA_KEY" --pending-window-in-days 14',
      'aws kms schedule-key-deletion --region us-east-1 --key-id "$BACKUP_KEY" --pending-window-in-days 14',
      'aws kms schedule-key-deletion --region us-east-1 --key-id "$LOGS_KEY" --pending-window-in-days 14',
      'aws kms schedule-key-deletion --region us-east-1 --key-id "$RECORD_KEYS_KEY" --pending-window-in-days 14',
    ]);
    const last = acme.steps[acme.steps.length - 1];
    expect(last.id).toBe('verify-keys-deleted');
    expect(last.day).toBe(14);
    expect(Math.max(...acme.steps.map((s) => s.day))).toBe(acme.totalDays);
    expect(Math.max(...acme.copies.map((c) => c.erasedOnDay))).toBeLessThanOrEqual(30);
  });

  test('GIVEN a tenant WHEN planned THEN backups and writes stop first, keys are disabled and scheduled before the stack is deleted, and the proof comes last', () => {
    expect(stepIds(acme)).toEqual([
      'record-baseline',
      'stop-backups',
      'stop-writes',
      'drop-shared-database-schema',
      'disable-keys',
      'empty-logs-bucket',
      'schedule-key-deletion',
      'remove-from-config',
      'delete-stack',
      'sweep-late-access-logs',
      'verify-keys-deleted',
    ]);
    const days = acme.steps.map((s) => s.day);
    expect(days).toEqual([...days].sort((a, b) => a - b));
  });

  test('GIVEN a pooled tenant WHEN planned THEN its schema in the shared database is dropped and its rows there are listed as a copy; a silo tenant has neither', () => {
    const drop = acme.steps.find((s) => s.id === 'drop-shared-database-schema')!;
    expect(drop.commands[0]).toContain('DROP SCHEMA IF EXISTS "tenant_acme" CASCADE;');
    // The role holds CONNECT on the database (provisioning grants it): DROP OWNED revokes it before DROP ROLE.
    expect(drop.commands[0]).toContain('DROP OWNED BY "tenant_acme" CASCADE; DROP ROLE "tenant_acme";');
    expect(acme.copies.map((c) => c.copy)).toContainEqual(expect.stringContaining('rows of schema "tenant_acme" in the shared platform database'));
    expect(stepIds(initech)).not.toContain('drop-shared-database-schema');
    expect(initech.copies.map((c) => c.copy).filter((c) => c.includes('shared platform database'))).toEqual([]);
  });

  test('GIVEN pooled tenants WHEN planned THEN the schema is dropped in exactly the shared databases their access role may log in to, each found by name', () => {
    const clustersOf = (plan: OffboardingPlan) =>
      (plan.steps.find((s) => s.id === 'drop-shared-database-schema')?.commands ?? []).map((c) => /--db-cluster-identifier (\S+)/.exec(c)?.[1]);
    // acme (US): the primary and DR platforms serve it; globex (EU): the EU platform only.
    expect(clustersOf(acme)).toEqual(['example-saas-prod-us-east-1-db', 'example-saas-prod-us-west-2-db']);
    expect(clustersOf(globex)).toEqual(['example-saas-prod-eu-west-1-db']);
    expect(allCommands(globex)).toContain('aws rds describe-db-clusters --region eu-west-1 --db-cluster-identifier example-saas-prod-eu-west-1-db');
    const verify = acme.steps.find((s) => s.id === 'drop-shared-database-schema')!.verify;
    expect(verify.map((v) => v.expect)).toEqual([
      '0 in example-saas-prod-us-east-1-db (no schema, no role)',
      '0 in example-saas-prod-us-west-2-db (no schema, no role)',
    ]);
    expect(acme.steps.find((s) => s.id === 'drop-shared-database-schema')!.region).toBe('us-east-1, us-west-2');
    // The lookups run where the clusters are: the serving platform's account (the policies' own).
    const dropIn = (plan: OffboardingPlan) => plan.steps.find((s) => s.id === 'drop-shared-database-schema')!.account;
    expect([dropIn(acme), dropIn(globex)]).toEqual([config.accounts!.platform, config.accounts!.eu]);
  });

  test('GIVEN a BYOK tenant WHEN planned THEN the imported material is deleted before the keys are disabled and scheduled, and only the backup, logs and record-keys keys are disabled', () => {
    const ids = stepIds(initech);
    expect(ids.indexOf('delete-imported-key-material')).toBeGreaterThan(ids.indexOf('stop-writes'));
    expect(ids.indexOf('delete-imported-key-material')).toBeLessThan(ids.indexOf('disable-keys'));
    expect(ids.indexOf('delete-imported-key-material')).toBeLessThan(ids.indexOf('schedule-key-deletion'));
    const material = initech.steps.find((s) => s.id === 'delete-imported-key-material')!;
    expect(material.commands).toContain('aws kms delete-imported-key-material --region us-east-1 --key-id "$DATA_KEY"');
    const disable = initech.steps.find((s) => s.id === 'disable-keys')!;
    expect(disable.commands.filter((c) => c.startsWith('aws kms disable-key'))).toEqual([
      'aws kms disable-key --region us-east-1 --key-id "$BACKUP_KEY"',
      'aws kms disable-key --region us-east-1 --key-id "$LOGS_KEY"',
      'aws kms disable-key --region us-east-1 --key-id "$RECORD_KEYS_KEY"',
    ]);
    // The record key store has its own key (the BYOK data key had no material when the stack was created); it is deleted with the others.
    const schedule = initech.steps.find((s) => s.id === 'schedule-key-deletion')!;
    expect(schedule.commands).toContain('aws kms schedule-key-deletion --region us-east-1 --key-id "$RECORD_KEYS_KEY" --pending-window-in-days 14');
    expect(schedule.title).toBe('Schedule deletion of the four tenant keys (14-day window)');
    expect(initech.copies.find((c) => c.copy.startsWith('record key store'))?.encryption).toBe(
      `SSE-KMS, tenant record-keys key ${initech.names.recordKeysKeyAlias}`,
    );
    expect(initech.copies[0].erasedOnDay).toBe(0);
    expect(initech.residuals.map((r) => r.what).join('\n')).toMatch(/customer's own copy of the imported key material/);
  });

  test('GIVEN non-BYOK tenants WHEN planned THEN there is no imported-material step and all four keys are disabled', () => {
    for (const plan of [acme, globex]) {
      expect(stepIds(plan)).not.toContain('delete-imported-key-material');
      expect(allCommands(plan)).not.toContain('delete-imported-key-material');
      expect(plan.steps.find((s) => s.id === 'disable-keys')!.commands.filter((c) => c.startsWith('aws kms disable-key'))).toHaveLength(4);
    }
  });

  test('GIVEN tenants in different places WHEN planned THEN every AWS command targets the placement region and names from tenantResourceNames', () => {
    expect([acme.account, acme.region]).toEqual(['111111111111', 'us-east-1']);
    expect([globex.account, globex.region]).toEqual(['333333333333', 'eu-west-1']);
    expect([initech.account, initech.region, initech.enclave]).toEqual(['444444444444', 'us-east-1', true]);
    for (const plan of [acme, globex, initech]) {
      const names = tenantResourceNames(config, plan.tenantId, plan.account);
      expect(plan.names).toEqual(names);
      const text = allCommands(plan);
      for (const name of [
        names.dataKeyAlias,
        names.backupKeyAlias,
        names.vaultName,
        names.backupPlanName,
        names.dataBucketName,
        names.logsBucketName,
      ]) {
        expect(text).toContain(name);
      }
      expect(plan.stackName).toBe(`example-saas-prod-${plan.region}-tenant-${plan.tenantId}`);
      const awsCommands = plan.steps
        .flatMap((s) => [...s.commands, ...s.verify.flatMap((v) => (v.run === undefined ? [] : [v.run]))])
        .filter((c) => /^(\w+=\$\()?aws (?!sts|rds describe-db-clusters)/.test(c));
      expect(awsCommands.length).toBeGreaterThan(10);
      for (const c of awsCommands) expect(c).toContain(`--region ${plan.region}`);
      // remove-from-config runs in the repository; the shared databases' lookups run in the serving
      // platform's account and each database's region (asserted above).
      for (const step of plan.steps.filter((s) => s.id !== 'remove-from-config' && s.id !== 'drop-shared-database-schema'))
        expect([step.account, step.region]).toEqual([plan.account, plan.region]);
    }
  });

  test('GIVEN the four backup tiers WHEN planned THEN each is listed with its retention, and the tiers that outlive the window are erased by crypto-shredding on the key deletion day', () => {
    const tiers = acme.copies.filter((c) => c.copy.startsWith('backup tier'));
    expect(tiers.map((t) => t.retention)).toEqual(PUBLISHED_POLICY.backupTiers.map((t) => `${t.keepDays} days`));
    expect(tiers.map((t) => [t.erasedBy, t.erasedOnDay])).toEqual([
      ['deletion', 2],
      ['deletion', 7],
      ['crypto-shredding', 14],
      ['crypto-shredding', 14],
    ]);
    for (const t of tiers) expect(t.note).toContain('shredded on day 14');
    const logs = acme.copies.find((c) => c.copy.startsWith('access-log bucket'))!;
    expect([logs.erasedBy, logs.encryption]).toEqual(['deletion', 'SSE-S3 (S3 log delivery cannot use SSE-KMS)']);
  });

  test('GIVEN the SSE-S3 logs bucket WHEN planned THEN it is emptied of every version and delete marker, and the account audit records are named as not shredded', () => {
    const empty = acme.steps.find((s) => s.id === 'empty-logs-bucket')!.commands.join('\n');
    expect(empty).toContain('aws s3api delete-objects --region us-east-1 --bucket example-saas-prod-acme-logs-111111111111');
    expect(empty).toContain('[Versions, DeleteMarkers]');
    expect(acme.residuals[0].what).toMatch(/^The account's CloudTrail records about the tenant's resources/);
    expect(acme.residuals[0].why).toMatch(/legal obligation/);
  });

  test("GIVEN initech in its own account WHEN planned THEN it names none of the account baseline's keys, buckets or trail, and deletes only the tenant's keys and stack", () => {
    const baseline = planDeployment(config).aws.find(
      (p): p is AccountBaselineStackPlan => p.kind === 'aws-account-baseline' && p.account === initech.account,
    );
    expect(baseline?.region).toBe(initech.region);
    const everything = JSON.stringify(initech) + renderOffboardingPlan(initech);
    const { keyAliasPrefix, logsKeyAlias, alertsKeyAlias, logsBucket, accessLogsBucket, trail } = baseline!.names;
    for (const name of [keyAliasPrefix, logsKeyAlias, alertsKeyAlias, logsBucket, accessLogsBucket, trail, baseline!.stackName]) {
      expect(everything).not.toContain(name);
    }
    // Keys are addressed by the tenant's own aliases only, and only the tenant's stack is deleted.
    const aliases = [...allCommands(initech).matchAll(/--key-id (alias\/\S+)/g)].map((m) => m[1]);
    expect([...new Set(aliases)].sort()).toEqual(
      [initech.names.backupKeyAlias, initech.names.dataKeyAlias, initech.names.logsKeyAlias, initech.names.recordKeysKeyAlias].sort(),
    );
    const stacks = [...allCommands(initech).matchAll(/--stack-name (\S+)/g)].map((m) => m[1]);
    expect(new Set(stacks)).toEqual(new Set([initech.stackName]));
  });

  test('GIVEN the silo tenant (initech) WHEN planned THEN its own database, its point-in-time backups and staging points are copies erased within the deadline; a pooled tenant has none', () => {
    const database = initech.copies.filter((c) => c.copy.includes('example-saas-prod-tenant-initech-db') || c.copy.includes('db-staging'));
    expect(database.map((c) => c.erasedBy)).toEqual(['crypto-shredding', 'deletion']);
    for (const c of initech.copies) expect(c.erasedOnDay).toBeLessThanOrEqual(30);
    expect(initech.copies.find((c) => c.copy.startsWith('backup tier'))!.encryption).toContain("the database's tier copies");
    expect(acme.copies.some((c) => c.copy.includes('Aurora'))).toBe(false);
  });

  test('GIVEN a plan WHEN rendered THEN the Markdown has every step, the copies table and the timeline', () => {
    const md = renderOffboardingPlan(initech);
    expect(md).toContain('# Offboarding tenant `initech`');
    expect(md).toContain('grace 0 d + key deletion window 14 d = **14 days** (deadline 30 days)');
    expect(md.match(/^## \d+\. Day \d+:/gm)).toHaveLength(initech.steps.length);
    expect(md).toContain('| backup tier monthly in vault example-saas-prod-initech-vault (COMPLIANCE lock) |');
  });

  test('GIVEN an unknown id WHEN planned THEN it throws naming the id and the known ids', () => {
    expect(() => offboardingPlan(config, 'hooli')).toThrow(new UnknownTenantError('hooli', ['acme', 'globex', 'umbrella', 'initech']));
    expect(() => offboardingPlan(config, 'hooli')).toThrow(
      'unknown tenant id "hooli"; the config has these tenant ids: acme, globex, umbrella, initech',
    );
  });
});

describe('offboardingPlan with tenancy.offboarding from the config', () => {
  test('GIVEN graceDays 5 and a 25-day window WHEN planned THEN erasure starts on day 5 and the keys are gone on day 30', () => {
    const plan = offboardingPlan(configWith({ graceDays: 5, keyDeletionWindowDays: 25 }), 'globex');
    expect([plan.graceDays, plan.keyDeletionWindowDays, plan.totalDays]).toEqual([5, 25, 30]);
    expect(plan.steps[0].day).toBe(0);
    expect(plan.steps.find((s) => s.id === 'stop-backups')!.day).toBe(5);
    expect(allCommands(plan)).toContain('--pending-window-in-days 25');
    expect(plan.steps[plan.steps.length - 1].day).toBe(30);
  });

  test('GIVEN a 7-day window WHEN planned THEN the daily tier is shredded on the day it expires', () => {
    const plan = offboardingPlan(configWith({ keyDeletionWindowDays: 7 }), 'acme');
    expect(allCommands(plan)).toContain('--pending-window-in-days 7');
    expect(plan.copies.filter((c) => c.copy.startsWith('backup tier')).map((c) => c.erasedOnDay)).toEqual([2, 7, 7, 7]);
  });
});

describe('offboardingPlan throws when', () => {
  const config = configWith();
  const withOffboarding = (offboarding: { graceDays: number; keyDeletionWindowDays: number }): RampartConfig => ({
    ...config,
    tenancy: { ...config.tenancy, offboarding },
  });

  test('GIVEN a hand-built config whose grace + window exceed 30 days WHEN planned THEN it throws naming both values and the sum', () => {
    expect(() => offboardingPlan(withOffboarding({ graceDays: 20, keyDeletionWindowDays: 14 }), 'acme')).toThrow(
      new OffboardingConfigError('tenancy.offboarding: graceDays (20) + keyDeletionWindowDays (14) = 34 days, over the 30-day erasure deadline'),
    );
  });

  test('GIVEN a hand-built config with a window KMS refuses WHEN planned THEN it throws naming the value', () => {
    expect(() => offboardingPlan(withOffboarding({ graceDays: 0, keyDeletionWindowDays: 3 }), 'acme')).toThrow(
      'tenancy.offboarding.keyDeletionWindowDays: KMS accepts 7..30 days, got 3',
    );
  });
});
