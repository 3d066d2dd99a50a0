import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * bin/run-bundled.cjs (cdk.json's "app" and `npm run synth` run through it) on small projects of its
 * own: what the entry sees, when the bundle is built again, and how failures are reported. That the
 * bundled app writes the templates an in-process build writes is test/app/cli-app-props.test.ts.
 */
const LAUNCHER = join(__dirname, '..', '..', 'bin', 'run-bundled.cjs');

const FILES: Record<string, string> = {
  'package.json': '{ "name": "fixture", "private": true }\n',
  'bin/entry.ts': [
    "import { readSibling, own } from '../lib/reader';",
    "import settings from '../lib/settings.json';",
    "import { which } from '../lib/sh';",
    'const strict = (function (this: unknown) {\n  return this === undefined;\n})();',
    'const before = (globalThis as { lazy?: boolean }).lazy === true;',
    "require('../lib/lazy');",
    'const after = (globalThis as { lazy?: boolean }).lazy === true;',
    'console.log(JSON.stringify({ argv: process.argv.slice(1), sibling: readSibling(), own, setting: settings.value, which, strict, before, after }));',
    "if (process.argv.includes('throw')) require('../lib/thrower').fail();",
  ].join('\n'),
  'lib/reader.ts': [
    "import { readFileSync } from 'fs';",
    "import { join } from 'path';",
    "export const readSibling = (): string => readFileSync(join(__dirname, 'data.txt'), 'utf8').trim();",
    "const o = { __dirname: 'a property' };",
    "export const own = ['the word __dirname in a string', o.__dirname, __filename];",
  ].join('\n'),
  'lib/settings.json': '{ "value": "one" }\n',
  'lib/data.txt': 'from lib\n',
  'lib/sh/index.ts': "export const which = 'lib/sh/index.ts';\n",
  'lib/lazy.ts': '(globalThis as { lazy?: boolean }).lazy = true;\nexport {};\n',
  'lib/thrower.ts': '// line 1\nexport function fail(): never {\n  throw new Error("thrown in thrower");\n}\n',
};

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh copy of the project (its own cache), and ways to run the launcher on it and look at its cache. */
function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'rampart-run-bundled-'));
  const cacheDir = join(root, 'cache');
  const write = (path: string, content: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  for (const [path, content] of Object.entries(FILES)) write(path, content);
  /** `before` runs in the child first, e.g. to wrap esbuild. */
  const run = (argv: string[], options: { readonly at?: string; readonly before?: string; readonly env?: NodeJS.ProcessEnv } = {}): Run => {
    const project = { root: options.at ?? root, cacheDir };
    const script = `${options.before ?? ''}\nrequire(${JSON.stringify(LAUNCHER)}).main(${JSON.stringify(argv)}, ${JSON.stringify(project)});`;
    const env = { ...process.env, ...options.env };
    const result = spawnSync(process.execPath, ['-e', script], { cwd: project.root, encoding: 'utf8', timeout: 60_000, env });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const output = (argv: string[] = ['bin/entry.ts']) => {
    const result = run(argv);
    if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
    return JSON.parse(result.stdout) as {
      argv: string[];
      sibling: string;
      own: unknown[];
      setting: string;
      which: string;
      strict: boolean;
      before: boolean;
      after: boolean;
    };
  };
  const bundles = (): string[] => readdirSync(cacheDir).filter((name) => name.endsWith('.js'));
  const state = () =>
    JSON.parse(
      readFileSync(
        join(
          cacheDir,
          readdirSync(cacheDir).find((n) => n.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ) as { bundle: string };
  const builtAt = (): number => statSync(join(cacheDir, state().bundle)).mtimeMs;
  return { root, cacheDir, write, run, output, bundles, state, builtAt, remove: () => rmSync(root, { recursive: true, force: true }) };
}

describe('GIVEN a project with an entry, a module reading a file beside it, a JSON import and a lazily required module', () => {
  const made: ReturnType<typeof fixture>[] = [];
  const project = () => {
    const p = fixture();
    made.push(p);
    return p;
  };
  afterAll(() => made.forEach((p) => p.remove()));

  test('THEN the entry runs with `node <entry> [args]` arguments, its own __dirname and __filename, strict, and a require() that stays lazy', () => {
    const p = project();
    expect(p.output(['bin/entry.ts', 'one', 'two'])).toEqual({
      argv: [join(p.root, 'bin', 'entry.ts'), 'one', 'two'],
      sibling: 'from lib',
      // A string or a property named __dirname is left as written.
      own: ['the word __dirname in a string', 'a property', join(p.root, 'lib', 'reader.ts')],
      setting: 'one',
      which: 'lib/sh/index.ts',
      strict: true,
      before: false,
      after: true,
    });
  });

  test('THEN an unchanged project runs the same bundle again, not rebuilt; --build-only builds without running', () => {
    const p = project();
    const built = p.run(['--build-only', 'bin/entry.ts']);
    expect(built).toEqual({ status: 0, stdout: '', stderr: '' });
    const at = p.builtAt();
    expect(p.output().sibling).toBe('from lib');
    expect(p.output().sibling).toBe('from lib');
    expect(p.builtAt()).toBe(at);
    expect(p.bundles()).toHaveLength(1);
  });

  test('THEN a changed module, a changed JSON import and a newly imported file are each bundled again at once', () => {
    const p = project();
    p.output();
    p.write('lib/reader.ts', FILES['lib/reader.ts'].replace('.trim()', '.trim().toUpperCase()'));
    expect(p.output().sibling).toBe('FROM LIB');
    p.write('lib/settings.json', '{ "value": "two" }\n');
    expect(p.output().setting).toBe('two');
    p.write('lib/extra.ts', '(globalThis as { lazy?: boolean }).lazy = false;\nexport {};\n');
    p.write('bin/entry.ts', FILES['bin/entry.ts'].replace("require('../lib/lazy');", "require('../lib/lazy');\nrequire('../lib/extra');"));
    expect(p.output().after).toBe(false);
    // The new file is an input now: changing it builds again.
    p.write('lib/extra.ts', 'export {};\n');
    expect(p.output().after).toBe(true);
    // A new file that takes over an import (lib/sh.ts before lib/sh/index.ts).
    p.write('lib/sh.ts', "export const which = 'lib/sh.ts';\n");
    expect(p.output().which).toBe('lib/sh.ts');
  });

  test('THEN a deleted input is not silently served from the old bundle: the build reports it', () => {
    const p = project();
    p.output();
    unlinkSync(join(p.root, 'lib', 'lazy.ts'));
    const failed = p.run(['bin/entry.ts']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('Could not resolve "../lib/lazy"');
  });

  test('THEN a changed or new build setting (package.json, tsconfig.json) builds it again', () => {
    const p = project();
    p.output();
    let at = p.builtAt();
    p.write('tsconfig.json', '{ "compilerOptions": { "target": "ES2022" } }\n');
    p.output();
    expect(p.builtAt()).toBeGreaterThan(at);
    at = p.builtAt();
    p.write('package.json', '{ "name": "fixture", "private": true, "version": "2.0.0" }\n');
    p.output();
    expect(p.builtAt()).toBeGreaterThan(at);
  });

  test('THEN a copy of the project elsewhere, sharing the cache, gets a bundle of its own with its own paths', () => {
    const p = project();
    p.output();
    const moved = `${p.root}-moved`;
    cpSync(p.root, moved, { recursive: true, filter: (source) => !source.startsWith(p.cacheDir) });
    try {
      const [original] = p.bundles();
      const at = statSync(join(p.cacheDir, original)).mtimeMs;
      const there = p.run(['bin/entry.ts'], { at: moved });
      // Paths the bundle itself computes name the copy.
      expect(JSON.parse(there.stdout).own[2]).toBe(join(moved, 'lib', 'reader.ts'));
      expect(p.bundles()).toHaveLength(2);
      expect(p.output().own[2]).toBe(join(p.root, 'lib', 'reader.ts'));
      // Neither rebuilds over the other.
      expect(p.bundles()).toContain(original);
      expect(statSync(join(p.cacheDir, original)).mtimeMs).toBe(at);
    } finally {
      rmSync(moved, { recursive: true, force: true });
    }
  });

  test('THEN a file saved while the bundle was being built makes the next run build again', () => {
    const p = project();
    // The build reads reader.ts; it is changed after esbuild has read it, before the state is written.
    // esbuild's exports are getters: the launcher's require('esbuild') is handed a copy whose build saves the file.
    const saveDuringBuild = `
      const Module = require('module');
      const load = Module._load;
      Module._load = function (request, ...rest) {
        const loaded = load.call(this, request, ...rest);
        if (request !== 'esbuild') return loaded;
        return { ...loaded, build: async (options) => {
          const result = await loaded.build(options);
          require('fs').writeFileSync(${JSON.stringify(join(p.root, 'lib', 'reader.ts'))}, ${JSON.stringify(FILES['lib/reader.ts'].replace('.trim()', '.trim().toUpperCase()'))});
          return result;
        } };
      };`;
    const first = p.run(['bin/entry.ts'], { before: saveDuringBuild });
    expect(JSON.parse(first.stdout).sibling).toBe('from lib');
    expect(p.output().sibling).toBe('FROM LIB');
  });

  test('THEN a bundle no state names is removed once it is ten minutes old, not before', () => {
    const p = project();
    p.output();
    const [old] = p.bundles();
    // Changes to what runs (a comment or an unused export alone would give the same bundle).
    p.write('lib/reader.ts', FILES['lib/reader.ts'].replace("'a property'", "'a property, 1'"));
    p.output();
    expect(p.bundles()).toContain(old);
    const longAgo = new Date(Date.now() - 11 * 60 * 1000);
    utimesSync(join(p.cacheDir, old), longAgo, longAgo);
    p.write('lib/reader.ts', FILES['lib/reader.ts'].replace("'a property'", "'a property, 2'"));
    p.output();
    expect(p.bundles()).not.toContain(old);
    expect(p.bundles()).toHaveLength(2);
  });

  test.each([
    ['built in this run', false],
    ['already current', true],
  ])('THEN an error the code throws (bundle %s) names the TypeScript line and exits 1, even with --unhandled-rejections=warn', (_, warm) => {
    const p = project();
    if (warm) p.output();
    const failed = p.run(['bin/entry.ts', 'throw'], { env: { NODE_OPTIONS: '--unhandled-rejections=warn' } });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('thrown in thrower');
    expect(failed.stderr).toContain(`${join(p.root, 'lib', 'thrower.ts')}:3`);
  });

  test("THEN code a bundle would run differently (a require of a computed name) fails the build with esbuild's warning", () => {
    const p = project();
    p.write('lib/lazy.ts', "const name = './reader';\nrequire(name);\nexport {};\n");
    const failed = p.run(['bin/entry.ts']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/lib\/lazy\.ts:2:\d+/);
    expect(failed.stderr).toContain('bin/entry.ts: 1 warning(s) above; the bundle would not behave as the sources do.');
    expect(failed.stdout).toBe('');
  });

  test('THEN a module that does not compile is reported by file and line, with exit 1 and no stack trace', () => {
    const p = project();
    p.write('lib/reader.ts', 'export const readSibling = (: string => 1;\n');
    const failed = p.run(['bin/entry.ts']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/lib\/reader\.ts:1:\d+/);
    expect(failed.stderr).toContain('bin/entry.ts could not be bundled: 1 error(s) above.');
    expect(failed.stderr).not.toMatch(/^\s+at /m);
  });

  test('THEN a missing or non-code entry, or --build-only with arguments, is refused with exit 2, naming what was received', () => {
    const p = project();
    const missing = p.run(['bin/nothing.ts']);
    expect(missing).toMatchObject({ status: 2, stdout: '' });
    expect(missing.stderr).toContain(`entry "bin/nothing.ts": no such file ${join(p.root, 'bin', 'nothing.ts')} in ${p.root}`);
    const usage = 'usage: node bin/run-bundled.cjs <entry.ts> [args...] | --build-only <entry.ts>; received';
    for (const argv of [['lib/data.txt'], ['lib/settings.json'], [], ['--build-only', 'bin/entry.ts', 'x']]) {
      const refused = p.run(argv);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`${usage} ${JSON.stringify(argv)}`);
    }
  });
});
