import { z } from 'zod';
import { awsRegion, bool, dnsLabel, wholeNumber } from './primitives';

/**
 * The deployment pipeline (config `pipeline:`): a CDK Pipelines app in `accounts.deployment` that
 * deploys every stack of the plan in waves (README, "Deploy"). Optional: without it no pipeline
 * stack is built and stacks are deployed with the CDK CLI.
 */

/** CodePipeline's own limit on actions in one stage (docs.aws.amazon.com/codepipeline/latest/userguide/limits.html). */
export const CODEPIPELINE_MAX_ACTIONS_PER_STAGE = 50;
/**
 * Actions a wave's stage spends besides its stacks: the security diff, the manual approval and the
 * post-deploy check (lib/stacks/pipeline). Each stack adds two in the first pipeline (CDK Pipelines'
 * Prepare and Deploy of a change set), one in a tenant pipeline (PipelinePlan.changeSets); the limit
 * below is the first pipeline's, whose tenant waves `tenantsPerWave` sizes too.
 */
export const WAVE_STEP_ACTIONS = 3;
/** The most stacks one wave can deploy within CodePipeline's action limit. */
export const MAX_STACKS_PER_WAVE = Math.floor((CODEPIPELINE_MAX_ACTIONS_PER_STAGE - WAVE_STEP_ACTIONS) / 2);
export const PIPELINE_DEFAULTS = { tenantsPerWave: 20, manualApproval: true } as const;

/** A CodeConnections (or its former name, CodeStar Connections) connection ARN. */
const CONNECTION_ARN = /^arn:aws:(codeconnections|codestar-connections):[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:connection\/[0-9a-f-]{36}$/;

export const pipelineSchema = z.strictObject({
  /**
   * Region of the pipeline in accounts.deployment.
   * @default regions.primary
   */
  region: awsRegion.optional(),
  /** Where the pipeline reads this repository: a CodeConnections connection to GitHub, GitLab or Bitbucket. */
  source: z.strictObject({
    /** `arn:aws:codeconnections:<region>:<account>:connection/<id>`: create it in the console (it needs a one-time handshake). */
    connectionArn: z.string({ error: 'expected a CodeConnections connection ARN' }).regex(CONNECTION_ARN, {
      error: 'expected a CodeConnections connection ARN such as "arn:aws:codeconnections:us-east-1:555555555555:connection/<uuid>"',
    }),
    /** `owner/name` of the repository holding this code and the config. */
    repository: z
      .string({ error: 'expected owner/name' })
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected the repository as owner/name, e.g. "example-saas/rampart"' }),
    /** The branch every run deploys. */
    branch: z.string({ error: 'expected a branch name' }).regex(/^[A-Za-z0-9._/-]{1,255}$/, { error: 'expected a branch name such as "main"' }),
  }),
  /** Tenant ids deployed first, in their own wave after the shared stacks and before every other tenant. */
  canaryTenants: z.array(dnsLabel(20), { error: 'expected a list of tenant ids' }).default([]),
  /** Tenant stacks per wave after the canaries (CodePipeline allows at most 50 actions in a stage, two per stack in the first pipeline). */
  tenantsPerWave: wholeNumber(1, MAX_STACKS_PER_WAVE).default(PIPELINE_DEFAULTS.tenantsPerWave),
  /** A manual approval before each wave deploys (every wave of the pipeline deploys to production). */
  manualApproval: bool.default(PIPELINE_DEFAULTS.manualApproval),
});

export type PipelineConfig = z.output<typeof pipelineSchema>;

/** The pipeline's region: pipeline.region, else regions.primary (the schema's documented default). */
export function pipelineRegionOf<T>(pipeline: { readonly region?: T }, primaryRegion: T): T {
  return pipeline.region ?? primaryRegion;
}
