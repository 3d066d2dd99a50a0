import { App } from 'aws-cdk-lib';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { cliAppProps } from '../../lib/app/cli-app-props';
import { EVERYTHING, stackSelection } from '../../lib/app/stack-selection';
import { loadConfig } from '../../lib/config/loader';

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
 * `cdk ls` runs bin/app.ts with an empty selection: the App it builds (cliAppProps) runs no validator
 * and records no stack traces, which must not change what a later `cdk deploy -a cdk.out` would deploy.
 */
describe('GIVEN the default config WHEN the CLI entry builds it for a listing', () => {
  const config = loadConfig();
  const synth = (listing: boolean): string => {
    const selection = listing ? stackSelection([]) : EVERYTHING;
    const outdir = mkdtempSync(join(tmpdir(), 'rampart-ls-'));
    // The validators are left out of the full build too: only the templates are compared here.
    const app = new App({ ...cliAppProps(selection), outdir, builtinCloudFormationValidation: false });
    buildApp(config, { app, selection, nagPacks: false });
    addPipelineStacks(app, config, selection);
    app.synth();
    return outdir;
  };
  const listed = synth(true);
  const full = synth(false);

  test('THEN every template (pipelines included) is the full build’s, byte for byte', () => {
    const templates = files(full, '.template.json');
    expect(templates.size).toBeGreaterThan(10);
    expect([...files(listed, '.template.json').entries()].sort()).toEqual([...templates.entries()].sort());
  });

  test('THEN no creation stack trace is recorded in its metadata, while a full build records them', () => {
    const traces = (dir: string) => [...files(dir, '.metadata.json').values()].filter((text) => text.includes('aws:cdk:creationStack')).length;
    expect(traces(listed)).toBe(0);
    expect(traces(full)).toBeGreaterThan(0);
  });

  test('THEN a listing turns CloudFormation Validate off, any other run keeps it on', () => {
    expect(cliAppProps(stackSelection([])).builtinCloudFormationValidation).toBe(false);
    expect(cliAppProps(EVERYTHING).builtinCloudFormationValidation).toBe(true);
    expect(cliAppProps(stackSelection(['*/tenant-acme'])).builtinCloudFormationValidation).toBe(true);
  });
});
