import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp, RAMPART_CONTEXT } from '../../lib/app/build-app';
import { cliAppProps } from '../../lib/app/cli-app-props';
import { EVERYTHING, NAMES_ONLY, stackSelection } from '../../lib/app/stack-selection';
import { loadConfig } from '../../lib/config/loader';
import { filesEndingIn, listedArtifacts } from './assembly-files';

/** The repository (cdk.json) and the CDK CLI package.json pins. */
const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'node_modules', 'aws-cdk', 'bin', 'cdk');

/** The real CLI, with cdk.json's app and settings, in the repository; its exit code and output. */
function cdk(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [CLI, ...args, '--no-notices'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/**
 * The CLI passes every command that bundles no asset an empty selection (aws-cdk 2.1148.1). `cdk ls`
 * itself gets the names only (lib/app/names-only-listing.ts); any other such command, here
 * `cdk metadata`, gets every stack built without validators (cliAppProps), which must not change what
 * a later `cdk deploy -a cdk.out` would deploy. Both are the real CLI's (cdk.json's app and settings),
 * compared with one in-process build with every stack.
 */
describe('GIVEN the default config WHEN the CLI entry builds it for a listing', () => {
  // CDK_DEBUG in the caller's environment would turn creation stack traces back on for these builds.
  const callersDebug = process.env.CDK_DEBUG;
  delete process.env.CDK_DEBUG;
  const config = loadConfig();
  // Every stack, the validators left out: only the templates are compared here.
  const full = mkdtempSync(join(tmpdir(), 'rampart-ls-'));
  const app = new App({ ...cliAppProps(EVERYTHING), outdir: full, builtinCloudFormationValidation: false });
  buildApp(config, { app, selection: EVERYTHING, nagPacks: false });
  addPipelineStacks(app, config, EVERYTHING);
  app.synth();
  const listed = mkdtempSync(join(tmpdir(), 'rampart-cli-metadata-'));
  const metadata = cdk('metadata', 'prod-us-east-1/tenant-acme', '-o', listed);
  const namesOnly = mkdtempSync(join(tmpdir(), 'rampart-cli-ls-'));
  const ls = cdk('ls', '--long', '--show-dependencies', '-o', namesOnly);
  afterAll(() => {
    for (const dir of [listed, namesOnly, full]) rmSync(dir, { recursive: true, force: true });
    if (callersDebug !== undefined) process.env.CDK_DEBUG = callersDebug;
  });

  test('THEN both commands succeed', () => {
    expect(metadata).toMatchObject({ status: 0 });
    expect(ls).toMatchObject({ status: 0 });
    expect(ls.output).toContain('prod-us-east-1/tenant-acme (example-saas-prod-us-east-1-tenant-acme)');
  });

  test('THEN every template of the full listing (pipelines included) is the full build’s, byte for byte', () => {
    const templates = filesEndingIn(full, '.template.json');
    expect(templates.size).toBeGreaterThan(10);
    expect([...filesEndingIn(listed, '.template.json').entries()].sort()).toEqual([...templates.entries()].sort());
  });

  test('THEN neither records creation stack traces (RAMPART_CONTEXT turns them off)', () => {
    const traces = (dir: string) =>
      [...filesEndingIn(dir, '.metadata.json').values()].filter((text) => text.includes('aws:cdk:creationStack')).length;
    expect(traces(listed)).toBe(0);
    expect(traces(full)).toBe(0);
    expect(filesEndingIn(full, '.metadata.json').size).toBeGreaterThan(10);
  });

  // The CLI adds its own context (version reporting, path and asset metadata) unless cdk.json turns it
  // off: what `cdk synth` or `cdk deploy` renders must be what the main job's review read.
  test('THEN the real CLI (cdk.json) adds no metadata of its own to the templates', () => {
    const cliTemplates = filesEndingIn(listed, '.template.json');
    expect(cliTemplates.size).toBeGreaterThan(10);
    for (const text of cliTemplates.values()) expect(text).not.toMatch(/AWS::CDK::Metadata|"aws:cdk:path"|"aws:asset:path"/);
  });

  test('THEN `cdk ls` keeps no template, and lists the same stacks, environments and dependencies as the full listing', () => {
    expect(filesEndingIn(namesOnly, '.template.json').size).toBe(0);
    expect(listedArtifacts(namesOnly)).toEqual(listedArtifacts(listed));
    expect(Object.keys(listedArtifacts(listed)).length).toBeGreaterThan(20);
    expect(cdk('ls', '--long', '--show-dependencies', '--app', listed)).toEqual(ls);
  });

  // Offline the CLI stops at the credentials before it reads a template: `synth` shows where it stops.
  test('THEN nothing `cdk ls` wrote can be synthesized from, or deployed: the CLI stops reading the template', () => {
    const synth = cdk('synth', '--app', namesOnly, 'prod-us-east-1/tenant-acme');
    expect(synth.status).not.toBe(0);
    expect(synth.output).toMatch(/ENOENT: no such file or directory, open '.*produseast1tenantacme\w+\.template\.json'/);
  });

  test('THEN a listing turns CloudFormation Validate off, any other run keeps it on', () => {
    expect(cliAppProps(stackSelection([])).builtinCloudFormationValidation).toBe(false);
    expect(cliAppProps(NAMES_ONLY).builtinCloudFormationValidation).toBe(false);
    expect(cliAppProps(EVERYTHING).builtinCloudFormationValidation).toBe(true);
    expect(cliAppProps(stackSelection(['*/tenant-acme'])).builtinCloudFormationValidation).toBe(true);
  });

  test('THEN both listings mark their run logs as a listing’s (the review of them then fails)', () => {
    for (const dir of [listed, namesOnly]) {
      const runs = JSON.parse(readFileSync(join(dir, 'rampart-validator-runs.json'), 'utf8')) as { listing?: boolean; plugins: unknown[] };
      expect(runs.listing).toBe(true);
      expect(runs.plugins).toEqual([]);
    }
  });

  test('THEN a listing writes no tree.json, and any other run does', () => {
    expect(filesEndingIn(listed, 'tree.json').size).toBe(0);
    expect(filesEndingIn(namesOnly, 'tree.json').size).toBe(0);
    expect([...filesEndingIn(full, 'tree.json').keys()]).toEqual(['tree.json']);
    expect(cliAppProps(stackSelection([])).treeMetadata).toBe(false);
    expect(cliAppProps(stackSelection(['*/tenant-acme'])).treeMetadata).toBe(true);
  });
});

describe("GIVEN RAMPART_CONTEXT WHEN CDK_DEBUG is set (the CLI's --debug)", () => {
  test('THEN creation stack traces are recorded again, and not without it', () => {
    const creationTraces = (debug: boolean): number => {
      const callersDebug = process.env.CDK_DEBUG;
      if (debug) process.env.CDK_DEBUG = 'true';
      else delete process.env.CDK_DEBUG;
      try {
        const stack = new Stack(new App({ context: { ...RAMPART_CONTEXT } }), 'Debugged');
        const topic = new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
        return topic.node.metadata.filter((entry) => entry.type === 'aws:cdk:creationStack').length;
      } finally {
        if (callersDebug === undefined) delete process.env.CDK_DEBUG;
        else process.env.CDK_DEBUG = callersDebug;
      }
    };
    expect(creationTraces(true)).toBe(1);
    expect(creationTraces(false)).toBe(0);
  });
});
