#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `node bin/run-bundled.cjs <entry.ts> [args...]`: runs a TypeScript entry point from one CommonJS
 * bundle of it and every project file it imports, which esbuild builds into
 * node_modules/.cache/rampart-bundles/ and builds again as soon as one of those files changes.
 * `node bin/run-bundled.cjs --build-only <entry.ts>` only makes the bundle current (the bench, before
 * it times anything). cdk.json's "app" (bin/app.ts) and `npm run synth` (bin/main-job.ts) run this
 * way: through tsx, every run resolved, read and compiled about 200 project modules one by one, about a
 * second of each `cdk ls` and of each main job on this project's machine (docs/benchmarks.md, Round 8).
 *
 * The bundle runs the same code as `node --import tsx <entry>`:
 * - npm packages stay outside it, required from the project's node_modules as usual;
 * - each project source gets its own `__dirname` and `__filename` (esbuild would otherwise leave the
 *   bundle's), so paths relative to a source file (an asset, the pinned CLI) resolve as unbundled;
 * - a `require()` of a project module stays lazy (esbuild initializes it where it is called);
 * - the bundle runs in strict mode, as each module does under tsx;
 * - source maps are on, so stack traces (and the acknowledgments' traces in the cloud assembly's
 *   metadata) name the TypeScript lines, as under tsx.
 * What a bundle cannot do as unbundled code does (a `require()` or `import()` of a computed name, a
 * relative `require.resolve`, `import.meta`), esbuild reports: any such warning fails the build. Also
 * unlike tsx, `require.main === module` is false in the entry (the launcher is the main module).
 * test/app/cli-app-props.test.ts compares the real CLI's templates with an in-process build.
 *
 * The bundle is current when it was built from exactly the content now on disk of every project file
 * esbuild read (the hashes recorded are of what was compiled, so a file saved during a build makes the
 * next run build again), with the same source files beside each of them (a new `x.tsx` or `x.ts` could
 * take over an import), tsconfig.json and package.json, by this launcher's text, esbuild's version,
 * the Node major it targets, for this checkout's path. Checking that costs milliseconds; a build about
 * a second. Plain JavaScript, so that it runs before any TypeScript loader.
 *
 * The launcher's own failures (an entry that does not compile, a missing entry, a cache it cannot
 * write) print one message without a stack trace: exit 1, or 2 for a wrong command line. The entry's
 * own errors are thrown as they would be under tsx (an uncaught exception, exit 1).
 */
const { createHash } = require('crypto');
const fs = require('fs');
const { tmpdir } = require('os');
const { dirname, extname, join, relative, resolve, sep } = require('path');
const { installCodeCache } = require('./v8-code-cache.cjs');

/**
 * @typedef {{ root: string, cacheDir: string }} Project
 * `root`: the folder whose files are bundled (npm packages excepted); `cacheDir`: where bundles are kept.
 */
/** @type {Project} This repository. */
const RAMPART = { root: resolve(__dirname, '..'), cacheDir: resolve(__dirname, '..', 'node_modules', '.cache', 'rampart-bundles') };
/** Files that change how esbuild compiles, though no bundle imports them. */
const BUILD_SETTINGS = ['tsconfig.json', 'package.json'];
/** Whether an absolute path lies inside a node_modules folder (an npm package, not a project file). */
const IN_NODE_MODULES = new RegExp(`\\${sep}node_modules\\${sep}`);
/** esbuild's loader for each kind of project file the launcher reads itself (and hashes). */
const LOADERS = /** @type {Record<string, import('esbuild').Loader>} */ ({
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
  '.json': 'json',
});
/** A bundle no state names any more is deleted this long after it was replaced: a command that read the old state may still load it. */
const STALE_AFTER_MS = 10 * 60 * 1000;

/** A failure of the launcher itself, reported as one message and an exit code, without a stack trace. */
class LaunchError extends Error {
  /**
   * @param {string} message
   * @param {number} exitCode
   */
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** @param {string | Uint8Array} content */
function digest(content) {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The sha256 of a file's content, or `absent` (a settings file created later changes the build too).
 * @param {string} path
 */
function hashOf(path) {
  try {
    return digest(fs.readFileSync(path));
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return 'absent';
    throw error;
  }
}

/** esbuild's target: the running Node's major version. */
function nodeTarget() {
  return `node${process.versions.node.split('.')[0]}`;
}

/**
 * What identifies a launch besides the input files.
 * @typedef {{ project: Project, entry: string, key: string, stem: string, args: string[] }} Launch
 * `entry`: project-relative; `key`: launcher text, esbuild version, target, root and entry; `stem`: the
 * cache's file names for this entry of this checkout (a checkout sharing node_modules has its own).
 */

/**
 * @param {Project} project
 * @param {string} entryArgument
 * @param {string[]} args
 * @returns {Launch}
 */
function launchOf(project, entryArgument, args) {
  const entry = relative(project.root, resolve(entryArgument));
  if (entry.startsWith(`..${sep}`) || !fs.existsSync(join(project.root, entry))) {
    throw new LaunchError(`entry ${JSON.stringify(entryArgument)}: no such file ${resolve(entryArgument)} in ${project.root}`, 2);
  }
  const esbuildVersion = require('esbuild/package.json').version;
  const key = digest(JSON.stringify([fs.readFileSync(__filename, 'utf8'), esbuildVersion, nodeTarget(), project.root, entry]));
  const stem = `${entry.replace(/[^A-Za-z0-9]+/g, '-')}-${digest(`${project.root}\0${entry}`).slice(0, 8)}`;
  return { project, entry, key, stem, args };
}

/**
 * What a bundle was built from: `inputs`, project-relative path -> sha256 of the content compiled;
 * `listings`, project-relative folder of an input -> listingOf it when that input was read.
 * @typedef {{ key: string, bundle: string, inputs: Record<string, string>, listings: Record<string, string> }} BundleState
 */

/**
 * The names of the source files in `dir` (those with a loader here, package.json included), hashed: a
 * file added there may take over an import that resolved elsewhere.
 * @param {string} dir
 */
function listingOf(dir) {
  try {
    return digest(
      fs
        .readdirSync(dir)
        .filter((name) => LOADERS[extname(name)] !== undefined)
        .sort()
        .join('\n'),
    );
  } catch {
    return 'absent';
  }
}

/**
 * The bundle of `launch` when it is current (built with its key, from files whose content has not
 * changed since), else undefined.
 * @param {Launch} launch
 * @param {string} cacheDir
 * @returns {string | undefined} absolute path of the bundle
 */
function currentBundle(launch, cacheDir) {
  /** @type {BundleState} */
  let state;
  try {
    state = JSON.parse(fs.readFileSync(join(cacheDir, `${launch.stem}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  if (state.key !== launch.key) return undefined;
  for (const [path, hash] of Object.entries(state.inputs)) {
    if (hashOf(join(launch.project.root, path)) !== hash) return undefined;
  }
  for (const [dir, hash] of Object.entries(state.listings)) {
    if (listingOf(join(launch.project.root, dir)) !== hash) return undefined;
  }
  const bundle = join(cacheDir, state.bundle);
  return fs.existsSync(bundle) ? bundle : undefined;
}

/**
 * The project's own bindings of `__dirname` and `__filename` for one source, declared on its first line
 * (after a shebang) so that its line numbers do not move. esbuild renames each module's copy.
 * @param {string} source
 * @param {string} path
 */
function withOwnPaths(source, path) {
  const binding = `var __dirname = ${JSON.stringify(dirname(path))}, __filename = ${JSON.stringify(path)}; `;
  if (!source.startsWith('#!')) return binding + source;
  const lineEnd = source.indexOf('\n');
  return lineEnd < 0 ? source : `${source.slice(0, lineEnd + 1)}${binding}${source.slice(lineEnd + 1)}`;
}

/**
 * esbuild plugin: loads every project file itself (every input of the bundle but npm packages),
 * recording into `state` the hash of exactly what it compiled and the listing of its folder as it read
 * it, and gives each code file its own `__dirname`/`__filename`. A project file of another kind is
 * loaded by esbuild's default loader, and recorded the same way.
 * @param {string} root
 * @param {Pick<BundleState, 'inputs' | 'listings'>} state
 * @returns {import('esbuild').Plugin}
 */
function projectSources(root, state) {
  return {
    name: 'rampart-project-sources',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        if (IN_NODE_MODULES.test(args.path)) return undefined;
        const bytes = fs.readFileSync(args.path);
        state.inputs[relative(root, args.path)] = digest(bytes);
        state.listings[relative(root, dirname(args.path))] ??= listingOf(dirname(args.path));
        const loader = LOADERS[extname(args.path)];
        if (loader === undefined) return { contents: bytes, loader: 'default' };
        const source = bytes.toString('utf8');
        return { contents: loader === 'json' ? source : withOwnPaths(source, args.path), loader };
      });
    },
  };
}

/**
 * Where this launch keeps its bundles: the project's cache, or, when that cannot be written (a
 * read-only node_modules), a folder of the user's in the system's temporary directory, used only
 * when it is the user's own and no one else can write to it (else another user could put code there
 * for this one to run): failing that, a new private folder for this run alone (`lasting` false: no
 * later run reads it). The bundle resolves npm packages from the project root wherever it lies (the
 * banner in buildBundle).
 * @param {Project} project
 * @returns {{ dir: string, lasting: boolean }}
 */
function writableCacheDir(project) {
  try {
    fs.mkdirSync(project.cacheDir, { recursive: true });
    fs.accessSync(project.cacheDir, fs.constants.W_OK);
    return { dir: project.cacheDir, lasting: true };
  } catch {
    const shared = join(tmpdir(), `rampart-bundles-${process.getuid?.() ?? 'user'}`);
    try {
      fs.mkdirSync(shared, { recursive: true, mode: 0o700 });
      const stat = fs.lstatSync(shared);
      const own = stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid()) && (stat.mode & 0o022) === 0;
      if (own) return { dir: shared, lasting: true };
    } catch {
      // Not usable: a private folder below.
    }
    return { dir: fs.mkdtempSync(join(tmpdir(), 'rampart-bundle-')), lasting: false };
  }
}

/**
 * Builds the bundle of `launch` and its source map into `cacheDir`, then records it with the hashes
 * of what was compiled. Every file is written under a temporary name and renamed: two commands
 * starting at once each see a whole bundle and a whole state.
 * @param {Launch} launch
 * @param {string} cacheDir
 * @returns {Promise<string>} absolute path of the bundle
 */
async function buildBundle(launch, cacheDir) {
  const { root } = launch.project;
  const esbuild = require('esbuild');
  /** @type {Pick<BundleState, 'inputs' | 'listings'>} The settings, hashed before the build, and what the plugin read. */
  const read = { inputs: {}, listings: {} };
  for (const path of BUILD_SETTINGS) read.inputs[path] = hashOf(join(root, path));
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [launch.entry],
      outfile: join(cacheDir, 'bundle.js'),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: nodeTarget(),
      packages: 'external',
      // Strict, as every module is under tsx (a directive must come first); npm packages resolve
      // from the project root, wherever the bundle lies.
      banner: { js: `'use strict';\nrequire = require('module').createRequire(${JSON.stringify(join(root, 'package.json'))});` },
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      // Raised from esbuild's debug messages: each is code the bundle would run unlike the sources.
      logOverride: { 'unsupported-require-call': 'warning', 'unsupported-dynamic-import': 'warning', 'require-resolve-not-external': 'warning' },
      plugins: [projectSources(root, read)],
    });
  } catch (error) {
    const messages = /** @type {{ errors?: import('esbuild').Message[] }} */ (error).errors;
    if (messages === undefined || messages.length === 0) throw error;
    const text = esbuild.formatMessagesSync(messages, { kind: 'error', color: false }).join('');
    throw new LaunchError(`${text}${launch.entry} could not be bundled: ${messages.length} error(s) above.`, 1);
  } finally {
    await esbuild.stop();
  }
  if (result.warnings.length > 0) {
    const text = esbuild.formatMessagesSync(result.warnings, { kind: 'warning', color: false }).join('');
    throw new LaunchError(`${text}${launch.entry}: ${result.warnings.length} warning(s) above; the bundle would not behave as the sources do.`, 1);
  }
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (code === undefined || map === undefined) throw new LaunchError(`esbuild returned no bundle for ${launch.entry}`, 1);
  const name = `${launch.stem}-${digest(code.contents).slice(0, 16)}.js`;
  const mapComment = /\/\/# sourceMappingURL=bundle\.js\.map\s*$/;
  if (!mapComment.test(code.text)) throw new LaunchError(`esbuild's bundle of ${launch.entry} does not end with its source map's name`, 1);
  markReplaced(cacheDir, launch.stem);
  writeAtomically(join(cacheDir, `${name}.map`), map.text);
  writeAtomically(join(cacheDir, name), code.text.replace(mapComment, `//# sourceMappingURL=${name}.map\n`));
  writeAtomically(join(cacheDir, `${launch.stem}.json`), JSON.stringify({ key: launch.key, bundle: name, ...read }, null, 1));
  removeStaleFiles(cacheDir, launch.stem, name);
  return join(cacheDir, name);
}

/**
 * Touches the bundle the state names now, about to be replaced: its STALE_AFTER_MS count from now,
 * when a command may still have read the old state, not from when it was built.
 * @param {string} cacheDir
 * @param {string} stem
 */
function markReplaced(cacheDir, stem) {
  try {
    const previous = /** @type {BundleState} */ (JSON.parse(fs.readFileSync(join(cacheDir, `${stem}.json`), 'utf8')));
    const now = new Date();
    fs.utimesSync(join(cacheDir, previous.bundle), now, now);
  } catch {
    // No earlier bundle, or already gone.
  }
}

/**
 * @param {string} path
 * @param {string} content
 */
function writeAtomically(path, content) {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, path);
  } catch (error) {
    throw new LaunchError(`cannot write ${path}: ${/** @type {Error} */ (error).message}`, 1);
  }
}

/**
 * This entry's earlier bundles and maps that no state names, and temporary files a crash left behind,
 * once older than STALE_AFTER_MS.
 * @param {string} cacheDir
 * @param {string} stem
 * @param {string} keep
 */
function removeStaleFiles(cacheDir, stem, keep) {
  const now = Date.now();
  for (const file of fs.readdirSync(cacheDir)) {
    const ours = file.startsWith(`${stem}-`) && file !== keep && file !== `${keep}.map`;
    const path = join(cacheDir, file);
    try {
      if ((ours || file.endsWith('.tmp')) && now - fs.statSync(path).mtimeMs > STALE_AFTER_MS) fs.rmSync(path, { force: true });
    } catch {
      // Another command removed it first.
    }
  }
}

/**
 * Runs the entry from `bundle`, as `node <entry> [args]` would run it, with the npm packages it loads
 * compiled from V8's code cache beside the bundles (bin/v8-code-cache.cjs), unless
 * RAMPART_CODE_CACHE=off or the bundles' folder is this run's alone (nothing would read the cache).
 * @param {Launch} launch
 * @param {string} bundle
 * @param {{ dir: string, lasting: boolean }} cache
 */
function run(launch, bundle, cache) {
  if (cache.lasting && process.env.RAMPART_CODE_CACHE !== 'off') installCodeCache(join(cache.dir, 'v8-code-cache'));
  process.setSourceMapsEnabled(true);
  process.argv = [process.argv[0], join(launch.project.root, launch.entry), ...launch.args];
  require(bundle);
}

/**
 * A file-system failure of the launcher's own (an input it cannot read, a cache it cannot create) as a
 * LaunchError: its message names the path.
 * @param {unknown} error
 */
function toLaunchError(error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error)?.code;
  return typeof code === 'string' && code.startsWith('E') ? new LaunchError(/** @type {Error} */ (error).message, 1) : error;
}

/** @param {unknown} error */
function report(error) {
  if (!(error instanceof LaunchError)) throw error;
  process.stderr.write(`bin/run-bundled.cjs: ${error.message}\n`);
  process.exitCode = error.exitCode;
}

/**
 * The command. The entry runs synchronously from here when its bundle is current, else from its own
 * tick once built: never inside a promise, so its errors stay uncaught exceptions (exit 1) whatever
 * `--unhandled-rejections` says.
 * @param {string[]} argv `[entry, ...args]` or `['--build-only', entry]`
 * @param {Project} [project]
 */
function main(argv, project = RAMPART) {
  const buildOnly = argv[0] === '--build-only';
  const [entryArgument, ...args] = buildOnly ? argv.slice(1) : argv;
  /** @type {Launch} */
  let launch;
  /** @type {{ dir: string, lasting: boolean }} */
  let cache;
  /** @type {string | undefined} */
  let current;
  try {
    const isCode = entryArgument !== undefined && LOADERS[extname(entryArgument)] !== undefined && !entryArgument.endsWith('.json');
    if (!isCode || (buildOnly && args.length > 0)) {
      const usage = 'usage: node bin/run-bundled.cjs <entry.ts> [args...] | --build-only <entry.ts>';
      throw new LaunchError(`${usage}; received ${JSON.stringify(argv)}`, 2);
    }
    launch = launchOf(project, entryArgument, args);
    cache = writableCacheDir(project);
    current = currentBundle(launch, cache.dir);
  } catch (error) {
    return report(toLaunchError(error));
  }
  if (current !== undefined) return buildOnly ? undefined : run(launch, current, cache);
  buildBundle(launch, cache.dir).then(
    (bundle) => {
      if (!buildOnly) setImmediate(() => run(launch, bundle, cache));
    },
    (error) => setImmediate(() => report(error)),
  );
}

module.exports = { main };

if (require.main === module) main(process.argv.slice(2));
