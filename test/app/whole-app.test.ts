import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { MIN_REASON_LENGTH, PACKS } from '../../lib/nag/acknowledge';
import * as budget from '../../lib/nag/acknowledgment-budget.json';
import { ValidatorRunLog } from '../../lib/nag/validator-runs';
import { summarizeAssembly } from '../../lib/report/assembly-summary';
import { VALIDATION_PLUGINS } from '../../lib/report/validator-evidence';
import { acknowledgmentsUnder } from '../helpers';

/**
 * Rampart's own acknowledgments: those of the packs Rampart registers. aws-cdk-lib acknowledges a
 * few CloudFormation Validate rules itself (e.g. W3010 on every stack that reads its AZs); those are
 * the library's, not ours, and are neither budgeted nor required to match a finding.
 */
const ourAcknowledgments = (app: App) => acknowledgmentsUnder(app).filter((a) => (Object.values(PACKS) as string[]).includes(a.id.split('::')[0]));

/** Every file of the stages' assemblies (`assembly-<stage>/`), by path, as text. */
function stageAssemblies(outdir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of readdirSync(outdir).filter((d) => d.startsWith('assembly-')))
    for (const file of readdirSync(join(outdir, dir)).filter((f) => f.endsWith('.json')))
      files.set(`${dir}/${file}`, readFileSync(join(outdir, dir, file), 'utf8'));
  return files;
}

/**
 * Stack traces name the lines that built it, which differ between two ways of building: an
 * acknowledgment's `trace` always, `aws:cdk:creationStack` entries when CDK_DEBUG is set.
 */
const withoutTraces = (text: string) =>
  JSON.stringify(
    JSON.parse(text, (key, value: unknown) => {
      if (key === 'trace') return undefined;
      return Array.isArray(value) ? value.filter((entry) => (entry as { type?: string } | null)?.type !== 'aws:cdk:creationStack') : value;
    }),
  );

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/**
 * The one test that runs the whole app exactly as the main job does: every validator on,
 * aws-cdk-lib's CloudFormation Validate plugin included.
 */
describe('whole app, every validator on', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'rampart-app-'));
  let app: App;
  const announced: string[] = [];

  let writtenWhenBuilt: Map<string, string>;

  beforeAll(() => {
    const config = loadConfig();
    // As the main job and the CLI entry build it: each stage a pipeline deploys is synthesized once built.
    app = buildApp(config, { outdir, synthesizeStagesWhenBuilt: true });
    writtenWhenBuilt = stageAssemblies(outdir);
    addPipelineStacks(app, config);
    // The main job's progress line names each plugin as it starts.
    ValidatorRunLog.of(app).onPluginStart = (name, templates) => announced.push(`${name} ${templates}`);
    app.synth();
  });

  test('GIVEN the default config WHEN synthesized THEN no plugin reports an unacknowledged finding', () => {
    const summary = summarizeAssembly(outdir);
    expect(summary.stacks.length).toBeGreaterThan(0);
    expect(summary.plugins.map((p) => [p.plugin, p.violations])).toEqual(summary.plugins.map((p) => [p.plugin, 0]));
  });

  test("THEN the run log proves every plugin ran on every resource (Rampart's clean pack included) and every guard ran where its control applies", () => {
    const record = ValidatorRunLog.of(app).record();
    const resources = summarizeAssembly(outdir).stacks.reduce((n, s) => n + s.resourceCount, 0);
    expect(record.plugins.map((p) => p.name).sort()).toEqual([...VALIDATION_PLUGINS].sort());
    for (const p of record.plugins) expect([p.name, p.resources, p.templates]).toEqual([p.name, resources, 15]);
    expect(announced.sort()).toEqual(record.plugins.map((p) => `${p.name} 15`).sort());
    expect(record.plugins.find((p) => p.name === 'Rampart')).toMatchObject({ rules: 13, findings: 0 });
    expect(record.plugins.find((p) => p.name === 'AwsSolutions')!.rules).toBeGreaterThan(100);
    expect(record.plugins.find((p) => p.name === 'CloudFormation Validate')!.rules).toBeUndefined();
    expect(record.guards.map((g) => `${g.name} ${g.stack}`).sort()).toEqual([
      'EnclaveGuard prod-us-east-1/account-baseline-444444444444',
      'EnclaveGuard prod-us-east-1/enclave',
      'EnclaveGuard prod-us-east-1/tenant-initech',
      'RequirePermissionsBoundary prod-eu-west-1/account-baseline-555555555555',
      'RequirePermissionsBoundary prod-eu-west-1/platform',
      'RequirePermissionsBoundary prod-eu-west-1/tenant-globex',
      'RequirePermissionsBoundary prod-pipeline',
      'RequirePermissionsBoundary prod-us-east-1/account-baseline-444444444444',
      'RequirePermissionsBoundary prod-us-east-1/account-baseline-555555555555',
      'RequirePermissionsBoundary prod-us-east-1/enclave',
      'RequirePermissionsBoundary prod-us-east-1/platform',
      'RequirePermissionsBoundary prod-us-east-1/tenant-acme',
      'RequirePermissionsBoundary prod-us-east-1/tenant-initech',
      'RequirePermissionsBoundary prod-us-east-1/tenant-umbrella',
      'RequirePermissionsBoundary prod-us-west-2/account-baseline-555555555555',
      'RequirePermissionsBoundary prod-us-west-2/platform',
      'ResidencyGuard prod-eu-west-1/platform',
      'ResidencyGuard prod-eu-west-1/tenant-globex',
    ]);
  });

  test('THEN every acknowledgment has a reason an auditor can read and matches a real finding (none is stale)', () => {
    const recorded = ourAcknowledgments(app);
    expect(recorded.length).toBeGreaterThan(0);
    for (const ack of recorded) expect(ack.reason.trim().length).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { suppressedViolations?: { acknowledgedId: string; acknowledgedAt: string }[] }[];
    };
    const used = new Set(report.pluginReports.flatMap((p) => (p.suppressedViolations ?? []).map((v) => `${v.acknowledgedAt} ${v.acknowledgedId}`)));
    const stale = recorded.filter((a) => !used.has(`${a.path} ${a.id}`));
    expect(stale).toEqual([]);
  });

  test(`THEN the number of acknowledgments stays within the budgets (${budget.maxAcknowledgments}, pipeline ${budget.maxPipelineAcknowledgments}) kept in lib/nag/acknowledgment-budget.json`, () => {
    // The deployment pipeline's stacks sit at the app's top level (Rampart's stacks are in stages).
    const pipelineStacks = new Set(app.node.children.filter(Stack.isStack).map((s) => s.node.id));
    const [pipeline, workload] = partition(ourAcknowledgments(app), (a) => pipelineStacks.has(a.path.split('/')[0]));
    expect(workload.length).toBeLessThanOrEqual(budget.maxAcknowledgments);
    expect(pipeline.length).toBeLessThanOrEqual(budget.maxPipelineAcknowledgments);
  });

  test(`THEN the distinct acknowledgments written in the code stay within maxAcknowledgmentSites (${budget.maxAcknowledgmentSites}): a reused construct reuses its acknowledgment`, () => {
    // A site: the rule, the construct path below the stack and the reason. Two stacks built from the
    // same construct share its sites; only a new acknowledgment in the code adds one. The pipeline's
    // stacks (top level, not in a stage) have their own budget above.
    const pipelineStacks = new Set(app.node.children.filter(Stack.isStack).map((s) => s.node.id));
    const workload = ourAcknowledgments(app).filter((a) => !pipelineStacks.has(a.path.split('/')[0]));
    const sites = new Set(workload.map((a) => `${a.id} | ${a.path.split('/').slice(2).join('/')} | ${a.reason}`));
    expect(sites.size).toBeLessThanOrEqual(budget.maxAcknowledgmentSites);
  });

  test('THEN every stage was written when its stacks were built, and is what the pipelines write when they synthesize the stages, file for file', () => {
    const config = loadConfig();
    const late = mkdtempSync(join(tmpdir(), 'rampart-stages-late-'));
    addPipelineStacks(buildApp(config, { outdir: late, nagPacks: false, builtinCloudFormationValidation: false }), config);
    const byPipelines = stageAssemblies(late);
    expect(writtenWhenBuilt.size).toBeGreaterThan(10);
    expect([...writtenWhenBuilt.keys()].sort()).toEqual([...byPipelines.keys()].sort());
    const differing = [...writtenWhenBuilt].filter(([file, text]) => {
      const other = byPipelines.get(file)!;
      return file.endsWith('.metadata.json') ? withoutTraces(text) !== withoutTraces(other) : text !== other;
    });
    expect(differing.map(([file]) => file)).toEqual([]);
  });

  test('GIVEN a template CloudFormation would reject WHEN synthesized THEN the built-in validator fails the synth', () => {
    const broken = buildApp(loadConfig(), { outdir: mkdtempSync(join(tmpdir(), 'rampart-broken-')) });
    const stack = broken.node.findAll().find(Stack.isStack)!;
    const bucket = stack.node.findAll().find((c): c is CfnResource => c instanceof CfnResource && c.cfnResourceType === 'AWS::S3::Bucket')!;
    bucket.addPropertyOverride('VersioningConfiguration.Status', 'Sometimes');
    expect(() => broken.synth()).toThrow(/'Sometimes' is not one of \['Enabled', 'Suspended'\] \(CloudFormation Validate\)/);
  });
});
