import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MAIN_JOB_TSX_ARGS } from '../../lib/bench/measure';

const ROOT = join(__dirname, '..', '..');

describe('the main job command the bench runs (lib/bench/measure.ts)', () => {
  test('GIVEN package.json WHEN its synth script is read THEN it is tsx with exactly the arguments the bench gives it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.synth).toBe(`tsx ${MAIN_JOB_TSX_ARGS.join(' ')}`);
    expect(MAIN_JOB_TSX_ARGS[MAIN_JOB_TSX_ARGS.length - 1]).toBe('bin/main-job.ts');
  });

  test('GIVEN the V8 flag before the script WHEN tsx runs a script THEN the node process running it was started with the flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-tsx-flags-'));
    try {
      const script = join(dir, 'argv.ts');
      writeFileSync(script, 'process.stdout.write(JSON.stringify(process.execArgv));\n');
      const flags = MAIN_JOB_TSX_ARGS.slice(0, -1);
      const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [...flags, script], { cwd: ROOT, encoding: 'utf8' });
      expect(run.status).toBe(0);
      const execArgv = JSON.parse(run.stdout) as string[];
      expect(flags.length).toBeGreaterThan(0);
      for (const flag of flags) expect(execArgv).toContain(flag);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
