// @ts-check
'use strict';
/**
 * A V8 code cache for the npm packages a bundled entry loads (bin/run-bundled.cjs installs it before
 * it runs the bundle). aws-cdk-lib alone is about 800 CommonJS files for a `cdk ls`; compiling them
 * again in every process cost about 0.35 s of the listing's 2.5 s on this project's machine
 * (docs/benchmarks.md, Round 9).
 *
 * Why not Node's own: Node 20 has none (`module.enableCompileCache()` came in Node 22). aws-cdk-lib's
 * files are almost all functions V8 compiles lazily, when first called; this cache is written when
 * the process exits, after they ran (`vm.Script#createCachedData`), so it holds every function the
 * run compiled, not only each file's top-level code. A module's entry is not written again once it
 * is used: a later run that calls more of it compiles those functions lazily, as without a cache.
 *
 * What it runs is the file on disk, never older code: V8 checks only a cache's length, flags and
 * version against the source, so each entry starts with the SHA-256 of the exact source it was
 * compiled from, the Node version and the V8 flags (execArgv), and an entry whose header differs is
 * not used (and is replaced when the process exits). A cache V8 rejects is ignored the same way. A
 * cache that cannot be read or written costs only the time: the module is compiled as without it.
 *
 * Which files: CommonJS `.js`/`.cjs` files in a node_modules folder (not the `.cache` folder, where the
 * bundles are), without a source map comment (Node's source map support reads it only when it
 * compiles the file itself). Everything else, ECMAScript modules included, Node compiles as usual.
 * A module compiled here runs as Node runs it: the same wrapper arguments (`exports`, `require` with
 * `resolve`, `resolve.paths`, `main`, `extensions`, `cache`, `module`, `__filename`, `__dirname`),
 * `this` its exports, and the same line and column numbers in stack traces (test/app/v8-code-cache.test.ts).
 */
const { createHash } = require('crypto');
const fs = require('fs');
const Module = require('module');
const { dirname, join, sep } = require('path');
const vm = require('vm');

/** The header of an entry: the SHA-256 of what it was compiled from (source, Node version, V8 flags). */
const HEADER_BYTES = 32;
const CACHED = new RegExp(`\\${sep}node_modules\\${sep}(?!\\.cache\\${sep}).*\\.c?js$`);
/**
 * `import(` (or `import` before a comment): a file that may import dynamically is left to Node. In a
 * script compiled with cached data, Node 20 loses the loader `import()` needs (it throws
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), and asking for the main loader prints an experimental
 * warning. A match in a string or comment only costs that file its entry.
 */
const DYNAMIC_IMPORT = /\bimport\s*(?:\(|\/[*/])/;

/**
 * @typedef {{ hits: number, misses: number, written: number, flagsChanged: boolean }} CodeCacheStats
 * `hits`: modules run from an entry; `misses`: modules compiled here without one (written at exit);
 * `written`: entries written at exit; `flagsChanged`: the run changed V8's flags, so nothing was written.
 */

/**
 * The folder for this Node version and these V8 flags (V8 rejects a cache made under other flags:
 * `npm run synth` runs with --max-semi-space-size, cdk.json's app without).
 * @param {string} cacheDir
 */
function runtimeDir(cacheDir) {
  const runtime = createHash('sha256')
    .update(JSON.stringify([process.version, process.arch, process.execArgv]))
    .digest('hex');
  return join(cacheDir, runtime.slice(0, 16));
}

/**
 * The entry's file for a module, and the header its content must start with.
 * @param {string} dir runtimeDir(cacheDir)
 * @param {string} filename
 * @param {string} content
 */
function entryFor(dir, filename, content) {
  const path = join(dir, `${createHash('sha256').update(filename).digest('hex').slice(0, 32)}.bin`);
  const header = createHash('sha256').update(dir).update('\0').update(content).digest();
  return { path, header };
}

/**
 * Whether this module is compiled here: CommonJS in a package, without a source map comment.
 * @param {string} filename
 * @param {string} content
 * @param {unknown} format Node 22.12+ passes the format it detected ('commonjs', 'module', ...)
 */
function isCached(filename, content, format) {
  return (
    (format === undefined || format === 'commonjs') &&
    CACHED.test(filename) &&
    !content.includes('sourceMappingURL=') &&
    !DYNAMIC_IMPORT.test(content)
  );
}

/**
 * The `require` Node gives a CommonJS module (lib/internal/modules/helpers.js makeRequireFunction).
 * @param {Module} mod
 */
function requireFor(mod) {
  /** @type {any} */
  const require = (/** @type {string} */ id) => mod.require(id);
  const statics = /** @type {any} */ (Module);
  require.resolve = (/** @type {string} */ request, /** @type {unknown} */ options) => statics._resolveFilename(request, mod, false, options);
  require.resolve.paths = (/** @type {string} */ request) => statics._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = statics._extensions;
  require.cache = statics._cache;
  return require;
}

/**
 * @param {string} path
 * @param {Buffer} data
 */
function writeAtomically(path, data) {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, path);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * Compiles the npm packages' CommonJS modules from `cacheDir` from now on, in this thread, and writes
 * what is missing when the process exits. Returns counters, for tests.
 * @param {string} cacheDir a folder only this project's user can write
 * @returns {CodeCacheStats}
 */
function installCodeCache(cacheDir) {
  const stats = { hits: 0, misses: 0, written: 0, flagsChanged: false };
  const dir = runtimeDir(cacheDir);
  // Node's wrapper shifts line 1 by its own length: stack traces name the file's own columns.
  const columnOffset = -Module.wrap('\0').indexOf('\0');
  /** @type {{ script: vm.Script, path: string, header: Buffer }[]} */
  const missing = [];
  const proto = /** @type {any} */ (Module.prototype);
  const compile = proto._compile;
  proto._compile = function compileCached(/** @type {string} */ content, /** @type {string} */ filename, /** @type {unknown} */ format) {
    if (!isCached(filename, content, format)) return compile.apply(this, arguments);
    const entry = entryFor(dir, filename, content);
    /** @type {Buffer | undefined} */
    let cachedData;
    try {
      const stored = fs.readFileSync(entry.path);
      if (stored.subarray(0, HEADER_BYTES).equals(entry.header)) cachedData = stored.subarray(HEADER_BYTES);
    } catch {
      // No entry yet.
    }
    const script = new vm.Script(Module.wrap(content), { filename, columnOffset, cachedData });
    if (cachedData !== undefined && !script.cachedDataRejected) stats.hits += 1;
    else {
      stats.misses += 1;
      missing.push({ script, path: entry.path, header: entry.header });
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };
  // V8 stamps a cache with its flags' hash as the cache is made: a run that changed them
  // (v8.setFlagsFromString) would write entries every next start rejects, and write them again at its
  // exit. V8's own check, within the run, still passes then; a tiny script's cache, the same bytes
  // whenever the flags are (test/app/v8-code-cache.test.ts), made now and again at exit, tells.
  const flagsProbe = () => new vm.Script('0', { filename: join(dir, 'flags-probe.js') }).createCachedData();
  const flagsAtStart = flagsProbe();
  process.once('exit', () => {
    if (missing.length === 0) return;
    if (!flagsProbe().equals(flagsAtStart)) {
      stats.flagsChanged = true;
      return;
    }
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      return;
    }
    for (const { script, path, header } of missing) {
      writeAtomically(path, Buffer.concat([header, script.createCachedData()]));
      stats.written += 1;
    }
  });
  return stats;
}

module.exports = { installCodeCache, entryFor, runtimeDir, HEADER_BYTES };
