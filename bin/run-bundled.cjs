#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `node bin/run-bundled.cjs <entry.ts> [args...]`: runs a TypeScript entry point from one CommonJS
 * bundle of it and every project file it imports, which esbuild builds into
 * node_modules/.cache/rampart-bundles/ and builds again as soon as one of those files changes.
 * cdk.json's "app" runs bin/app.ts this way: through tsx, every `cdk` command resolved, read and
 * compiled the app's ~200 modules one by one, about a fifth of a `cdk ls` (docs/benchmarks.md, Round 8).
 *
 * The bundle runs the same code as `node --import tsx <entry>`:
 * - npm packages stay outside it, required from node_modules as usual (aws-cdk-lib, cdk-nag, ...);
 * - in each project file, `__dirname` and `__filename` are replaced by that file's own directory and
 *   path, so paths relative to a source file (an asset, the pinned CLI) resolve as they do unbundled;
 * - a `require()` of a project module stays lazy (esbuild initializes it where it is called).
 * test/app/cli-app-props.test.ts compares the real CLI's templates with an in-process build.
 *
 * Plain JavaScript, so that it runs before any TypeScript loader: checking that the bundle is current
 * (hashing its input files) costs milliseconds; building it, about a second, once per change.
 * A file that does not compile is reported with esbuild's message, without a stack trace (exit 1).
 */
const { createHash } = require('crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } = require('fs');
const { basename, dirname, join, relative, resolve, sep } = require('path');

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

/** @param {string | Uint8Array} content */
function digest(content) {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The sha256 of a file's content, or `absent`: a settings file created later changes the build too.
 * @param {string} path
 */
function hashOf(path) {
  return existsSync(path) ? digest(readFileSync(path)) : 'absent';
}

/**
 * A failure to report as one message and an exit code, without a stack trace.
 */
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

/**
 * What makes two builds of `entry` differ besides its input files: this launcher (its build options),
 * esbuild's version and where the project sits (the bundle holds absolute `__dirname` paths).
 * @param {Project} project
 * @param {string} entry project-relative path
 */
function buildKey(project, entry) {
  return digest(JSON.stringify([readFileSync(__filename, 'utf8'), require('esbuild/package.json').version, project.root, entry]));
}

/**
 * @typedef {{ key: string, bundle: string, inputs: Record<string, string> }} BundleState
 * `inputs`: project-relative path -> sha256 of its content when the bundle was built.
 */

/**
 * @param {Project} project
 * @param {string} entry
 */
function statePath(project, entry) {
  return join(project.cacheDir, `${entry.replace(/[^A-Za-z0-9]+/g, '-')}.json`);
}

/**
 * The bundle of `entry` when it is current: built with this key, from files whose content has not
 * changed since (a file that disappeared counts as changed).
 * @param {Project} project
 * @param {string} entry
 * @param {string} key
 * @returns {string | undefined} absolute path of the bundle
 */
function currentBundle(project, entry, key) {
  /** @type {BundleState} */
  let state;
  try {
    state = JSON.parse(readFileSync(statePath(project, entry), 'utf8'));
  } catch {
    return undefined;
  }
  if (state.key !== key) return undefined;
  for (const [path, hash] of Object.entries(state.inputs)) {
    if (hashOf(join(project.root, path)) !== hash) return undefined;
  }
  const bundle = join(project.cacheDir, state.bundle);
  return existsSync(bundle) ? bundle : undefined;
}

/**
 * esbuild plugin: each project TypeScript file's `__dirname`/`__filename` become string literals of
 * its own directory/path (on the same line, so the source map's lines still match).
 * @type {import('esbuild').Plugin}
 */
const OWN_DIRNAME = {
  name: 'rampart-own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (IN_NODE_MODULES.test(args.path)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path))).replace(/\b__filename\b/g, JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Builds the bundle of `entry` and its source map, then records it with its inputs' hashes. Every file
 * is written under a temporary name and renamed: two commands starting at once each see a whole
 * bundle and a whole state.
 * @param {Project} project
 * @param {string} entry
 * @param {string} key
 * @returns {Promise<string>} absolute path of the bundle
 */
async function buildBundle(project, entry, key) {
  const esbuild = require('esbuild');
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: project.root,
      entryPoints: [entry],
      outfile: join(project.cacheDir, 'bundle.js'),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [OWN_DIRNAME],
    });
  } catch (error) {
    const messages = /** @type {{ errors?: import('esbuild').Message[] }} */ (error).errors;
    if (messages === undefined || messages.length === 0) throw error;
    const text = esbuild.formatMessagesSync(messages, { kind: 'error', color: false }).join('');
    throw new LaunchError(`${text}${entry} could not be bundled: ${messages.length} error(s) above.`, 1);
  } finally {
    await esbuild.stop();
  }
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (code === undefined || map === undefined) throw new Error(`esbuild returned no bundle for ${entry}`);
  const prefix = basename(statePath(project, entry), '.json');
  const name = `${prefix}-${digest(code.contents).slice(0, 16)}.js`;
  const text = code.text.replace(/\/\/# sourceMappingURL=bundle\.js\.map\s*$/, `//# sourceMappingURL=${name}.map\n`);
  mkdirSync(project.cacheDir, { recursive: true });
  writeAtomically(join(project.cacheDir, `${name}.map`), map.text);
  writeAtomically(join(project.cacheDir, name), text);
  /** @type {Record<string, string>} */
  const inputs = {};
  for (const path of [...Object.keys(result.metafile.inputs), ...BUILD_SETTINGS]) {
    const absolute = resolve(project.root, path);
    if (!IN_NODE_MODULES.test(absolute)) inputs[relative(project.root, absolute)] = hashOf(absolute);
  }
  writeAtomically(statePath(project, entry), JSON.stringify({ key, bundle: name, inputs }, null, 1));
  removeStaleBundles(project, prefix, name);
  return join(project.cacheDir, name);
}

/**
 * @param {string} path
 * @param {string} content
 */
function writeAtomically(path, content) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/**
 * Earlier bundles of the same entry and their maps, which no state names any more. (A command that
 * read the old state a moment before would find its bundle gone and fail once: a window of
 * microseconds between two commands started together after a change.)
 * @param {Project} project
 * @param {string} prefix
 * @param {string} keep
 */
function removeStaleBundles(project, prefix, keep) {
  for (const file of readdirSync(project.cacheDir)) {
    const stale = file.startsWith(`${prefix}-`) && /\.js(\.map)?$/.test(file) && file !== keep && file !== `${keep}.map`;
    if (stale) rmSync(join(project.cacheDir, file), { force: true });
  }
}

/**
 * Runs `entry` (a project-relative or absolute path to a `.ts` file) from its current bundle, built first
 * when there is none, with `process.argv` as `node <entry> [args]` would give it.
 * @param {string[]} argv `[entry, ...args]`
 * @param {Project} [project]
 */
async function runBundled(argv, project = RAMPART) {
  const [entryArgument, ...args] = argv;
  if (entryArgument === undefined || !/\.ts$/.test(entryArgument)) {
    throw new LaunchError(`usage: node bin/run-bundled.cjs <entry.ts> [args...]; received ${JSON.stringify(argv)}`, 2);
  }
  const entry = relative(project.root, resolve(entryArgument));
  if (entry.startsWith('..') || !existsSync(join(project.root, entry))) {
    throw new LaunchError(`entry ${JSON.stringify(entryArgument)}: no such file in ${project.root}`, 2);
  }
  const key = buildKey(project, entry);
  const bundle = currentBundle(project, entry, key) ?? (await buildBundle(project, entry, key));
  // Stack traces (an error's, an acknowledgment's in the metadata) name the TypeScript sources, as under tsx:
  // the assembly's metadata is then the same, byte for byte.
  process.setSourceMapsEnabled(true);
  process.argv = [process.argv[0], join(project.root, entry), ...args];
  require(bundle);
}

/**
 * The command: runs `argv` (`[entry, ...args]`) and reports a LaunchError as its message and exit code.
 * Anything else (the entry's own errors) propagates as it would under tsx.
 * @param {string[]} argv
 * @param {Project} [project]
 */
function main(argv, project = RAMPART) {
  runBundled(argv, project).catch((error) => {
    if (!(error instanceof LaunchError)) throw error;
    process.stderr.write(`bin/run-bundled.cjs: ${error.message}\n`);
    process.exitCode = error.exitCode;
  });
}

module.exports = { main };

if (require.main === module) main(process.argv.slice(2));
