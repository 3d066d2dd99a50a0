import { readFileSync } from 'fs';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { tenantBenchConfig } from '../../lib/bench/tenant-configs';
import { CODEPIPELINE_MAX_ACTIONS_PER_STAGE } from '../../lib/config/pipeline-schema';
import { CODEPIPELINE_MAX_STAGES } from '../../lib/plan/pipeline-plan';
import { planDeployment } from '../../lib/plan/plan-deployment';
import { readAssembly } from '../../lib/verify/read-assembly';
import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { weakened } from '../verify/synthesized';

/**
 * The pipelines of 1,000 generated tenants, synthesized once (validators off: this suite reads the
 * assembly for CodePipeline's and CloudFormation's limits, not findings) and read back from disk.
 * Limits (docs.aws.amazon.com: CodePipeline quotas, CloudFormation quotas, IAM quotas):
 */
const LIMITS = {
  stagesPerPipeline: CODEPIPELINE_MAX_STAGES,
  actionsPerStage: CODEPIPELINE_MAX_ACTIONS_PER_STAGE,
  /** Stage, action and pipeline names. */
  nameLength: 100,
  /** CloudFormation: resources per stack, template body through S3 (bytes). */
  resourcesPerStack: 500,
  templateBytes: 1_000_000,
  /** IAM: a customer-managed policy document, whitespace excluded (characters). */
  managedPolicyChars: 6_144,
};

type Json = Record<string, unknown>;
interface Action {
  Name: string;
  ActionTypeId: { Provider: string };
  Configuration?: { StackName?: string; ActionMode?: string };
}

describe('GIVEN 1,000 generated tenants WHEN the pipeline app is synthesized', () => {
  const config = tenantBenchConfig(1000).config;
  const outdir = mkdtempSync(join(tmpdir(), 'rampart-pipeline-1000-'));
  let templates: { id: string; template: { Resources: Record<string, { Type: string; Properties: Json }> }; bytes: number }[];

  beforeAll(() => {
    const app = buildApp(config, { outdir, nagPacks: false, builtinCloudFormationValidation: false });
    addPipelineStacks(app, config);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
    };
    templates = Object.entries(manifest.artifacts)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([id, a]) => {
        const text = readFileSync(join(outdir, a.properties!.templateFile!), 'utf8');
        return { id, template: JSON.parse(text) as (typeof templates)[number]['template'], bytes: Buffer.byteLength(text) };
      });
    // One synthesis of 1,000 tenant stacks and the pipelines: about 1.5 minutes alone on two cores.
  }, 600_000);

  const pipelines = () =>
    templates.flatMap(({ id, template }) =>
      Object.values(template.Resources)
        .filter((r) => r.Type === 'AWS::CodePipeline::Pipeline')
        .map((r) => ({ stack: id, name: r.Properties.Name as string, stages: r.Properties.Stages as { Name: string; Actions: Action[] }[] })),
    );

  test('THEN every tenant stack is deployed exactly once, by a CloudFormation action of one pipeline', () => {
    const deployed = pipelines().flatMap((p) =>
      p.stages.flatMap((s) =>
        s.Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation' && a.Name.endsWith('.Deploy')).map((a) => a.Configuration!.StackName!),
      ),
    );
    expect(deployed.length).toBe(new Set(deployed).size);
    expect([...deployed].sort()).toEqual(
      planDeployment(config)
        .aws.map((p) => p.stackName)
        .sort(),
    );
    expect(pipelines().length).toBeGreaterThan(1);
  });

  test('THEN the first pipeline deploys through change sets and each tenant pipeline deploys each tenant in one action', () => {
    const modes = (p: ReturnType<typeof pipelines>[number]) =>
      new Set(p.stages.flatMap((s) => s.Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation').map((a) => a.Configuration!.ActionMode)));
    const [first, ...tenantPipelines] = pipelines().sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name));
    expect(first.name).toMatch(/-deploy$/);
    expect([...modes(first)].sort()).toEqual(['CHANGE_SET_EXECUTE', 'CHANGE_SET_REPLACE']);
    expect(tenantPipelines.length).toBeGreaterThan(1);
    for (const p of tenantPipelines) {
      expect([p.name, [...modes(p)]]).toEqual([p.name, ['CREATE_UPDATE']]);
      for (const stage of p.stages.filter((st) => st.Actions.some((a) => a.ActionTypeId.Provider === 'CloudFormation'))) {
        const stacks = stage.Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation').map((a) => a.Configuration!.StackName);
        // One action a tenant, and around them only the security diff, the approval and the check.
        expect([stage.Name, stacks.length, new Set(stacks).size]).toEqual([stage.Name, stacks.length, stacks.length]);
        expect([stage.Name, stage.Actions.length]).toEqual([stage.Name, stacks.length + 3]);
      }
    }
  });

  test('THEN IAC-REVIEW holds on every pipeline as synthesized, and a tenant pipeline with an approval moved after its deploys fails it', () => {
    const assembly = readAssembly({ awsDir: outdir });
    // The pipeline stacks alone: IAC-REVIEW judges nothing else, and the other controls are not this suite's.
    const pipelineStacks = { ...assembly, stacks: assembly.stacks.filter((s) => s.metadata?.kind === 'aws-pipeline') };
    const result = verifyAssembly(pipelineStacks).controls.find((c) => c.control === 'IAC-REVIEW');
    expect(result?.evidence.filter((e) => e.outcome !== 'holds')).toEqual([]);
    const waves = pipelines().flatMap((p) => p.stages.filter((s) => s.Actions.some((a) => a.ActionTypeId.Provider === 'CloudFormation')));
    expect(result?.counts.find((c) => c.kind === 'wave-approval')).toMatchObject({ holding: waves.length, total: waves.length });
    // A weakened copy of a real tenant pipeline: one wave's approval moved after its direct deploy actions.
    const tenantPipeline = pipelineStacks.stacks.find((st) => st.id.endsWith('-tenants-1'))!;
    const moved = weakened(pipelineStacks, tenantPipeline.id, (t) => {
      const pipeline = Object.values(t.Resources).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')!;
      const stage = (pipeline.Properties.Stages as { Actions: { ActionTypeId: { Category: string }; RunOrder: number }[] }[]).find((st) =>
        st.Actions.some((a) => a.ActionTypeId.Category === 'Deploy'),
      )!;
      stage.Actions.find((a) => a.ActionTypeId.Category === 'Approval')!.RunOrder = 99;
    });
    const failing = verifyAssembly(moved)
      .controls.find((c) => c.control === 'IAC-REVIEW')
      ?.evidence.filter((e) => e.outcome !== 'holds');
    expect(failing?.map((e) => `${e.stack} ${e.kind} ${e.outcome}`)).toEqual([`${tenantPipeline.id} wave-approval missing`]);
  });

  test('THEN no pipeline has more stages, no stage more actions, and no name more characters than CodePipeline allows', () => {
    for (const p of pipelines()) {
      expect([p.name, p.stages.length <= LIMITS.stagesPerPipeline]).toEqual([p.name, true]);
      expect(p.name.length).toBeLessThanOrEqual(LIMITS.nameLength);
      for (const stage of p.stages) {
        expect([p.name, stage.Name, stage.Actions.length <= LIMITS.actionsPerStage]).toEqual([p.name, stage.Name, true]);
        expect(stage.Name.length).toBeLessThanOrEqual(LIMITS.nameLength);
        for (const action of stage.Actions) expect(action.Name.length).toBeLessThanOrEqual(LIMITS.nameLength);
      }
    }
  });

  test('THEN every pipeline stack stays within the CloudFormation limits on resources and template size, and the IAM limit on policy size', () => {
    const pipelineStacks = templates.filter((t) =>
      Object.values(t.template.Resources).some((r) => r.Type === 'AWS::CodePipeline::Pipeline' || r.Type === 'AWS::S3::Bucket'),
    );
    for (const { id, template, bytes } of pipelineStacks) {
      expect([id, Object.keys(template.Resources).length <= LIMITS.resourcesPerStack, bytes <= LIMITS.templateBytes]).toEqual([id, true, true]);
      expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')).toEqual([]);
      for (const policy of Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')) {
        // Rendered tokens (Fn::GetAtt of a project ARN) are shorter than the ARNs they become: count each as 128 characters.
        const chars = JSON.stringify(policy.Properties.PolicyDocument).replace(/\{"Fn::[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, 'x'.repeat(128)).length;
        expect([id, chars <= LIMITS.managedPolicyChars]).toEqual([id, true]);
      }
    }
  });
});
