import { spawnSync } from 'child_process';
import { rmSync } from 'fs';
import { join } from 'path';
import { namesOnlyAssembly } from '../app/names-only-fixture';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('npm run bootstrap-commands (bin/bootstrap-commands.ts) as a user runs it', () => {
  test('GIVEN an assembly `cdk ls` wrote (no templates) WHEN run THEN it exits 2 naming the missing templates, without a stack trace', () => {
    const listed = namesOnlyAssembly();
    const run = spawnSync(TSX, ['bin/bootstrap-commands.ts', '--assembly', listed], { cwd: ROOT, encoding: 'utf8' });
    rmSync(listed, { recursive: true, force: true });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`bootstrap-commands: --assembly ${listed}: the manifests name files that are not there`);
    expect(run.stderr).toContain('usage: npm run bootstrap-commands');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });
});
