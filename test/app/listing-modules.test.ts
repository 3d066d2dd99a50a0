import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * A listing (`cdk ls`) registers no validator, so it must not load them: cdk-nag's packs and rules, the
 * recording plugins and CloudFormation Validate's workers cost about 0.2 s of every `cdk ls`. Checked in a
 * fresh process, as bin/app.ts builds the app, from the modules it ended up loading; the same build with
 * the validators loads them (the check can fail).
 */
const ROOT = join(__dirname, '..', '..');
const VALIDATOR_MODULES = /node_modules\/cdk-nag\/|lib\/nag\/(recording-plugins|validation|cloudformation-validate-workers)\.ts$/;

function modulesLoadedBuilding(listing: boolean): string[] {
  const script = `
    const { App } = require('aws-cdk-lib');
    const { buildApp } = require('./lib/app/build-app');
    const { addPipelineStacks } = require('./lib/app/add-pipeline-stacks');
    const { cliAppProps } = require('./lib/app/cli-app-props');
    const { stackSelection, EVERYTHING } = require('./lib/app/stack-selection');
    const { loadConfig } = require('./lib/config/loader');
    const selection = ${listing ? 'stackSelection([])' : 'EVERYTHING'};
    const config = loadConfig();
    const app = new App({ ...cliAppProps(selection), outdir: process.env.LISTING_OUTDIR });
    buildApp(config, { app, selection });
    if (${listing}) addPipelineStacks(app, config, selection);
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));
  `;
  const outdir = mkdtempSync(join(tmpdir(), 'rampart-ls-modules-'));
  try {
    const env = { ...process.env, LISTING_OUTDIR: outdir };
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--eval', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env });
    if (run.status !== 0) throw new Error(`the build failed: ${run.stderr}`);
    return (JSON.parse(run.stdout) as string[]).filter((path) => VALIDATOR_MODULES.test(path));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('GIVEN the default config WHEN bin/app.ts builds it for a listing', () => {
  test('THEN neither cdk-nag nor the recording plugins nor the CloudFormation Validate workers are loaded', () => {
    expect(modulesLoadedBuilding(true)).toEqual([]);
  });

  test('THEN a build with the validators does load them', () => {
    const loaded = modulesLoadedBuilding(false);
    expect(loaded.some((path) => path.includes('node_modules/cdk-nag/'))).toBe(true);
    expect(loaded.some((path) => path.endsWith('lib/nag/recording-plugins.ts'))).toBe(true);
  });
});

/**
 * The modules `cdk ls` loads when the CLI runs cdk.json's "app" as written (bin/run-bundled.cjs: one
 * bundle of the project, npm packages required as usual), given the listing's context as the CLI
 * passes it (aws-cdk 2.1148.1: an empty `aws:cdk:bundling-stacks`). The project's own modules are inside
 * the bundle and never appear in the module cache: only npm packages can be seen here, so this checks
 * cdk-nag; the in-process build above checks the project's validator modules.
 */
function modulesLoadedByCdkJsonApp(): string[] {
  const [node, ...rest] = (JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { app: string }).app.split(' ');
  expect(node).toBe('node');
  const dir = mkdtempSync(join(tmpdir(), 'rampart-ls-app-'));
  try {
    const printer = join(dir, 'print-modules.cjs');
    const out = join(dir, 'modules.json');
    writeFileSync(
      printer,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));`,
    );
    const env = { ...process.env, CDK_OUTDIR: join(dir, 'cdk.out'), CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [] }) };
    const run = spawnSync(process.execPath, ['--require', printer, ...rest], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env });
    if (run.status !== 0) throw new Error(`the app failed: ${run.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("GIVEN the default config WHEN the CLI runs cdk.json's app for a listing", () => {
  test('THEN the app loads aws-cdk-lib but not cdk-nag', () => {
    const loaded = modulesLoadedByCdkJsonApp();
    expect(loaded.some((path) => path.includes('node_modules/aws-cdk-lib/'))).toBe(true);
    expect(loaded.filter((path) => path.includes('node_modules/cdk-nag/'))).toEqual([]);
  });
});
