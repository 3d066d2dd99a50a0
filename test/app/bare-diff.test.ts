import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { bareDiffRefusal, positionals, type CliTypeRegistry } from '../../lib/app/bare-diff-guard';
import { buildApp } from '../../lib/app/build-app';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const registry = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'aws-cdk', 'lib', 'cli', 'cli-type-registry.json'), 'utf8')) as CliTypeRegistry;

describe('bareDiffRefusal (read with the pinned CLI option types)', () => {
  test.each([
    [['diff']],
    [['diff', '-c', 'config=config/default.yaml']],
    [['-c', 'config=config/default.yaml', 'diff', '--app', 'cdk.out']],
    [['diff', '--template', 'old.json', '--context-lines', '5', '-e']],
    [['diff', '--app=cdk.out', '--fail']],
  ])('THEN %j is refused with the patterns to use', (argv) => {
    expect(bareDiffRefusal(argv, registry)).toMatch(/npm run cdk -- diff '\*\*'[\s\S]*'\*\/tenant-<id>'/);
  });

  test.each([
    [['diff', 'prod-us-east-1/*']],
    [['diff', '-c', 'config=x.yaml', '*/tenant-acme']],
    [['--app', 'cdk.out', 'diff', '--fail', '**']],
    [['diff', '--', '**']],
    [['ls']],
    [['deploy', 'prod-pipeline']],
    [['synth']],
  ])('THEN %j runs', (argv) => {
    expect(bareDiffRefusal(argv, registry)).toBeUndefined();
  });

  test('THEN a value option never counts as a pattern, and a command alias is known', () => {
    expect(positionals(['-o', 'out', 'ls', '-c', 'a=b', 'x/*'], registry)).toEqual({ command: 'ls', args: ['x/*'] });
    expect(positionals(['diff', '--method', 'template', '-m', 'auto', '--parameters', 'S:K=V'], registry)).toEqual({ command: 'diff', args: [] });
  });
});

describe('GIVEN an assembly whose stacks all sit in stages WHEN diffed with the real CLI (offline)', () => {
  const document = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  const config = parseConfig({ ...document, pipeline: undefined });
  const dir = mkdtempSync(join(tmpdir(), 'rampart-diff-'));
  buildApp(config, { outdir: dir, nagPacks: false, builtinCloudFormationValidation: false }).synth();
  const env = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' };
  const run = (command: string[], args: string[]) => {
    const r = spawnSync(process.execPath, [...command, ...args, '-a', dir, '--no-notices', '--no-version-reporting'], {
      encoding: 'utf8',
      env,
      cwd: ROOT,
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  test('THEN the bare CLI diff is a false green: no stack, 0 differences, exit 0', () => {
    const bare = run([CLI], ['diff']);
    expect(bare.output).toContain('Number of stacks with differences: 0');
    expect(bare.status).toBe(0);
  });

  test('THEN `npm run cdk -- diff` refuses it with exit 2 and names the patterns', () => {
    const wrapped = run([TSX, 'bin/cdk.ts'], ['diff']);
    expect(wrapped.status).toBe(2);
    expect(wrapped.output).toContain("npm run cdk -- diff '*/tenant-<id>'");
    expect(wrapped.output).not.toContain('Number of stacks with differences');
  });

  test('THEN with a pattern the wrapper runs the CLI, which finds the difference', () => {
    const empty = join(dir, 'empty-template.json');
    writeFileSync(empty, JSON.stringify({ Resources: {} }));
    const stack = 'prod-us-east-1/tenant-acme';
    const wrapped = run([TSX, 'bin/cdk.ts'], ['diff', stack, '--exclusively', '--template', empty, '--fail']);
    expect(wrapped.output).toContain('Number of stacks with differences: 1');
    expect(wrapped.status).toBe(1);
  });
});
