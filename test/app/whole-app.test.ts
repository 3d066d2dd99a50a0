import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { MIN_REASON_LENGTH, PACKS } from '../../lib/nag/acknowledge';
import * as budget from '../../lib/nag/acknowledgment-budget.json';
import { summarizeAssembly } from '../../lib/report/assembly-summary';
import { acknowledgmentsUnder } from '../helpers';

/**
 * Rampart's own acknowledgments: those of the packs Rampart registers. aws-cdk-lib acknowledges a
 * few CloudFormation Validate rules itself (e.g. W3010 on every stack that reads its AZs); those are
 * the library's, not ours, and are neither budgeted nor required to match a finding.
 */
const ourAcknowledgments = (app: App) => acknowledgmentsUnder(app).filter((a) => (Object.values(PACKS) as string[]).includes(a.id.split('::')[0]));

/**
 * The one test that runs the whole app exactly as the main job does: every validator on,
 * aws-cdk-lib's CloudFormation Validate plugin included.
 */
describe('whole app, every validator on', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'rampart-app-'));
  let app: App;

  beforeAll(() => {
    app = buildApp(loadConfig(), { outdir });
    app.synth();
  });

  test('GIVEN the default config WHEN synthesized THEN no plugin reports an unacknowledged finding', () => {
    const summary = summarizeAssembly(outdir);
    expect(summary.stacks.length).toBeGreaterThan(0);
    expect(summary.plugins.map((p) => [p.plugin, p.violations])).toEqual(summary.plugins.map((p) => [p.plugin, 0]));
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

  test(`THEN the number of acknowledgments stays within the budget (${budget.maxAcknowledgments}) kept in lib/nag/acknowledgment-budget.json`, () => {
    expect(ourAcknowledgments(app).length).toBeLessThanOrEqual(budget.maxAcknowledgments);
  });

  test('GIVEN a template CloudFormation would reject WHEN synthesized THEN the built-in validator fails the synth', () => {
    const broken = buildApp(loadConfig(), { outdir: mkdtempSync(join(tmpdir(), 'rampart-broken-')) });
    const stack = broken.node.findAll().find(Stack.isStack)!;
    const bucket = stack.node.findAll().find((c): c is CfnResource => c instanceof CfnResource && c.cfnResourceType === 'AWS::S3::Bucket')!;
    bucket.addPropertyOverride('VersioningConfiguration.Status', 'Sometimes');
    expect(() => broken.synth()).toThrow(/'Sometimes' is not one of \['Enabled', 'Suspended'\] \(CloudFormation Validate\)/);
  });
});
