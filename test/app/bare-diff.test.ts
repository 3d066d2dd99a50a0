import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { bareDiffRefusal, positionals, type CliTypeRegistry } from '../../lib/app/bare-diff-guard';
import { buildApp } from '../../lib/app/build-app';
import { findCliAncestor, readProcfs, type ProcessEntry } from '../../lib/app/cli-ancestry';
import { bareCliDiffRefusal } from '../../lib/app/refuse-bare-cli-diff';
import { selectionForCli } from '../../lib/app/selection-for-cli';
import { EVERYTHING, NAMES_ONLY, stackSelection } from '../../lib/app/stack-selection';
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

  // An existing assembly (`--app DIR`) runs no app, so the app's own guard cannot refuse this one.
  test('THEN the bare CLI diff of an assembly is a false green: no stack, 0 differences, exit 0', () => {
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

describe('findCliAncestor (the CLI that started the app, from its parent processes)', () => {
  // The chain `npx cdk diff` really gives on Linux: CLI, the shell it runs cdk.json's app in, npx, tsx, the app.
  const table = (cli: string[]): Map<number, ProcessEntry> =>
    new Map([
      [50, { ppid: 40, argv: ['node', '/repo/node_modules/tsx/dist/cli.mjs', 'bin/app.ts'] }],
      [40, { ppid: 30, argv: ['npm', 'exec', 'tsx', 'bin/app.ts'] }],
      [30, { ppid: 20, argv: ['/bin/sh', '-c', 'npx tsx bin/app.ts'] }],
      [20, { ppid: 10, argv: cli }],
      [10, { ppid: 1, argv: ['bash'] }],
    ]);
  const reader = (t: Map<number, ProcessEntry>) => (pid: number) => t.get(pid);

  test.each([
    [
      ['node', '/repo/node_modules/.bin/cdk', 'diff', '-c', 'config=x.yaml'],
      ['diff', '-c', 'config=x.yaml'],
    ],
    [
      ['node', '/repo/node_modules/aws-cdk/bin/cdk', 'diff', 'prod-us-east-1/*'],
      ['diff', 'prod-us-east-1/*'],
    ],
    [['/usr/local/bin/cdk', 'diff'], ['diff']],
  ])('THEN the CLI %j is found with its arguments', (cli, args) => {
    expect(findCliAncestor(reader(table(cli)), 50)).toEqual({ found: true, pid: 20, args });
  });

  test('THEN without a CLI among the parents, or with unreadable parents, nothing is found (the guard is a no-op)', () => {
    expect(findCliAncestor(reader(table(['node', '/repo/bin/main-job.ts'])), 50)).toEqual({
      found: false,
      reason: 'no CDK CLI among the parent processes',
    });
    expect(findCliAncestor(() => undefined, 50)).toEqual({ found: false, reason: 'process 50 cannot be read' });
    expect(findCliAncestor(undefined, 50).found).toBe(false);
    expect(bareCliDiffRefusal({ found: false, reason: 'x' }, registry)).toBeUndefined();
  });

  test('THEN a bare diff is refused with the npx patterns, a diff with a pattern and every other command are not', () => {
    expect(bareCliDiffRefusal({ found: true, pid: 20, args: ['diff', '--fail'] }, registry)).toContain("npx cdk diff '*/tenant-<id>'");
    expect(bareCliDiffRefusal({ found: true, pid: 20, args: ['diff', '*/tenant-acme'] }, registry)).toBeUndefined();
    expect(bareCliDiffRefusal({ found: true, pid: 20, args: ['synth'] }, registry)).toBeUndefined();
  });

  (process.platform === 'linux' ? test : test.skip)('THEN on Linux this process reads from /proc like any other', () => {
    expect(readProcfs(process.pid)).toEqual({ ppid: process.ppid, argv: expect.arrayContaining([process.argv[1]]) });
  });
});

describe('GIVEN an app whose only stack sits in a stage and that runs the guard like bin/app.ts WHEN the real CLI runs it (offline)', () => {
  const out = mkdtempSync(join(tmpdir(), 'rampart-cli-diff-'));
  const empty = join(out, 'empty-template.json');
  writeFileSync(empty, JSON.stringify({ Resources: {} }));
  const env = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' };
  const app = `${JSON.stringify(process.execPath)} ${JSON.stringify(TSX)} test/fixtures/stage-only-app.ts`;
  const cdk = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args, '--app', app, '-o', join(out, 'cdk.out'), '--no-notices'], {
      encoding: 'utf8',
      env,
      cwd: ROOT,
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  test('THEN a bare `cdk diff` fails with the patterns to use, never "0 differences"', () => {
    const bare = cdk('diff');
    expect(bare.status).not.toBe(0);
    expect(bare.output).toContain("npx cdk diff '*/tenant-<id>'");
    expect(bare.output).not.toContain('Number of stacks with differences');
  });

  test("THEN `cdk diff <pattern>` diffs the stage's stack, and `cdk ls` lists it", () => {
    const diff = cdk('diff', 'prod-us-east-1/*', '--template', empty, '--fail');
    expect(diff.output).toContain('Number of stacks with differences: 1');
    expect(diff.status).toBe(1);
    const ls = cdk('ls');
    expect(ls.output).toContain('prod-us-east-1/tenant-acme');
    expect(ls.status).toBe(0);
  });
});

describe('the app under each CLI command that passes an empty list (lib/app/selection-for-cli.ts)', () => {
  const listing = stackSelection([]);

  test('GIVEN the empty list the CLI passes WHEN the CLI command is validate THEN every stack is built and validated, not listed', () => {
    expect(selectionForCli(listing, { found: true, pid: 20, args: ['validate'] }, registry)).toBe(EVERYTHING);
    expect(selectionForCli(listing, { found: true, pid: 20, args: ['-c', 'config=x.yaml', 'validate', '--no-online'] }, registry)).toBe(EVERYTHING);
  });

  test('GIVEN the empty list WHEN the command is ls or list THEN only the names are built', () => {
    expect(selectionForCli(listing, { found: true, pid: 20, args: ['ls'] }, registry)).toBe(NAMES_ONLY);
    expect(selectionForCli(listing, { found: true, pid: 20, args: ['list', '--long'] }, registry)).toBe(NAMES_ONLY);
    expect(selectionForCli(listing, { found: true, pid: 20, args: ['-c', 'config=x.yaml', 'ls', '*/tenant-acme'] }, registry)).toBe(NAMES_ONLY);
    expect(NAMES_ONLY).toMatchObject({ listing: true, namesOnly: true, everything: true });
  });

  test('GIVEN the empty list WHEN another command reads the templates (drift, metadata, destroy) or no CLI is found THEN it stays a full listing', () => {
    for (const args of [['drift'], ['metadata', 'prod-us-east-1/tenant-acme'], ['destroy', '--force', 'x'], ['-c', 'ls=1', 'drift']]) {
      expect(selectionForCli(listing, { found: true, pid: 20, args }, registry)).toBe(listing);
    }
    expect(selectionForCli(listing, { found: false, reason: 'no /proc' }, registry)).toBe(listing);
    expect(listing.namesOnly).toBe(false);
  });

  test('GIVEN patterns from --exclusively THEN they are kept, whatever the command', () => {
    const selected = stackSelection(['*/tenant-acme']);
    expect(selectionForCli(selected, { found: true, pid: 20, args: ['validate'] }, registry)).toBe(selected);
    expect(selectionForCli(selected, { found: true, pid: 20, args: ['ls'] }, registry)).toBe(selected);
  });
});
