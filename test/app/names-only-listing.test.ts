import { App } from 'aws-cdk-lib';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { cliAppProps } from '../../lib/app/cli-app-props';
import { removeListingTemplates, synthesizeKeepingNoTemplates } from '../../lib/app/names-only-listing';
import { NAMES_ONLY, stackSelection, type StackSelection } from '../../lib/app/stack-selection';
import { tenantBenchConfig } from '../../lib/bench/tenant-configs';
import { loadConfig } from '../../lib/config/loader';
import type { RampartConfig } from '../../lib/config/schema';
import { filesEndingIn, listedArtifacts } from './assembly-files';
import { namesOnlyAssembly } from './names-only-fixture';

/** The assembly bin/app.ts writes for `selection`, built in this process into `outdir`, as bin/app.ts builds it. */
function listing(config: RampartConfig, selection: StackSelection, outdir: string): string {
  const app = new App({ ...cliAppProps(selection), outdir });
  buildApp(config, { app, selection });
  return synthesizeKeepingNoTemplates(selection.namesOnly, app.outdir, () => {
    addPipelineStacks(app, config, selection);
    return app.synth();
  }).directory;
}

/**
 * test/app/cli-app-props.test.ts compares `cdk ls` with a full listing at the default config, through
 * the real CLI. Here a config with more of what shapes the listing, built once each way: 24 tenants
 * and the Identity Center instance of its fixture (the identity stack is planned only then), one tenant to a
 * wave, so the tenants' waves fill more than one tenant pipeline (each pipeline's actions decide its
 * support stacks).
 */
describe('GIVEN Identity Center and 24 tenants one to a wave WHEN listed by names only and in full', () => {
  const generated = tenantBenchConfig(24).config;
  const { identityCenter } = loadConfig('test/fixtures/config/good/identity-center.yaml');
  const config: RampartConfig = { ...generated, identityCenter, pipeline: { ...generated.pipeline!, tenantsPerWave: 1 } };
  const root = mkdtempSync(join(tmpdir(), 'rampart-names-only-'));
  const full = listing(config, stackSelection([]), join(root, 'full'));
  const namesOnly = listing(config, NAMES_ONLY, join(root, 'names'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('THEN the same artifacts are listed, with the same names, environments and dependencies', () => {
    const listed = listedArtifacts(full);
    const names = Object.values(listed).map((a) => (a as { displayName?: string }).displayName ?? '');
    expect(names.filter((name) => /^prod-pipeline-tenants-\d+$/.test(name)).length).toBeGreaterThanOrEqual(2);
    expect(names.filter((name) => name.startsWith('cross-region-stack-')).length).toBeGreaterThanOrEqual(2);
    expect(names.some((name) => /\/identity-center$/.test(name))).toBe(true);
    expect(Object.keys(listed).length).toBeGreaterThan(60);
    expect(listedArtifacts(namesOnly)).toEqual(listed);
  });

  test('THEN the names-only assembly holds no template, the full one every stack’s', () => {
    expect(filesEndingIn(namesOnly, '.template.json').size).toBe(0);
    expect(filesEndingIn(full, '.template.json').size).toBeGreaterThan(30);
  });
});

describe('removeListingTemplates', () => {
  test('GIVEN templates the manifests name, at the top and in a stage’s folder THEN it removes exactly those, and says how many', () => {
    const dir = namesOnlyAssembly();
    try {
      const named = ['pipeline.template.json', 'assembly-prod-us-east-1/produseast1tenantacme.template.json'];
      // Kept: a template no manifest names, anything in an asset folder or another folder.
      const others = [
        'notes.template.json',
        'asset.abc123/x.template.json',
        'kept/manifest.json',
        'kept/pipeline.template.json',
        'pipeline.assets.json',
      ];
      mkdirSync(join(dir, 'asset.abc123'));
      mkdirSync(join(dir, 'kept'));
      for (const file of [...named, ...others]) writeFileSync(join(dir, file), '{}');
      writeFileSync(join(dir, 'kept', 'manifest.json'), readFileSync(join(dir, 'manifest.json')));
      expect(removeListingTemplates(dir)).toEqual({ removed: 2, failed: [] });
      for (const file of named) expect(existsSync(join(dir, file))).toBe(false);
      for (const file of others) expect(existsSync(join(dir, file))).toBe(true);
      expect(removeListingTemplates(dir)).toEqual({ removed: 0, failed: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // CDK Pipelines writes a stage's assembly while the pipeline is built: a synthesis that fails after
  // that leaves the stage's manifest and its shells' templates beside an older top-level manifest.
  test('GIVEN a stage folder whose manifest the top-level one does not name THEN its templates go too', () => {
    const dir = namesOnlyAssembly();
    try {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '53.0.0', artifacts: {} }));
      writeFileSync(join(dir, 'assembly-prod-us-east-1', 'produseast1tenantacme.template.json'), '{}');
      expect(removeListingTemplates(dir)).toEqual({ removed: 1, failed: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a manifest naming a file outside the folder, a broken manifest and a template it cannot remove THEN it removes nothing outside, goes on, and lists what failed', () => {
    const dir = namesOnlyAssembly();
    const outside = `${dir}-outside.template.json`;
    try {
      writeFileSync(outside, '{}');
      const escape = { type: 'aws:cloudformation:stack', properties: { templateFile: `../${outside.split('/').pop()}` } };
      const directory = { type: 'aws:cloudformation:stack', properties: { templateFile: 'pipeline.template.json' } };
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '53.0.0', artifacts: { escape, directory, empty: null } }));
      mkdirSync(join(dir, 'pipeline.template.json'));
      mkdirSync(join(dir, 'assembly-broken'));
      writeFileSync(join(dir, 'assembly-broken', 'manifest.json'), '{ not json');
      writeFileSync(join(dir, 'assembly-prod-us-east-1', 'produseast1tenantacme.template.json'), '{}');
      const removal = removeListingTemplates(dir);
      expect(removal.removed).toBe(1);
      expect(existsSync(outside)).toBe(true);
      expect(removal.failed).toHaveLength(2);
      expect(removal.failed[0]).toContain(join(dir, 'pipeline.template.json'));
      expect(removal.failed[1]).toContain(join(dir, 'assembly-broken'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { force: true });
    }
  });
});

describe('synthesizeKeepingNoTemplates', () => {
  const writeStage = (dir: string) => {
    writeFileSync(join(dir, 'assembly-prod-us-east-1', 'produseast1tenantacme.template.json'), '{}');
    return 'assembly';
  };

  test('GIVEN a names-only listing whose synthesis fails after a stage was written THEN the stage’s template is removed and the synthesis’s error is the one thrown', () => {
    const dir = namesOnlyAssembly();
    try {
      expect(() =>
        synthesizeKeepingNoTemplates(true, dir, () => {
          writeStage(dir);
          throw new Error('a wave depends on a later one');
        }),
      ).toThrow('a wave depends on a later one');
      expect(filesEndingIn(dir, '.template.json').size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a template it cannot remove THEN a names-only listing fails naming it; GIVEN no listing THEN nothing is removed', () => {
    const dir = namesOnlyAssembly();
    try {
      mkdirSync(join(dir, 'pipeline.template.json'));
      expect(() => synthesizeKeepingNoTemplates(true, dir, () => writeStage(dir))).toThrow(
        /cdk ls could not remove every template it wrote \(nothing from it may be deployed\):\n  .*pipeline\.template\.json/,
      );
      expect(synthesizeKeepingNoTemplates(false, dir, () => writeStage(dir))).toBe('assembly');
      expect(existsSync(join(dir, 'assembly-prod-us-east-1', 'produseast1tenantacme.template.json'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
