import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { awsPart } from '../../lib/config/aws-part';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';
import type { RampartConfig } from '../../lib/config/schema';
import { pipelinePlans } from '../../lib/plan/pipeline-plan';
import { planDeployment } from '../../lib/plan/plan-deployment';
import { OFFBOARDING_APPROVAL, OFFBOARDING_SIGN_OFF, OFFBOARDING_STAGE } from '../../lib/stacks/pipeline/offboarding-stages';

/**
 * Onboarding through the pipeline: CDK Pipelines deploys every stack of every wave on each run, and
 * CloudFormation makes an unchanged template a no-op, so "the next run deploys only the new tenant"
 * holds when adding a tenant changes no other stack's template, except, for a pooled US tenant, the
 * DR platform's list of the tenants whose database users it creates (PeerRegionTenantSchemas: its
 * stack, in the primary region, cannot). Shown on the whole assembly.
 */
const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
type Stage = { Name: string; BeforeEntry?: unknown; Actions: { Name: string; RunOrder?: number; ActionTypeId: { Category: string } }[] };

function build(config: RampartConfig) {
  const app = buildApp(config, { nagPacks: false, builtinCloudFormationValidation: false });
  const pipelines = addPipelineStacks(app, config);
  return { assembly: app.synth(), pipelines };
}
/** Workload templates by CLI path (the pipelines' own stacks left out: they list the waves). */
function templates(assembly: CloudAssembly, pipelines: readonly Stack[]): Map<string, unknown> {
  const own = new Set([
    ...pipelines.map((p) => p.artifactId),
    ...assembly.stacks.filter((s) => s.id.startsWith('cross-region-stack-')).map((s) => s.id),
  ]);
  return new Map(assembly.stacksRecursively.filter((s) => !own.has(s.id)).map((s) => [s.hierarchicalId, s.template]));
}
const waves = (config: RampartConfig) => pipelinePlans(awsPart(config)!, planDeployment(config).aws).flatMap((p) => p.waves);

describe('GIVEN the default config WHEN a tenant is added (and, in the same config, manual approval is off)', () => {
  const before = parseConfig(DEFAULT_DOC);
  const after = parseConfig({
    ...DEFAULT_DOC,
    tenants: [...(DEFAULT_DOC.tenants as unknown[]), { id: 'hooli', plan: 'starter', residency: 'us' }],
    pipeline: { ...(DEFAULT_DOC.pipeline as object), manualApproval: false },
  });
  const old = build(before);
  const next = build(after);
  const oldTemplates = templates(old.assembly, old.pipelines);
  const newTemplates = templates(next.assembly, next.pipelines);

  test("THEN the assembly gains the tenant's stack and every other stack's template is unchanged but the DR platform's tenant list", () => {
    expect(oldTemplates.size).toBeGreaterThan(5);
    expect([...newTemplates.keys()].filter((path) => !oldTemplates.has(path))).toEqual(['prod-us-east-1/tenant-hooli']);
    expect([...oldTemplates.keys()].filter((path) => !newTemplates.has(path))).toEqual([]);
    const changed = [...oldTemplates]
      .filter(([path, template]) => JSON.stringify(newTemplates.get(path)) !== JSON.stringify(template))
      .map(([p]) => p);
    expect(changed).toEqual(['prod-us-west-2/platform']);
    // There, the one change: the pooled US tenant joins the ids whose users the DR cluster gets (sorted).
    type Cfn = { Resources: Record<string, { Properties?: { TenantIds?: string[] } }> };
    const dr = (t: Map<string, unknown>) => structuredClone(t.get('prod-us-west-2/platform')) as Cfn;
    const [o, n] = [dr(oldTemplates), dr(newTemplates)];
    expect(o.Resources.PeerRegionTenantSchemas.Properties?.TenantIds).toEqual(['acme']);
    expect(n.Resources.PeerRegionTenantSchemas.Properties?.TenantIds).toEqual(['acme', 'hooli']);
    n.Resources.PeerRegionTenantSchemas.Properties!.TenantIds = ['acme'];
    expect(n).toEqual(o);
  });

  test('THEN only the tenant waves change, by exactly the new stack', () => {
    const tenantWave = (id: string) => id.startsWith('tenants-') || id.startsWith('canary-tenants');
    const [o, n] = [waves(before), waves(after)];
    expect(n.filter((w) => !tenantWave(w.id))).toEqual(o.filter((w) => !tenantWave(w.id)));
    const paths = (ws: typeof o) => ws.filter((w) => tenantWave(w.id)).flatMap((w) => w.stacks.map((s) => s.path));
    expect(paths(n)).toEqual([...paths(o), 'prod-us-east-1/tenant-hooli']);
  });

  test("THEN with wave approvals off the one approval left is the offboarding stage's, before its sign-off, and that stage is skipped unless a tenant leaves", () => {
    const template = Template.fromStack(next.pipelines[0]);
    const stages = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as { Properties: { Stages: Stage[] } }).Properties.Stages;
    const approvals = stages.filter((s) => s.Actions.some((a) => a.ActionTypeId.Category === 'Approval')).map((s) => s.Name);
    expect(approvals).toEqual([OFFBOARDING_STAGE]);
    const offboarding = stages.find((s) => s.Name === OFFBOARDING_STAGE)!;
    const byName = new Map(offboarding.Actions.map((a) => [a.Name, a]));
    expect(byName.get(OFFBOARDING_APPROVAL)!.RunOrder!).toBeLessThan(byName.get(OFFBOARDING_SIGN_OFF)!.RunOrder!);
    expect(offboarding.BeforeEntry).toEqual({
      Conditions: [
        {
          Result: 'SKIP',
          Rules: [
            expect.objectContaining({
              Configuration: { Variable: expect.stringMatching(/^#\{.+\.OFFBOARDED_TENANTS\}$/), Value: 'none', Operator: 'NE' },
            }),
          ],
        },
      ],
    });
  });
});
