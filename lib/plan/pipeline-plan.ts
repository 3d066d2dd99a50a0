import type { AwsConfig } from '../config/aws-part';
import { MAX_STACKS_PER_WAVE, pipelineRegionOf, type PipelineConfig } from '../config/pipeline-schema';
import { namePrefix } from './naming';
import type { AwsStackPlan } from './types';

/**
 * The deployment pipelines as plain values: which pipeline deploys which stacks, in which waves and
 * in which order, derived from the deployment plan (planDeployment) and config `pipeline:`. The
 * pipeline stack (lib/stacks/pipeline) builds exactly this; the tests assert CodePipeline's limits
 * on it and on the synthesized pipeline.
 *
 * Order: primary platform, DR platform, EU platform, HIPAA enclave, account baselines (an account's
 * audit and detection before its tenants), canary tenants, then the other tenants in config order,
 * `tenantsPerWave` per wave. Waves that do not fit in the first pipeline go to tenant pipelines,
 * which the first pipeline starts on the same commit once its last wave has passed its check.
 */

/** CodePipeline: at most 50 stages in a pipeline (docs.aws.amazon.com/codepipeline/latest/userguide/limits.html). */
export const CODEPIPELINE_MAX_STAGES = 50;
/** Stages every CDK pipeline has before its waves: Source, Build (synth), UpdatePipeline (self-mutation), Assets. */
export const FIXED_PIPELINE_STAGES = 4;
/**
 * Waves per pipeline. Far below the stage limit on purpose: each wave of 20 tenants adds 43 actions
 * (23 in a tenant pipeline: PipelinePlan.changeSets) and two CodeBuild projects (with their build specs) to the pipeline's CloudFormation
 * template, which must stay under 1 MB: 24 waves rendered 1.58 MB. Asserted on the 1,000-tenant
 * pipelines in test/stacks/pipeline-scale.test.ts.
 */
export const MAX_WAVES_PER_PIPELINE = 12;
/**
 * Waves per tenant pipeline (the pipelines the first one starts). Half the first pipeline's: a
 * pipeline's template grows with its waves, and CloudFormation Validate's time on it (run on every
 * synth) grows faster than that: 8 s for twelve waves of 20 tenants, 2 s for six, measured on the
 * 1,000-tenant pipelines with change sets (round 7); 1.0 s for six since tenant pipelines deploy
 * without them (round 11, docs/benchmarks.md). Tenant pipelines run side by side once the first has deployed the shared
 * stacks and the canaries, so more of them also deploy 1,000 tenants in fewer sequential waves; each
 * still stops at its first failed wave.
 */
export const MAX_WAVES_PER_TENANT_PIPELINE = 6;

/** A stack a wave deploys: where it goes and what the post-deploy check looks for. */
export interface WaveStack {
  /** CLI path, `<stage>/<stack>`. */
  readonly path: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
}

export interface PipelineWave {
  /** Stage name in CodePipeline, e.g. `primary-platform`, `tenants-3`. */
  readonly id: string;
  /** The stacks the wave deploys, in parallel. */
  readonly stacks: readonly WaveStack[];
}

export interface PipelinePlan {
  /** Construct id of the pipeline stack at the app's top level: `<environment>-pipeline[-tenants-<n>]`. */
  readonly stackId: string;
  readonly stackName: string;
  /** CodePipeline name: `<organization>-<environment>-deploy[-tenants-<n>]`. */
  readonly pipelineName: string;
  readonly account: string;
  readonly region: string;
  readonly source: PipelineConfig['source'];
  /** Whether a push to the branch starts it (the first pipeline); tenant pipelines are started by it. */
  readonly triggerOnPush: boolean;
  /**
   * How a wave deploys its stacks: `true`, each through a change set, every change set of the wave
   * prepared before any is executed (two actions a stack); `false`, each in one CloudFormation action
   * that creates or updates it.
   *
   * The first pipeline uses change sets: its waves hold the platforms, the enclave and the account
   * baselines, where a change set that cannot be prepared should stop the whole wave before any of
   * its stacks changes (CDK Pipelines sets the mode for a whole pipeline, so the canaries and the
   * tenant waves that fit in the first pipeline deploy through change sets too, and the first wave of
   * the first tenant pipeline is the first to deploy directly). Tenant pipelines deploy directly. Their waves hold tenant stacks only, each
   * standing alone (none reads another's outputs); what preparing every change set first adds there,
   * that no tenant of a wave changes when one tenant's cannot be prepared, is little: a tenant's stack
   * that fails stops its wave and every later one either way, and the others of its wave are updated
   * as they would be in the next run. Two actions a tenant became one (a wave of 20 tenants: 23 actions, not 43). CloudFormation Validate's time on a
   * pipeline grows faster than its actions: the eight tenant pipelines were about half of its work at
   * 1,000 tenants, 2.6 s each, now 1.0 s (docs/benchmarks.md, Round 11). Unchanged: the
   * security diff and the approval come before any CloudFormation action of a wave (IAC-REVIEW), and
   * CDK's bootstrap deploy role may create and update stacks as well as change sets.
   */
  readonly changeSets: boolean;
  readonly manualApproval: boolean;
  readonly waves: readonly PipelineWave[];
  /** Pipelines this one starts on the same commit after its last wave. */
  readonly starts: readonly string[];
  /** S3 prefix (in its artifact bucket) of the assembly it deployed last: the security diff's base. */
  readonly deployedAssemblyPrefix: string;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Waves in deployment order (every stack of the plan in exactly one wave). */
export function pipelineWaves(plans: readonly AwsStackPlan[], pipeline: PipelineConfig): PipelineWave[] {
  const target = (p: AwsStackPlan): WaveStack => ({ path: p.path, stackName: p.stackName, account: p.account, region: p.region });
  const platform = (role: 'primary' | 'dr' | 'eu') => plans.filter((p) => p.kind === 'aws-platform' && p.role === role).map(target);
  const tenants = plans.filter((p) => p.kind === 'aws-tenant');
  const canary = new Set(pipeline.canaryTenants);
  const named = (prefix: string, groups: WaveStack[][]): PipelineWave[] =>
    groups.map((stacks, i) => ({ id: groups.length === 1 ? prefix : `${prefix}-${i + 1}`, stacks }));
  const waves: PipelineWave[] = [
    { id: 'primary-platform', stacks: platform('primary') },
    { id: 'dr-platform', stacks: platform('dr') },
    { id: 'eu-platform', stacks: platform('eu') },
    { id: 'hipaa-enclave', stacks: plans.filter((p) => p.kind === 'aws-enclave').map(target) },
    ...named('account-baselines', chunks(plans.filter((p) => p.kind === 'aws-account-baseline').map(target), MAX_STACKS_PER_WAVE)),
    ...named('canary-tenants', chunks(tenants.filter((t) => canary.has(t.tenant.id)).map(target), pipeline.tenantsPerWave)),
  ];
  const rest = chunks(tenants.filter((t) => !canary.has(t.tenant.id)).map(target), pipeline.tenantsPerWave).map((stacks, i) => ({
    id: `tenants-${i + 1}`,
    stacks,
  }));
  return [...waves, ...rest].filter((w) => w.stacks.length > 0);
}

/**
 * The pipelines of a config with `pipeline:` (none without it): the first holds the shared waves and
 * as many tenant waves as fit in MAX_WAVES_PER_PIPELINE; the rest are split into tenant pipelines of
 * MAX_WAVES_PER_TENANT_PIPELINE.
 */
export function pipelinePlans(config: AwsConfig, plans: readonly AwsStackPlan[]): PipelinePlan[] {
  const pipeline = config.pipeline;
  const account = config.accounts.deployment;
  if (pipeline === undefined || account === undefined) return [];
  const waves = pipelineWaves(plans, pipeline);
  if (waves.length === 0) return [];
  const groups = [waves.slice(0, MAX_WAVES_PER_PIPELINE), ...chunks(waves.slice(MAX_WAVES_PER_PIPELINE), MAX_WAVES_PER_TENANT_PIPELINE)];
  const prefix = namePrefix(config);
  const region = pipelineRegionOf(pipeline, config.regions.primary);
  const names = groups.map((_, i) => (i === 0 ? { stack: '', name: '' } : { stack: `-tenants-${i}`, name: `-tenants-${i}` }));
  return groups.map((group, i): PipelinePlan => {
    const stackId = `${config.environment}-pipeline${names[i].stack}`;
    const pipelineName = `${prefix}-deploy${names[i].name}`;
    return {
      stackId,
      stackName: `${config.organization}-${stackId}`,
      pipelineName,
      account,
      region,
      source: pipeline.source,
      triggerOnPush: i === 0,
      changeSets: i === 0,
      manualApproval: pipeline.manualApproval,
      waves: group,
      starts: i === 0 ? names.slice(1).map((n) => `${prefix}-deploy${n.name}`) : [],
      deployedAssemblyPrefix: `deployed/${pipelineName}/`,
    };
  });
}
