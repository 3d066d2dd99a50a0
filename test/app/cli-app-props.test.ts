import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp, RAMPART_CONTEXT } from '../../lib/app/build-app';
import { cliAppProps } from '../../lib/app/cli-app-props';
import { EVERYTHING, stackSelection } from '../../lib/app/stack-selection';
import { loadConfig } from '../../lib/config/loader';

/** The repository (cdk.json) and the CDK CLI package.json pins. */
const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'node_modules', 'aws-cdk', 'bin', 'cdk');

/** Every file under `dir` ending in `suffix`, by path relative to `dir`, with its text. */
function files(dir: string, suffix: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(suffix)) found.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return found;
}

/**
 * `cdk ls` runs bin/app.ts with an empty selection: the App it builds (cliAppProps) runs no validator,
 * which must not change what a later `cdk deploy -a cdk.out` would deploy. The listing is the real
 * CLI's (`cdk ls -o`, cdk.json's app and settings), compared with one in-process build with every stack.
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
  const listed = mkdtempSync(join(tmpdir(), 'rampart-cli-ls-'));
  execFileSync(process.execPath, [CLI, 'ls', '-o', listed, '--no-notices'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  afterAll(() => {
    for (const dir of [listed, full]) rmSync(dir, { recursive: true, force: true });
    if (callersDebug !== undefined) process.env.CDK_DEBUG = callersDebug;
  });

  test('THEN every template (pipelines included) is the full build’s, byte for byte', () => {
    const templates = files(full, '.template.json');
    expect(templates.size).toBeGreaterThan(10);
    expect([...files(listed, '.template.json').entries()].sort()).toEqual([...templates.entries()].sort());
  });

  test('THEN neither records creation stack traces (RAMPART_CONTEXT turns them off)', () => {
    const traces = (dir: string) => [...files(dir, '.metadata.json').values()].filter((text) => text.includes('aws:cdk:creationStack')).length;
    expect(traces(listed)).toBe(0);
    expect(traces(full)).toBe(0);
    expect(files(full, '.metadata.json').size).toBeGreaterThan(10);
  });

  // The CLI adds its own context (version reporting, path and asset metadata) unless cdk.json turns it
  // off: what `cdk synth` or `cdk deploy` renders must be what the main job's review read.
  test('THEN the real CLI (`cdk ls` with cdk.json) writes the same templates, with no metadata of its own', () => {
    const cliTemplates = files(listed, '.template.json');
    for (const text of cliTemplates.values()) expect(text).not.toMatch(/AWS::CDK::Metadata|"aws:cdk:path"|"aws:asset:path"/);
    expect([...cliTemplates.entries()].sort()).toEqual([...files(full, '.template.json').entries()].sort());
  });

  test('THEN a listing turns CloudFormation Validate off, any other run keeps it on', () => {
    expect(cliAppProps(stackSelection([])).builtinCloudFormationValidation).toBe(false);
    expect(cliAppProps(EVERYTHING).builtinCloudFormationValidation).toBe(true);
    expect(cliAppProps(stackSelection(['*/tenant-acme'])).builtinCloudFormationValidation).toBe(true);
  });

  test('THEN the listing marks its run log as a listing’s (the review of it then fails)', () => {
    const runs = JSON.parse(readFileSync(join(listed, 'rampart-validator-runs.json'), 'utf8')) as { listing?: boolean; plugins: unknown[] };
    expect(runs.listing).toBe(true);
    expect(runs.plugins).toEqual([]);
  });

  test('THEN the listing writes no tree.json, and any other run does', () => {
    expect(files(listed, 'tree.json').size).toBe(0);
    expect([...files(full, 'tree.json').keys()]).toEqual(['tree.json']);
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
