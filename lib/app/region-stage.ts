import { App, Stage, type StageSynthesisOptions } from 'aws-cdk-lib';
import { type CloudAssembly, UNKNOWN_ACCOUNT, UNKNOWN_REGION } from 'aws-cdk-lib/cx-api';
import { ValidatorRunLog } from '../nag/validator-runs';
import { streamingStageTemplates } from './stream-stage-templates';

/**
 * The Stage of one (environment, region): `prod-us-east-1/...`. Two things differ from a plain Stage,
 * both about the speed of a large synth:
 *
 * - When it is first synthesized (the main job does that once its stacks are built, CDK Pipelines as
 *   the first wave that deploys one of them is added; both long before the app's synthesis), its
 *   templates go to CloudFormation Validate's workers as they are written
 *   (lib/app/stream-stage-templates.ts), which validate them on the core the main thread leaves idle.
 * - While the pipelines are added (`reusingSyntheses`), `synth()` answers from that first synthesis.
 *   aws-cdk-lib's Stage walks its whole tree twice on every call to compare it with the first
 *   synthesis, and CDK Pipelines calls it once per wave: 55 waves of a 750-stack stage took 4 s of
 *   walking at 1,000 tenants. Nothing is added to a stage meanwhile; every other call (the app's own
 *   synthesis) goes to aws-cdk-lib's Stage, which compares the tree once and fails on a construct
 *   added since the first synthesis.
 */
export class RegionStage extends Stage {
  /** Runs `build` with every RegionStage of `app` answering `synth()` from its first synthesis. */
  public static reusingSyntheses<T>(app: App, build: () => T): T {
    const stages = app.node.children.filter((child): child is RegionStage => child instanceof RegionStage);
    for (const stage of stages) stage.reuse = true;
    try {
      return build();
    } finally {
      for (const stage of stages) stage.reuse = false;
    }
  }

  private first?: CloudAssembly;
  private reuse = false;

  /**
   * Synthesizes the stage as CDK Pipelines does when a wave adds it (`pipelineSynth` in
   * aws-cdk-lib/pipelines/lib/private/construct-internals: `validateOnSynthesis`, which its stacks'
   * manifest entries record), so that this synthesis, done earlier, is the one the pipelines use.
   */
  public synthesizeAsItsPipelineWill(): CloudAssembly {
    return this.synth({ validateOnSynthesis: true });
  }

  public synth(options?: StageSynthesisOptions): CloudAssembly {
    if (this.reuse && this.first !== undefined && !options?.force) return this.first;
    // Every other call goes to aws-cdk-lib's Stage, which fails when a construct was added since the first synthesis.
    const validate = this.first === undefined ? ValidatorRunLog.of(this).cloudFormationValidate : undefined;
    const assembly = validate === undefined ? super.synth(options) : streamingStageTemplates(this, validate, () => super.synth(options));
    // Each template was handed over as it was written; whatever was not (none expected) follows.
    validate?.submitEarly(stackTemplatesOf(assembly));
    // A forced synthesis is the one to answer from next.
    if (this.first === undefined || options?.force) this.first = assembly;
    return assembly;
  }
}

/** The stage's templates as aws-cdk-lib hands them to a validation plugin (core/lib/private/synthesis-validation). */
function stackTemplatesOf(assembly: CloudAssembly) {
  return assembly.stacks.map((s) => ({
    stackConstructPath: s.hierarchicalId,
    templatePath: s.templateFullPath,
    accountId: s.environment.account !== UNKNOWN_ACCOUNT ? s.environment.account : undefined,
    region: s.environment.region !== UNKNOWN_REGION ? s.environment.region : undefined,
  }));
}
