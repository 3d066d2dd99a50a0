import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import Module from 'module';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * bin/v8-code-cache.cjs (bin/run-bundled.cjs installs it): a package module compiled from the cache
 * runs as Node runs it, never from an entry made for other source, and only CommonJS package files
 * without a source map are cached. Each case runs in a child process of its own.
 */
const BIN = join(__dirname, '..', '..', 'bin');
const CODE_CACHE = join(BIN, 'v8-code-cache.cjs');
const LAUNCHER = join(BIN, 'run-bundled.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { entryFor, HEADER_BYTES } = require(CODE_CACHE) as {
  entryFor: (dir: string, filename: string, wrapped: string) => { path: string; source: Buffer };
  HEADER_BYTES: number;
};
const wrap = (content: string): string => Module.wrap(content);
const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

const PACKAGE: Record<string, string> = {
  'node_modules/pkg/package.json': '{ "name": "pkg", "main": "index.js" }\n',
  'node_modules/pkg/index.js': [
    "const thisIsExports = this === module.exports; const Module = require('module'); const lineOne = () => { throw new Error('line 1'); };",
    'module.exports = {',
    '  thisIsExports,',
    '  filename: __filename,',
    '  dirname: __dirname,',
    "  resolved: require.resolve('./value'),",
    "  paths: require.resolve.paths('anything').length > 0,",
    '  main: require.main === process.mainModule && require.main !== undefined && require.main.filename,',
    '  cache: require.cache === Module._cache && require.extensions === Module._extensions,',
    "  value: require('./value'),",
    "  esm: () => require('./dynamic').load(),",
    "  thrower: () => { throw new Error('thrown in pkg'); },",
    '  lineOne,',
    '};',
  ].join('\n'),
  'node_modules/pkg/value.js': "module.exports = 'AAAA';\n",
  'node_modules/pkg/esm.mjs': "export default 'from esm';\n",
  // import() in a script compiled with cached data fails in Node 20: left to Node.
  'node_modules/pkg/dynamic.js': "exports.load = () => import('./esm.mjs');\n",
  'node_modules/pkg/mapped.js': "module.exports = 'mapped';\n//# sourceMappingURL=mapped.js.map\n",
  'node_modules/.cache/built.js': "module.exports = 'in the cache folder';\n",
  // Not CommonJS as wrapped: Node compiles these itself.
  'node_modules/pkg/shebang.js': "#!/usr/bin/env node\nmodule.exports = 'after a #! line';\n",
  'node_modules/esm-syntax/package.json': '{ "name": "esm-syntax", "main": "index.js" }\n',
  'node_modules/esm-syntax/index.js': "export const value = 'ES module syntax';\n",
  'lib/own.js': "module.exports = 'project file';\n",
};

interface Observed {
  readonly module: Record<string, unknown>;
  readonly esm: string;
  readonly stackLine: string[];
  readonly others: string[];
  readonly stats?: { hits: number; misses: number };
}

function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'rampart-code-cache-'));
  const cacheDir = join(root, 'code-cache');
  const write = (path: string, content: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  for (const [path, content] of Object.entries(PACKAGE)) write(path, content);
  /** Runs a script that loads the package (and the files never cached), with or without the cache. */
  const run = (options: {
    readonly cached: boolean;
    readonly nodeArgs?: string[];
    readonly changeFlags?: boolean;
    readonly env?: NodeJS.ProcessEnv;
  }): Observed => {
    const script = `
      const stats = ${options.cached} ? require(${JSON.stringify(CODE_CACHE)}).installCodeCache(${JSON.stringify(cacheDir)}) : undefined;
      const pkg = require(${JSON.stringify(join(root, 'node_modules', 'pkg'))});
      if (${options.changeFlags === true}) require('v8').setFlagsFromString('--expose-gc');
      const others = ['node_modules/pkg/mapped.js', 'node_modules/.cache/built.js', 'lib/own.js', 'node_modules/pkg/shebang.js'].map((f) => require(${JSON.stringify(root)} + '/' + f));
      others.push(require('esm-syntax').value);
      pkg.esm().then((esm) => {
        const where = (thrower) => { try { thrower(); } catch (error) { return error.stack.split('\\n')[1].trim(); } };
        const stackLine = [where(pkg.thrower), where(pkg.lineOne)];
        const { esm: _, thrower: __, lineOne: ___, ...module } = pkg;
        console.log(JSON.stringify({ module, esm: esm.default, stackLine, others, stats: stats && { hits: stats.hits, misses: stats.misses } }));
      });`;
    // A script file, not -e: the package's require.main is then a module.
    writeFileSync(join(root, 'runner.js'), script);
    const env = { ...process.env, NODE_OPTIONS: '', ...options.env };
    const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), 'runner.js'], { cwd: root, encoding: 'utf8', timeout: 30_000, env });
    if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
    return JSON.parse(result.stdout) as Observed;
  };
  /** The entries written, by runtime folder. */
  const entries = (): Record<string, string[]> =>
    existsSync(cacheDir) ? Object.fromEntries(readdirSync(cacheDir).map((dir) => [dir, readdirSync(join(cacheDir, dir)).sort()])) : {};
  /** The entry of a package file compiled from `content`, in the one runtime folder written so far. */
  const entryOf = (filename: string, wrapped: string) => entryFor(join(cacheDir, Object.keys(entries())[0]), filename, wrapped);
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  return { root, cacheDir, write, run, entries, entryOf, cleanup };
}

describe('GIVEN a package loaded with and without the code cache', () => {
  const f = fixture();
  afterAll(f.cleanup);
  const plain = f.run({ cached: false });
  const first = f.run({ cached: true });
  const written = f.entries();
  const second = f.run({ cached: true });

  test('THEN the first run compiles the two CommonJS package files and writes an entry for each at exit', () => {
    expect(first.stats).toEqual({ hits: 0, misses: 2 });
    expect(Object.values(written)).toHaveLength(1);
    expect(Object.values(written)[0]).toHaveLength(2);
  });

  test('THEN the second run compiles both from their entries and writes nothing', () => {
    expect(second.stats).toEqual({ hits: 2, misses: 0 });
    expect(f.entries()).toEqual(written);
  });

  test('THEN the module sees what Node gives it: this, __filename, __dirname, require and its helpers; import() works', () => {
    expect(plain.module).toEqual({
      thisIsExports: true,
      filename: join(f.root, 'node_modules', 'pkg', 'index.js'),
      dirname: join(f.root, 'node_modules', 'pkg'),
      resolved: join(f.root, 'node_modules', 'pkg', 'value.js'),
      paths: true,
      main: join(f.root, 'runner.js'),
      cache: true,
      value: 'AAAA',
    });
    expect(plain.esm).toBe('from esm');
    for (const run of [first, second]) {
      expect(run.module).toEqual(plain.module);
      expect(run.esm).toBe(plain.esm);
    }
  });

  test('THEN a stack trace names the same line and column as without the cache, on line 1 too', () => {
    expect(plain.stackLine[0]).toMatch(/pkg\/index\.js:12:\d+\)$/);
    // Line 1 is where Node's wrapper would shift the columns.
    expect(plain.stackLine[1]).toMatch(/pkg\/index\.js:1:\d+\)$/);
    expect(first.stackLine).toEqual(plain.stackLine);
    expect(second.stackLine).toEqual(plain.stackLine);
  });

  test('THEN a file with import(), a source map comment or a #! line, ES module syntax, a file in node_modules/.cache and a project file are compiled by Node, without an entry', () => {
    expect(second.others).toEqual(['mapped', 'in the cache folder', 'project file', 'after a #! line', 'ES module syntax']);
    expect(plain.others).toEqual(second.others);
  });
});

/** Runs `body` on a fresh fixture, removed afterwards. */
function withFixture(body: (f: ReturnType<typeof fixture>) => void): void {
  const f = fixture();
  try {
    body(f);
  } finally {
    f.cleanup();
  }
}

describe('GIVEN entries written for a package', () => {
  test('WHEN a file changes to other source of the same length THEN the new source runs, and its entry is replaced', () => {
    withFixture((f) => {
      f.run({ cached: true });
      f.write('node_modules/pkg/value.js', "module.exports = 'BBBB';\n");
      const changed = f.run({ cached: true });
      expect(changed.module.value).toBe('BBBB');
      expect(changed.stats).toEqual({ hits: 1, misses: 1 });
      expect(f.run({ cached: true }).stats).toEqual({ hits: 2, misses: 0 });
    });
  });

  test('WHEN an entry holds code compiled from other source under the right header THEN V8 runs it: the header is all that keeps stale code out', () => {
    withFixture((f) => {
      f.run({ cached: true });
      const file = join(f.root, 'node_modules', 'pkg', 'value.js');
      const compiledFromA = readFileSync(f.entryOf(file, wrap("module.exports = 'AAAA';\n")).path).subarray(HEADER_BYTES);
      f.write('node_modules/pkg/value.js', "module.exports = 'BBBB';\n");
      const forged = f.entryOf(file, wrap("module.exports = 'BBBB';\n"));
      writeFileSync(forged.path, Buffer.concat([forged.source, sha256(compiledFromA), compiledFromA]));
      expect(f.run({ cached: true }).module.value).toBe('AAAA');
    });
  });

  test('WHEN the compiled code in an entry is damaged under a right header THEN it is not given to V8 (which may crash on it), the module is compiled from source, and the entry is written again', () => {
    withFixture((f) => {
      f.run({ cached: true });
      const entry = f.entryOf(join(f.root, 'node_modules', 'pkg', 'index.js'), wrap(PACKAGE['node_modules/pkg/index.js']));
      const damaged = Buffer.from(readFileSync(entry.path));
      // Past V8's own header (which V8 checks), in the code it would deserialize.
      const at = HEADER_BYTES + Math.floor((damaged.length - HEADER_BYTES) * 0.6);
      damaged[at] ^= 0x10;
      writeFileSync(entry.path, damaged);
      const run = f.run({ cached: true });
      expect(run.module.value).toBe('AAAA');
      expect(run.stats).toEqual({ hits: 1, misses: 1 });
      expect(readFileSync(entry.path)).not.toEqual(damaged);
      expect(f.run({ cached: true }).stats).toEqual({ hits: 2, misses: 0 });
    });
  });

  test('WHEN an entry is cut short THEN it is not used, and the entry is written again', () => {
    withFixture((f) => {
      f.run({ cached: true });
      const entry = f.entryOf(join(f.root, 'node_modules', 'pkg', 'value.js'), wrap("module.exports = 'AAAA';\n"));
      const whole = readFileSync(entry.path);
      writeFileSync(entry.path, whole.subarray(0, whole.length - 8));
      expect(f.run({ cached: true }).stats).toEqual({ hits: 1, misses: 1 });
      expect(f.run({ cached: true }).stats).toEqual({ hits: 2, misses: 0 });
    });
  });

  test('WHEN Node runs with other V8 flags THEN their entries sit in a folder of their own (V8 would reject the others), the same whether the flags come from the command line or NODE_OPTIONS', () => {
    withFixture((f) => {
      const fromEnvironment = { env: { NODE_OPTIONS: '--max-semi-space-size=32' } };
      f.run({ cached: true });
      expect(f.run({ cached: true, ...fromEnvironment }).stats).toEqual({ hits: 0, misses: 2 });
      expect(Object.keys(f.entries())).toHaveLength(2);
      expect(f.run({ cached: true, nodeArgs: ['--max-semi-space-size=32'] }).stats).toEqual({ hits: 2, misses: 0 });
      expect(f.run({ cached: true }).stats).toEqual({ hits: 2, misses: 0 });
      expect(f.run({ cached: true, ...fromEnvironment }).stats).toEqual({ hits: 2, misses: 0 });
      expect(Object.keys(f.entries())).toHaveLength(2);
    });
  });

  test('WHEN a run changes V8 flags after loading the package THEN it writes no entry (each next start would reject it)', () => {
    withFixture((f) => {
      expect(f.run({ cached: true, changeFlags: true }).stats).toEqual({ hits: 0, misses: 2 });
      expect(f.entries()).toEqual({});
      expect(f.run({ cached: true }).stats).toEqual({ hits: 0, misses: 2 });
      expect(f.run({ cached: true }).stats).toEqual({ hits: 2, misses: 0 });
    });
  });

  test('WHEN the cache folder cannot be created THEN the package runs all the same', () => {
    withFixture((f) => {
      writeFileSync(f.cacheDir, 'a file where the folder would be');
      expect(f.run({ cached: true }).module.value).toBe('AAAA');
      expect(f.run({ cached: true }).stats).toEqual({ hits: 0, misses: 2 });
    });
  });
});

describe('GIVEN bin/run-bundled.cjs running an entry that loads a package', () => {
  const f = fixture();
  f.write('package.json', '{ "name": "fixture", "private": true }\n');
  f.write('bin/entry.ts', "// eslint-disable-next-line\nconsole.log(JSON.stringify(require('pkg').value));\n");
  const bundles = join(f.root, 'bundles');
  const launch = (env: NodeJS.ProcessEnv = {}) => {
    const script = `require(${JSON.stringify(LAUNCHER)}).main(['bin/entry.ts'], ${JSON.stringify({ root: f.root, cacheDir: bundles })});`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: f.root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
    if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
    return result.stdout.trim();
  };
  afterAll(f.cleanup);

  test('WHEN RAMPART_CODE_CACHE=off THEN it writes no code cache', () => {
    expect(launch({ RAMPART_CODE_CACHE: 'off' })).toBe('"AAAA"');
    expect(existsSync(join(bundles, 'v8-code-cache'))).toBe(false);
  });

  test('WHEN run THEN the package is compiled into the code cache beside the bundles', () => {
    expect(launch()).toBe('"AAAA"');
    const [dir, ...more] = readdirSync(join(bundles, 'v8-code-cache'));
    expect(more).toEqual([]);
    expect(readdirSync(join(bundles, 'v8-code-cache', dir))).toHaveLength(2);
  });
});
