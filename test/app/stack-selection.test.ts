import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { NoStackSelectedError, selectionFromContext, stackSelection, type StackSelection } from '../../lib/app/stack-selection';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config/loader';
import { planDeployment } from '../../lib/plan/plan-deployment';

/**
 * Selective synthesis (`npm run synth -- --only`, the CLI's `--exclusively`): the matching is the
 * CDK CLI's own, checked against `cdk ls` on a full assembly, and a selection builds exactly the
 * stacks it matches, with the same templates as the full build.
 */
const CLI = join(__dirname, '..', '..', 'node_modules', 'aws-cdk', 'bin', 'cdk');

/** Every stack under the app, by hierarchical id (`<stage>/<stack>` or a top-level id). */
function builtStacks(app: App): string[] {
  return app.node
    .findAll()
    .filter((c): c is Stack => Stack.isStack(c))
    .map((s) => (Stage.of(s) === app ? s.node.id : `${Stage.of(s)?.stageName}/${s.node.id}`))
    .sort();
}

const fast = { nagPacks: false, builtinCloudFormationValidation: false } as const;

describe('GIVEN tenants acme, acme-eu and acme-eu2 WHEN a selection is matched', () => {
  const document = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  const config = parseConfig({
    ...document,
    pipeline: undefined,
    tenants: [
      { id: 'acme', plan: 'starter', residency: 'us' },
      { id: 'acme-eu', plan: 'pro', residency: 'eu' },
      { id: 'acme-eu2', plan: 'pro', residency: 'us' },
    ],
  });
  const paths = planDeployment(config).aws.map((p) => p.path);
  const dir = mkdtempSync(join(tmpdir(), 'rampart-select-'));
  buildApp(config, { outdir: dir, ...fast }).synth();
  const cliLs = (patterns: string[]): string[] =>
    execFileSync(process.execPath, [CLI, 'ls', ...patterns, '-a', dir, '--no-notices', '--no-version-reporting'], {
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(' ')[0])
      .sort();

  test.each([
    [['*/tenant-acme']],
    [['*/tenant-acme-eu']],
    [['*/tenant-acme*']],
    [['prod-eu-west-1/*']],
    [['*/platform']],
    [['*acme*']],
    [['**/tenant-*']],
    [['*/tenant-acme', '*/tenant-acme-eu2']],
    [['prod-us-east-1/*', '!*/tenant-acme']],
  ])('THEN %j selects exactly what `cdk ls` selects', (patterns) => {
    const selection = stackSelection(patterns);
    expect(paths.filter(selection.selects).sort()).toEqual(cliLs(patterns));
  });
});

describe('GIVEN the default config (with its pipeline) WHEN one tenant is selected', () => {
  const config = loadConfig();
  const select = (selection: StackSelection) => {
    const app = buildApp(config, { outdir: mkdtempSync(join(tmpdir(), 'rampart-select-')), ...fast, selection });
    addPipelineStacks(app, config, selection);
    return app;
  };

  test('THEN only that stack is built: no other tenant, platform or pipeline stack', () => {
    expect(builtStacks(select(stackSelection(['*/tenant-acme'])))).toEqual(['prod-us-east-1/tenant-acme']);
  });

  test("THEN its template is the full build's template, byte for byte", () => {
    const template = (app: App): string => {
      app.synth();
      const stack = app.node.findChild('prod-us-east-1').node.findChild('tenant-acme') as Stack;
      return readFileSync(join(Stage.of(stack)?.outdir ?? '', stack.templateFile), 'utf8');
    };
    const full = buildApp(config, { outdir: mkdtempSync(join(tmpdir(), 'rampart-select-')), ...fast });
    expect(template(select(stackSelection(['*/tenant-acme'])))).toEqual(template(full));
  });

  test('THEN a region selects its stacks only, and no pipeline', () => {
    expect(builtStacks(select(stackSelection(['prod-eu-west-1/*'])))).toEqual([
      'prod-eu-west-1/account-baseline-555555555555',
      'prod-eu-west-1/platform',
      'prod-eu-west-1/tenant-globex',
    ]);
  });

  test('THEN a pattern matching nothing is an error naming the pattern, before anything is built', () => {
    expect(() => select(stackSelection(['*/tenant-acmee']))).toThrow(NoStackSelectedError);
    expect(() => select(stackSelection(['*/tenant-acmee']))).toThrow(/No stack matches '\*\/tenant-acmee'.*one tenant is '\*\/tenant-<id>'/);
  });
});

describe('GIVEN the CLI context aws:cdk:bundling-stacks WHEN the app reads it', () => {
  test('THEN absent or `**` builds everything, validated', () => {
    for (const value of [undefined, ['**']]) expect(selectionFromContext(value)).toMatchObject({ everything: true, listing: false });
  });

  test('THEN the empty list of `cdk ls` builds everything as a listing (no validator)', () => {
    expect(selectionFromContext([])).toMatchObject({ everything: true, listing: true });
  });

  test('THEN patterns build a selection', () => {
    const selection = selectionFromContext(['*/tenant-acme']);
    expect(selection).toMatchObject({ everything: false, listing: false, patterns: ['*/tenant-acme'] });
    expect(selection.selects('prod-us-east-1/tenant-acme')).toBe(true);
    expect(selection.selects('prod-us-east-1/tenant-acme-eu')).toBe(false);
  });

  test('THEN anything but a list of strings is an error naming the context key and the value', () => {
    expect(() => selectionFromContext([1])).toThrow(/aws:cdk:bundling-stacks: expected a list of stack patterns, got \[1\]/);
  });
});
