import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { namesOnlyAssembly } from '../app/names-only-fixture';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function offboard(...args: string[]) {
  return spawnSync(TSX, ['bin/tenant-offboard.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('tenant:offboard (bin/tenant-offboard.ts) as a user runs it', () => {
  test('GIVEN an unknown tenant id WHEN run THEN it exits 2 listing the known ids, without a stack trace', () => {
    const run = offboard('hooli');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('config/default.yaml: unknown tenant id "hooli"; the config has these tenant ids: acme, globex, umbrella, initech\n');
    expect(run.stdout).toBe('');
  });

  test('GIVEN a broken config WHEN run THEN it exits 2 with the config problems, like the main job', () => {
    const run = offboard('acme', '--config', 'test/fixtures/config/bad/misspelled-key-and-bad-account.yaml');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('accounts.hipaa: expected 12 digits, got "12ab"');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  test('GIVEN an assembly `cdk ls` wrote (no templates) or no assembly at all WHEN run THEN it exits 2 naming the folder, without a stack trace', () => {
    const listed = namesOnlyAssembly();
    const run = offboard('--assembly', listed, '--tenant', 'acme');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `--assembly ${listed}: the manifests name files that are not there (pipeline.template.json, assembly-prod-us-east-1/produseast1tenantacme.template.json)`,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const absent = offboard('--assembly', listed, '--absent-from', join(listed, 'nowhere'));
    rmSync(listed, { recursive: true, force: true });
    expect(absent.status).toBe(2);
    // Both folders' problems at once.
    expect(absent.stderr).toContain(`--assembly ${listed}: the manifests name files that are not there`);
    expect(absent.stderr).toContain(`--absent-from "${join(listed, 'nowhere')}": no manifest.json there (not a cloud assembly)`);
  });

  test('GIVEN no tenant id WHEN run THEN it exits 2 with the usage', () => {
    const run = offboard();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run tenant:offboard -- <tenant-id> [--config FILE] [--out FILE]');
  });

  test('GIVEN a known id and --out WHEN run THEN it prints the plan and writes the same Markdown', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rampart-offboard-')), 'initech.md');
    const run = offboard('initech', '--out', out);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('# Offboarding tenant `initech`');
    expect(run.stdout).toContain('aws kms delete-imported-key-material --region us-east-1 --key-id "$DATA_KEY"');
    expect(readFileSync(out, 'utf8')).toBe(run.stdout);
  });
});
