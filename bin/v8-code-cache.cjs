// @ts-check
'use strict';
/**
 * A V8 code cache for the npm packages a bundled entry loads (bin/run-bundled.cjs installs it before
 * it runs the bundle). aws-cdk-lib and its dependencies are about 760 CommonJS files for a `cdk ls`;
 * compiling them again in every process cost about 0.3 s of the listing's 2.5 s on this project's
 * machine (docs/benchmarks.md, Round 9).
 *
 * Why not Node's own: Node 20 has none (`module.enableCompileCache()` came in Node 22). aws-cdk-lib's
 * files are almost all functions V8 compiles lazily, when first called; this cache is written when
 * the process exits, after they ran (`vm.Script#createCachedData`), so it holds every function the
 * run compiled, not only each file's top-level code. A module's entry is not written again once it
 * is used: a later run that calls more of it compiles those functions lazily, as without a cache.
 *
 * What runs is the file on disk: V8 checks only a cache's length, flags and version against the
 * source, so an entry starts with the SHA-256 of the wrapped source it was compiled from (and of its
 * folder, named after this Node and these V8 flags), then the SHA-256 of the compiled code, and is
 * used only when both match: an edited file is compiled afresh, and a damaged or half-written entry
 * (which V8 does not always reject: it can crash or misbehave on one) is never handed to V8. Either
 * is replaced when the process exits. Entries are as trusted as the packages beside them: whoever
 * can write node_modules can change aws-cdk-lib itself.
 *
 * Which files: CommonJS `.js`/`.cjs` files in a node_modules folder (not the `.cache` folder, where the
 * bundles are), without a source map comment (Node's source map support reads it only when it
 * compiles the file itself) and without `import(`. Everything else, and any file `vm.Script` cannot
 * compile as wrapped CommonJS (a `#!` line, ES module syntax Node detects), Node compiles as usual.
 * A module compiled here gets what Node gives it: the same wrapper arguments (`exports`, `require` with
 * `resolve`, `resolve.paths`, `main`, `extensions`, `cache`, `module`, `__filename`, `__dirname`),
 * `this` its exports, and the same line and column numbers in stack traces (test/app/v8-code-cache.test.ts).
 * Not reproduced: Node's policy manifests (`--experimental-policy`) and, from Node 22, its own compile
 * cache for these files.
 */
const { createHash, randomBytes } = require('crypto');
const fs = require('fs');
const Module = require('module');
const { dirname, join, sep } = require('path');
const { cachedDataVersionTag } = require('v8');
const vm = require('vm');

/** An entry's header: the SHA-256 of what it was compiled from, then that of the compiled code. */
const DIGEST_BYTES = 32;
const HEADER_BYTES = 2 * DIGEST_BYTES;
const CACHED = new RegExp(`\\${sep}node_modules\\${sep}(?!\\.cache\\${sep}).*\\.c?js$`);
/**
 * `import(` (or `import` before a comment): a file that may import dynamically is left to Node. A
 * `vm.Script` has no loader for `import()` unless given one, and the one it can be given (Node's main
 * loader) is lost when the script is compiled from cached data in Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
 * A match in a string or comment only costs that file its entry. An `import()` built at run time
 * (`new Function`, `eval`) is not seen: no package the app loads does that today.
 */
const DYNAMIC_IMPORT = /\bimport\s*(?:\(|\/[*/])/;

/**
 * @typedef {{ hits: number, misses: number }} CodeCacheStats
 * `hits`: modules run from an entry; `misses`: modules compiled here without one (written at exit).
 */

/**
 * The folder for this Node and V8 as its flags make it, from the command line or NODE_OPTIONS:
 * `v8.cachedDataVersionTag()` is V8's own token for which cached data it accepts (its version, flags
 * and CPU features). `npm run synth` runs with other V8 flags than cdk.json's app, so each has its own.
 * @param {string} cacheDir
 */
function runtimeDir(cacheDir) {
  const runtime = createHash('sha256').update(process.version).update(process.arch).update(String(cachedDataVersionTag())).digest('hex');
  return join(cacheDir, runtime.slice(0, 16));
}

/**
 * The entry's file for a module, and the digest its header must start with.
 * @param {string} dir runtimeDir(cacheDir)
 * @param {string} filename
 * @param {string} wrapped Module.wrap(content)
 */
function entryFor(dir, filename, wrapped) {
  const path = join(dir, `${createHash('sha256').update(filename).digest('hex').slice(0, 32)}.bin`);
  const source = createHash('sha256').update(dir).update('\0').update(wrapped).digest();
  return { path, source };
}

/**
 * The compiled code an entry holds, if its header names this source and its code is whole.
 * @param {{ path: string, source: Buffer }} entry
 * @returns {Buffer | undefined}
 */
function readEntry(entry) {
  let stored;
  try {
    stored = fs.readFileSync(entry.path);
  } catch {
    return undefined;
  }
  if (stored.length <= HEADER_BYTES || !stored.subarray(0, DIGEST_BYTES).equals(entry.source)) return undefined;
  const code = stored.subarray(HEADER_BYTES);
  return createHash('sha256').update(code).digest().equals(stored.subarray(DIGEST_BYTES, HEADER_BYTES)) ? code : undefined;
}

/**
 * Writes an entry under a name no other writer uses, then renames it into place; one that cannot be
 * written costs the next run only the time.
 * @param {string} path
 * @param {Buffer} source
 * @param {Buffer} code
 */
function writeEntry(path, source, code) {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([source, createHash('sha256').update(code).digest(), code]), { flag: 'wx' });
    fs.renameSync(temporary, path);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * Whether this module is compiled here: CommonJS in a package, without a source map comment or `import(`.
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
 * Temporary files older than ten minutes: a writer killed between writing and renaming left them.
 * @param {string} dir
 */
function removeStaleTemporaries(dir) {
  const before = Date.now() - 10 * 60 * 1000;
  for (const file of fs.readdirSync(dir)) {
    const path = join(dir, file);
    try {
      if (file.endsWith('.tmp') && fs.statSync(path).mtimeMs < before) fs.rmSync(path, { force: true });
    } catch {
      // Another process removed or renamed it first.
    }
  }
}

/**
 * Compiles the npm packages' CommonJS modules from `cacheDir` from now on, in this thread, and writes
 * what is missing when the process exits. Returns counters, for tests.
 * @param {string} cacheDir a folder that lasts from run to run, as trusted as node_modules
 * @returns {CodeCacheStats}
 */
function installCodeCache(cacheDir) {
  const stats = { hits: 0, misses: 0 };
  const tagAtStart = cachedDataVersionTag();
  const dir = runtimeDir(cacheDir);
  // Node's wrapper shifts line 1 by its own length: stack traces name the file's own columns.
  const columnOffset = -Module.wrap('\0').indexOf('\0');
  /** @type {{ script: vm.Script, path: string, source: Buffer }[]} */
  const missing = [];
  const proto = /** @type {any} */ (Module.prototype);
  const compile = proto._compile;
  proto._compile = function compileCached(/** @type {string} */ content, /** @type {string} */ filename, /** @type {unknown} */ format) {
    if (!isCached(filename, content, format)) return compile.apply(this, arguments);
    const wrapped = Module.wrap(content);
    const entry = entryFor(dir, filename, wrapped);
    const cachedData = readEntry(entry);
    let script;
    try {
      script = new vm.Script(wrapped, { filename, columnOffset, cachedData });
    } catch {
      // Not CommonJS as wrapped (a `#!` line, ES module syntax): Node compiles it, or reports why not.
      return compile.apply(this, arguments);
    }
    if (cachedData !== undefined && !script.cachedDataRejected) stats.hits += 1;
    else {
      stats.misses += 1;
      missing.push({ script, path: entry.path, source: entry.source });
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };
  process.once('exit', () => {
    if (missing.length === 0) return;
    // V8 stamps a cache with its flags as the cache is made: after a run that changed them
    // (v8.setFlagsFromString), every next start would reject what is written now, and write it again
    // at exit. V8's own check within the run still passes then; its version tag tells.
    if (cachedDataVersionTag() !== tagAtStart) return;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      removeStaleTemporaries(dir);
    } catch {
      return;
    }
    for (const { script, path, source } of missing) writeEntry(path, source, script.createCachedData());
  });
  return stats;
}

module.exports = { installCodeCache, entryFor, runtimeDir, HEADER_BYTES };
