import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { readAssembly } from '../../lib/verify/read-assembly';
import type { Json } from '../../lib/verify/types';
import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { weakened, type Template } from './synthesized';

// The default config's AWS output with its deployment pipeline, synthesized once (validators off).
const config = loadConfig('config/default.yaml');
const awsDir = join(mkdtempSync(join(tmpdir(), 'rampart-iac-')), 'cdk.out');
const app = buildApp(config, { outdir: awsDir, nagPacks: false, builtinCloudFormationValidation: false });
addPipelineStacks(app, config);
app.synth();
const assembly = readAssembly({ awsDir });
const PIPELINE = 'prod-pipeline';

type Stage = {
  Name: string;
  Actions: { Name: string; ActionTypeId: { Category: string; Provider: string }; Configuration?: Record<string, Json> }[];
};
const stagesOf = (t: Template): Stage[] =>
  (Object.values(t.Resources).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')?.Properties.Stages ?? []) as unknown as Stage[];
const wave = (t: Template, name: string): Stage => stagesOf(t).find((s) => s.Name === name) as Stage;

function iacReview(a = assembly) {
  return verifyAssembly(a).controls.find((c) => c.control === 'IAC-REVIEW');
}

describe('IAC-REVIEW from the pipeline template', () => {
  test('GIVEN the default config THEN every deploying wave runs the security diff, then an approval (7 of 7), and the control names its standing gap', () => {
    const result = iacReview();
    // The pipeline and CodePipeline's two cross-region support stacks (artifact buckets), which hold no pipeline to judge.
    expect(result?.stacks).toEqual(['cross-region-stack-555555555555:eu-west-1', 'cross-region-stack-555555555555:us-west-2', PIPELINE]);
    expect(result?.counts.map((c) => `${c.kind} ${c.holding}/${c.total}`)).toEqual([
      'wave-security-diff 7/7',
      'wave-approval 7/7',
      'offboarding-approval 1/1',
    ]);
    expect(result?.verdict).toBe('partial');
    expect(result?.exceptions.map((e) => `${e.id} ${e.basis}`)).toEqual(['IAC-REVIEW-PEER-REVIEW-IN-THE-REPOSITORY standing']);
  });

  test.each([
    ['the security diff removed from the EU wave', 'eu-platform', 'wave-security-diff', (s: Stage) => s.Actions.splice(0, 1)],
    ['the approval removed from the enclave wave', 'hipaa-enclave', 'wave-approval', (s: Stage) => s.Actions.splice(1, 1)],
    ['the approval removed from the offboarding stage', 'offboarding', 'offboarding-approval', (s: Stage) => s.Actions.splice(0, 1)],
    [
      'the offboarding approval moved after its sign-off',
      'offboarding',
      'offboarding-approval',
      (s: Stage) => Object.assign(s.Actions[0], { RunOrder: 3 }),
    ],
  ])('GIVEN %s THEN IAC-REVIEW is missing at that stage', (_name, stage, kind, mutate) => {
    const result = iacReview(weakened(assembly, PIPELINE, (t) => mutate(wave(t, stage))));
    expect(result?.verdict).toBe('missing');
    const failing = result?.evidence.filter((e) => e.outcome === 'missing') ?? [];
    expect(failing.map((e) => e.kind)).toEqual([kind]);
  });

  /** The wave deployed as a tenant pipeline deploys (PipelinePlan.changeSets false): one create-or-update action a stack. */
  function deployedDirectly(s: Stage): Stage {
    s.Actions = s.Actions.filter((a) => !a.Name.endsWith('.Prepare'));
    for (const a of s.Actions.filter((x) => x.ActionTypeId.Provider === 'CloudFormation')) {
      a.Configuration = { ...a.Configuration, ActionMode: 'CREATE_UPDATE' };
      delete a.Configuration.ChangeSetName;
      Object.assign(a, { RunOrder: 3 });
    }
    return s;
  }

  test('GIVEN a wave that deploys each stack in one action, as tenant pipelines do THEN its diff and approval still come first', () => {
    const result = iacReview(weakened(assembly, PIPELINE, (t) => deployedDirectly(wave(t, 'tenants-1'))));
    expect(result?.verdict).toBe('partial');
    expect(result?.counts.map((c) => `${c.kind} ${c.holding}/${c.total}`)).toEqual([
      'wave-security-diff 7/7',
      'wave-approval 7/7',
      'offboarding-approval 1/1',
    ]);
  });

  test('GIVEN such a wave with its approval after the deploy actions THEN IAC-REVIEW is missing there', () => {
    const result = iacReview(
      weakened(assembly, PIPELINE, (t) => {
        const s = deployedDirectly(wave(t, 'tenants-1'));
        Object.assign(
          s.Actions.find((a) => a.ActionTypeId.Category === 'Approval')!,
          { RunOrder: 4 },
        );
      }),
    );
    expect(result?.verdict).toBe('missing');
    expect(result?.evidence.filter((e) => e.outcome === 'missing').map((e) => e.kind)).toEqual(['wave-approval']);
  });

  test('GIVEN the diff step rebuilt without --base (no comparison with what is deployed) THEN IAC-REVIEW is missing for that wave', () => {
    const result = iacReview(
      weakened(assembly, PIPELINE, (t) => {
        const diffProject = wave(t, 'primary-platform').Actions[0].Configuration?.ProjectName as { Ref: string };
        const source = t.Resources[diffProject.Ref].Properties.Source as { BuildSpec: string };
        source.BuildSpec = source.BuildSpec.replace(/--base deployed-assembly /g, '');
      }),
    );
    expect(result?.verdict).toBe('missing');
    expect(result?.evidence.filter((e) => e.outcome === 'missing').map((e) => e.kind)).toEqual(['wave-security-diff']);
  });

  test('GIVEN the pipeline removed from its stack THEN IAC-REVIEW is missing there', () => {
    const result = iacReview(
      weakened(assembly, PIPELINE, (t) => {
        for (const [id, r] of Object.entries(t.Resources)) if (r.Type === 'AWS::CodePipeline::Pipeline') delete t.Resources[id];
      }),
    );
    expect(result?.verdict).toBe('missing');
    expect(result?.evidence.map((e) => `${e.stack} ${e.kind} ${e.outcome}`)).toEqual(
      expect.arrayContaining([`${PIPELINE} pipeline-present missing`]),
    );
  });

  test('GIVEN a deployment accepting waves without approval THEN the missing approvals are excepted, not passed', () => {
    const result = iacReview(
      weakened(assembly, PIPELINE, (t) => {
        // The waves' approvals only: the offboarding approval is never excepted (below).
        for (const s of stagesOf(t).filter((s) => s.Name !== 'offboarding')) {
          const i = s.Actions.findIndex((a) => a.ActionTypeId.Category === 'Approval');
          if (i >= 0) s.Actions.splice(i, 1);
        }
        const metadata = (t.Metadata as { Rampart: { acceptedExceptions: string[] } }).Rampart;
        metadata.acceptedExceptions = [...metadata.acceptedExceptions, 'IAC-REVIEW-WAVES-WITHOUT-APPROVAL'];
      }),
    );
    expect(result?.verdict).toBe('partial');
    expect(result?.evidence.filter((e) => e.outcome === 'excepted')).toHaveLength(7);
    expect(result?.exceptions.map((e) => e.id)).toContain('IAC-REVIEW-WAVES-WITHOUT-APPROVAL');
  });

  test('GIVEN that exception accepted AND the offboarding approval removed THEN IAC-REVIEW is missing: offboarding always waits for a person', () => {
    const result = iacReview(
      weakened(assembly, PIPELINE, (t) => {
        wave(t, 'offboarding').Actions.splice(0, 1);
        const metadata = (t.Metadata as { Rampart: { acceptedExceptions: string[] } }).Rampart;
        metadata.acceptedExceptions = [...metadata.acceptedExceptions, 'IAC-REVIEW-WAVES-WITHOUT-APPROVAL'];
      }),
    );
    expect(result?.verdict).toBe('missing');
    expect(result?.evidence.filter((e) => e.outcome === 'missing').map((e) => `${e.kind} ${e.pointer}`)).toEqual([
      expect.stringMatching(/^offboarding-approval \/Resources\/.+\/Properties\/Stages\/11\/Actions\/0$/),
    ]);
  });
});
