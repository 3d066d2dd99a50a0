import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as cdkJson from '../../cdk.json';
import { MAIN_JOB_NODE_ARGS, prepareBundles, WASM_TIERING_BUDGET } from '../../lib/bench/measure';

const ROOT = join(__dirname, '..', '..');

describe('the main job command the bench runs (lib/bench/measure.ts)', () => {
  test('GIVEN package.json WHEN its synth script is read THEN it is node with exactly the arguments the bench gives it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.synth).toBe(`node ${MAIN_JOB_NODE_ARGS.join(' ')}`);
  });

  test('GIVEN those arguments THEN the V8 flags come before the launcher (node reads its own flags only there) and the job is its entry', () => {
    const launcher = MAIN_JOB_NODE_ARGS.indexOf('bin/run-bundled.cjs');
    expect(MAIN_JOB_NODE_ARGS.indexOf('--max-semi-space-size=32')).toBeLessThan(launcher);
    expect(MAIN_JOB_NODE_ARGS.indexOf('--expose-gc')).toBeLessThan(launcher);
    expect(MAIN_JOB_NODE_ARGS.indexOf(WASM_TIERING_BUDGET)).toBeGreaterThan(-1);
    expect(MAIN_JOB_NODE_ARGS.indexOf(WASM_TIERING_BUDGET)).toBeLessThan(launcher);
    expect(MAIN_JOB_NODE_ARGS.slice(launcher + 1)).toEqual(['bin/main-job.ts']);
  });

  test('GIVEN cdk.json WHEN its app is read THEN the CDK app runs with the same WebAssembly tiering budget, before the launcher', () => {
    expect(cdkJson.app).toBe(`node ${WASM_TIERING_BUDGET} bin/run-bundled.cjs bin/app.ts`);
  });

  test('GIVEN the repository WHEN the bench prepares the bundles THEN both build; GIVEN a folder without the launcher THEN it throws naming the entry', () => {
    expect(() => prepareBundles(ROOT)).not.toThrow();
    const empty = mkdtempSync(join(tmpdir(), 'rampart-no-launcher-'));
    try {
      expect(() => prepareBundles(empty)).toThrow(/bin\/run-bundled.cjs --build-only bin\/main-job.ts failed \(exit 1\)/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
