import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { PipelinePlan, PipelineWave } from '../../plan/pipeline-plan';
import { OFFBOARDING_DETECT_COMMANDS } from './offboarding-stages';

/**
 * The steps around each wave of a Rampart pipeline, as CDK Pipelines steps. Every step runs in a
 * CodeBuild project on the same role (its permissions are one managed policy, lib/stacks/pipeline/
 * pipeline-stack.ts), with the repository at the synthesized commit and the pipeline's cloud
 * assembly in ./cdk.out.
 */

export interface WaveStepContext {
  readonly plan: PipelinePlan;
  readonly source: pipelines.IFileSetProducer;
  readonly assembly: pipelines.IFileSetProducer;
  readonly role: iam.IRole;
  /** Artifact bucket name: the last deployed assembly is kept under plan.deployedAssemblyPrefix. */
  readonly bucketName: string;
  readonly logging: codebuild.LoggingOptions;
}

/** Where a wave step finds the previous assembly (the security diff's base) and leaves the new one. */
function deployedAssemblyUri(bucketName: string, plan: PipelinePlan): string {
  return `s3://${bucketName}/${plan.deployedAssemblyPrefix}cdk.out`;
}

function step(id: string, ctx: WaveStepContext, commands: string[]): pipelines.CodeBuildStep {
  return new pipelines.CodeBuildStep(id, {
    input: ctx.source,
    additionalInputs: { 'cdk.out': ctx.assembly },
    role: ctx.role,
    logging: ctx.logging,
    env: { DEPLOYED_ASSEMBLY: deployedAssemblyUri(ctx.bucketName, ctx.plan) },
    commands,
  });
}

/**
 * The security diff of the evidence verifier (`npm run review -- --assembly NEW --base OLD`, bin/review.ts)
 * against the assembly this pipeline deployed last: exit 1 on a weakened control or on data loss
 * (unless config/pipeline-acknowledgments.yaml acknowledges it with a reason), so the wave never
 * starts. The first run has no deployed assembly and reviews the new one alone.
 */
export function securityDiffStep(wave: PipelineWave, ctx: WaveStepContext): pipelines.CodeBuildStep {
  return step(`${wave.id}-security-diff`, ctx, [
    'npm ci',
    'aws s3 sync "$DEPLOYED_ASSEMBLY" deployed-assembly --only-show-errors',
    'ACKS=""; if [ -f config/pipeline-acknowledgments.yaml ]; then ACKS="--acknowledgments config/pipeline-acknowledgments.yaml"; fi',
    'if [ -f deployed-assembly/manifest.json ]; then npm run review -- --assembly cdk.out --base deployed-assembly --out review $ACKS; ' +
      'else echo "No deployed assembly yet (first run): reviewing the new assembly without a base"; npm run review -- --assembly cdk.out --out review; fi',
    // The approver reads the diff here, in the step's log (the step's files are not kept).
    'if [ -f review/rampart-security-diff.md ]; then cat review/rampart-security-diff.md; fi',
  ]);
}

/**
 * After the wave: every stack it deployed is in a complete state in its account (read through that
 * account's CDK lookup role, bin/wave-check.sh); after the last wave the tenant pipelines are started
 * on the same commit and the assembly is kept as the next run's base. In the first pipeline
 * (`offboarding`) the last check instead ends with the offboarding detection, and the offboarding
 * stages run in its project and keep the assembly (lib/stacks/pipeline/offboarding-stages.ts): there
 * RAMPART_STEP is set, and the wave's own commands are skipped.
 */
export function checkStep(wave: PipelineWave, last: boolean, ctx: WaveStepContext, offboarding = false): pipelines.CodeBuildStep {
  const start = ctx.plan.starts.map(
    (name) =>
      `aws codepipeline start-pipeline-execution --name ${name} --source-revisions actionName=${sourceActionName(ctx.plan)},revisionType=COMMIT_ID,revisionValue="$CODEBUILD_RESOLVED_SOURCE_VERSION"`,
  );
  const own = [...wave.stacks.map((s) => `bash bin/wave-check.sh ${s.account} ${s.region} ${s.stackName}`), ...(last ? start : [])];
  if (offboarding) {
    // Exports OFFBOARDED_TENANTS (referenceOffboardedTenants declares it).
    return step(`${wave.id}-check`, ctx, ['npm ci', ...own.map((c) => `[ -n "\${RAMPART_STEP:-}" ] || ${c}`), ...OFFBOARDING_DETECT_COMMANDS]);
  }
  return step(`${wave.id}-check`, ctx, ['npm ci', ...own, ...(last ? ['aws s3 sync cdk.out "$DEPLOYED_ASSEMBLY" --delete --only-show-errors'] : [])]);
}

/** The manual approval of a production wave, after its security diff. */
export function approvalStep(wave: PipelineWave, diff: pipelines.Step): pipelines.ManualApprovalStep {
  const approval = new pipelines.ManualApprovalStep(`${wave.id}-approve`, {
    comment: `Deploy ${wave.stacks.length} stack(s) (${wave.stacks
      .slice(0, 3)
      .map((s) => s.path)
      .join(', ')}${wave.stacks.length > 3 ? ', ...' : ''}): read the security diff in the log of ${wave.id}-security-diff first`,
  });
  approval.addStepDependency(diff);
  return approval;
}

/** The source action's name (CDK Pipelines names it after the repository): `owner_name`. */
function sourceActionName(plan: PipelinePlan): string {
  return plan.source.repository.replace(/[^A-Za-z0-9.@_-]/g, '_');
}
