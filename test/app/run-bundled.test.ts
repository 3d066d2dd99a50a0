import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * bin/run-bundled.cjs (cdk.json's "app" runs bin/app.ts through it) on a small project of its own:
 * what the entry sees, when the bundle is built again and how failures are reported. That the bundled
 * app writes the templates an in-process build writes is test/app/cli-app-props.test.ts.
 */
const LAUNCHER = join(__dirname, '..', '..', 'bin', 'run-bundled.cjs');

const FILES: Record<string, string> = {
  'package.json': '{ "name": "fixture", "private": true }\n',
  'bin/entry.ts': [
    "import { readSibling } from '../lib/reader';",
    'const before = (globalThis as { lazy?: boolean }).lazy === true;',
    "// eslint-disable-next-line @typescript-eslint/no-require-imports\nrequire('../lib/lazy');",
    'const after = (globalThis as { lazy?: boolean }).lazy === true;',
    'console.log(JSON.stringify({ argv: process.argv.slice(1), sibling: readSibling(), before, after }));',
    "if (process.argv.includes('throw')) require('../lib/thrower').fail();",
  ].join('\n'),
  'lib/reader.ts': [
    "import { readFileSync } from 'fs';",
    "import { join } from 'path';",
    "export const readSibling = (): string => readFileSync(join(__dirname, 'data.txt'), 'utf8').trim();",
  ].join('\n'),
  'lib/data.txt': 'from lib\n',
  'lib/lazy.ts': '(globalThis as { lazy?: boolean }).lazy = true;\nexport {};\n',
  'lib/thrower.ts': '// line 1\nexport function fail(): never {\n  throw new Error("thrown in thrower");\n}\n',
};

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('GIVEN a project with an entry, a module reading a file beside it, a lazily required module', () => {
  const root = mkdtempSync(join(tmpdir(), 'rampart-run-bundled-'));
  const cacheDir = join(root, 'cache');
  const write = (path: string, content: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  for (const [path, content] of Object.entries(FILES)) write(path, content);
  const run = (...argv: string[]): Run => {
    const script = `require(${JSON.stringify(LAUNCHER)}).main(${JSON.stringify(argv)}, ${JSON.stringify({ root, cacheDir })})`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const bundles = (): string[] => readdirSync(cacheDir).filter((name) => name.endsWith('.js'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('THEN the entry runs with `node <entry> [args]` arguments, its own __dirname, and a require() that stays lazy', () => {
    const first = run('bin/entry.ts', 'one', 'two');
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({
      argv: [join(root, 'bin', 'entry.ts'), 'one', 'two'],
      sibling: 'from lib',
      before: false,
      after: true,
    });
    expect(bundles()).toHaveLength(1);
  });

  test('THEN an unchanged project runs the same bundle again, not rebuilt', () => {
    const [bundle] = bundles();
    const builtAt = statSync(join(cacheDir, bundle)).mtimeMs;
    expect(JSON.parse(run('bin/entry.ts').stdout).sibling).toBe('from lib');
    expect(bundles()).toEqual([bundle]);
    expect(statSync(join(cacheDir, bundle)).mtimeMs).toBe(builtAt);
  });

  test('THEN a changed module is bundled again at once, and the old bundle is removed', () => {
    const [old] = bundles();
    write('lib/reader.ts', FILES['lib/reader.ts'].replace('.trim()', '.trim().toUpperCase()'));
    expect(JSON.parse(run('bin/entry.ts').stdout).sibling).toBe('FROM LIB');
    expect(bundles()).toHaveLength(1);
    expect(bundles()).not.toContain(old);
  });

  test('THEN a changed build setting (tsconfig.json, even a new one) builds it again', () => {
    const [bundle] = bundles();
    const builtAt = statSync(join(cacheDir, bundle)).mtimeMs;
    write('tsconfig.json', '{ "compilerOptions": { "target": "ES2022" } }\n');
    expect(run('bin/entry.ts').status).toBe(0);
    // The same code (the setting changes nothing here), written again.
    expect(statSync(join(cacheDir, bundle)).mtimeMs).toBeGreaterThan(builtAt);
  });

  test('THEN an error thrown by the code names the TypeScript file and line (source maps)', () => {
    const failed = run('bin/entry.ts', 'throw');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('thrown in thrower');
    expect(failed.stderr).toContain(`${join(root, 'lib', 'thrower.ts')}:3`);
  });

  test('THEN a module that does not compile is reported by file and line, with exit 1 and no stack trace', () => {
    write('lib/reader.ts', 'export const readSibling = (: string => 1;\n');
    const failed = run('bin/entry.ts');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/lib\/reader\.ts:1:\d+/);
    expect(failed.stderr).toContain('bin/entry.ts could not be bundled: 1 error(s) above.');
    expect(failed.stderr).not.toMatch(/^\s+at /m);
    write('lib/reader.ts', FILES['lib/reader.ts']);
  });

  test('THEN a missing or non-TypeScript entry is refused with exit 2, naming what was received', () => {
    const missing = run('bin/nothing.ts');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('entry "bin/nothing.ts": no such file in');
    const wrong = run('lib/data.txt');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('usage: node bin/run-bundled.cjs <entry.ts> [args...]; received ["lib/data.txt"]');
    expect(readFileSync(join(root, 'lib', 'data.txt'), 'utf8')).toBe('from lib\n');
  });
});
