import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { DEPLOYMENT_BASELINE, DEPLOYMENT_DETECTION } from './default-aws-output';
import { readAssembly } from '../../lib/verify/read-assembly';
import type { Json } from '../../lib/verify/types';
import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { weakened, type Template } from './synthesized';

/**
 * The deployment pipeline's own stacks under the controls that apply to every account Rampart
 * deploys to (ENC-REST, KEY-ROTATE, TLS-HOPS, AUDIT, LEAST-PRIV, DETECT-EVERY-ACCOUNT): read from the real pipeline
 * output, then from weakened copies of it.
 */
const config = loadConfig('config/default.yaml');
const awsDir = join(mkdtempSync(join(tmpdir(), 'rampart-pipeline-controls-')), 'cdk.out');
const app = buildApp(config, { outdir: awsDir, nagPacks: false, builtinCloudFormationValidation: false });
addPipelineStacks(app, config);
app.synth();
const assembly = readAssembly({ awsDir });
const PIPELINE = 'prod-pipeline';
const SUPPORT = ['cross-region-stack-555555555555:eu-west-1', 'cross-region-stack-555555555555:us-west-2'];

type Resource = Template['Resources'][string];
const ofType = (t: Template, type: string): [string, Resource][] => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const statementsOf = (document: Json) => (document as { Statement: Record<string, Json>[] }).Statement;

function failing(control: string, a = assembly) {
  const result = verifyAssembly(a).controls.find((c) => c.control === control);
  // Excepted evidence (the catalog's recorded exceptions elsewhere in the app) is not a failure.
  return (result?.evidence ?? [])
    .filter((e) => e.outcome === 'missing' || e.outcome === 'contradicted')
    .map((e) => `${e.stack} ${e.resource ?? ''} ${e.kind} ${e.outcome}`);
}

describe('the deployment pipeline under the controls of every account', () => {
  test.each(['ENC-REST', 'KEY-ROTATE', 'TLS-HOPS', 'AUDIT', 'LEAST-PRIV', 'DETECT-EVERY-ACCOUNT'])(
    'GIVEN the default config THEN %s has evidence from the pipeline and each support stack, all holding',
    (control) => {
      const result = verifyAssembly(assembly).controls.find((c) => c.control === control)!;
      for (const stack of [PIPELINE, ...SUPPORT]) expect(result.stacks).toContain(stack);
      const ours = result.evidence.filter((e) => e.stack === PIPELINE || SUPPORT.includes(e.stack));
      expect(ours.length).toBeGreaterThan(0);
      expect(ours.filter((e) => e.outcome !== 'holds')).toEqual([]);
    },
  );

  // CodePipeline's support stack in eu-west-1 holds artifacts and keys of every deployment there: the
  // deployment account's baseline in that region is what watches it.
  test("GIVEN the deployment account's eu-west-1 baseline without its GuardDuty detector THEN DETECT-EVERY-ACCOUNT is missing for the support stack there", () => {
    const baseline = 'prod-eu-west-1/account-baseline-555555555555';
    const copy = weakened(assembly, baseline, (t) => {
      for (const [id] of ofType(t, 'AWS::GuardDuty::Detector')) delete t.Resources[id];
    });
    expect(failing('DETECT-EVERY-ACCOUNT', copy).sort()).toEqual([
      'cross-region-stack-555555555555:eu-west-1  account-region-detection missing',
      `${baseline}  account-region-detection missing`,
    ]);
  });

  test("GIVEN a wave-step role without the pipeline's boundary THEN LEAST-PRIV is missing for that role", () => {
    const copy = weakened(assembly, PIPELINE, (t) => {
      delete t.Resources.WaveStepRole97CB565C.Properties.PermissionsBoundary;
    });
    expect(failing('LEAST-PRIV', copy)).toEqual([`${PIPELINE} WaveStepRole97CB565C role-boundary missing`]);
  });

  test('GIVEN the boundary admitting iam:* THEN every pipeline role fails LEAST-PRIV (the ceiling is no longer the catalog)', () => {
    const copy = weakened(assembly, PIPELINE, (t) => {
      const [, boundary] = ofType(t, 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('PipelinePermissionsBoundary'))!;
      const deny = statementsOf(boundary.Properties.PolicyDocument).find((s) => s.Sid === 'DenyOutsideAllowlist')!;
      deny.NotAction = [...(deny.NotAction as string[]), 'iam:*'];
    });
    const roles = ofType(assembly.stacks.find((s) => s.id === PIPELINE)!.template as Template, 'AWS::IAM::Role').map(([id]) => id);
    expect(failing('LEAST-PRIV', copy).sort()).toEqual(roles.map((id) => `${PIPELINE} ${id} role-boundary contradicted`).sort());
  });

  test("GIVEN the pipeline role's trust of CodePipeline without aws:SourceAccount THEN LEAST-PRIV is contradicted there", () => {
    const copy = weakened(assembly, PIPELINE, (t) => {
      delete statementsOf(t.Resources.PipelineRoleDCFDBB91.Properties.AssumeRolePolicyDocument)[0].Condition;
    });
    expect(failing('LEAST-PRIV', copy)).toEqual([`${PIPELINE} PipelineRoleDCFDBB91 service-trust-source contradicted`]);
  });

  test('GIVEN an artifact key that lets principals create grants for themselves THEN LEAST-PRIV is missing on that key', () => {
    const [support] = SUPPORT;
    const copy = weakened(assembly, support, (t) => {
      for (const [, key] of ofType(t, 'AWS::KMS::Key')) {
        const policy = key.Properties.KeyPolicy as { Statement: Record<string, Json>[] };
        policy.Statement = policy.Statement.filter((s) => s.Sid !== 'DenyGrantsNotForAwsResources');
      }
    });
    expect(failing('LEAST-PRIV', copy)).toEqual([expect.stringMatching(new RegExp(`^${support} \\S+ key-denies-direct-grants missing$`))]);
  });

  test("GIVEN the deployment account's baseline without its trail THEN AUDIT is missing for the pipeline and its support stacks", () => {
    const copy = weakened(assembly, DEPLOYMENT_BASELINE, (t) => {
      for (const [id] of ofType(t, 'AWS::CloudTrail::Trail')) delete t.Resources[id];
    });
    // The deployment account's other baselines (DEPLOYMENT_DETECTION) lose the same trail.
    const others = [DEPLOYMENT_BASELINE, ...DEPLOYMENT_DETECTION];
    expect(failing('AUDIT', copy).filter((f) => !others.some((b) => f.startsWith(`${b} `)))).toEqual(
      [PIPELINE, ...SUPPORT]
        .sort()
        .map((s) => expect.stringMatching(new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*account-trail missing$`))),
    );
  });
});
