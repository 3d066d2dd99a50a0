import type { App } from 'aws-cdk-lib';
import { awsPart } from '../config/aws-part';
import type { RampartConfig } from '../config/schema';
import { pipelinePlans } from '../plan/pipeline-plan';
import { planDeployment } from '../plan/plan-deployment';
import type { PolicyNumbers } from '../promises/policy-numbers';
import { collapseRepeatedGrants } from '../stacks/pipeline/collapse-repeated-grants';
import type { PipelineStack } from '../stacks/pipeline/pipeline-stack';
import { selectsPipelines } from './pipeline-selection';
import { RegionStage } from './region-stage';
import { EVERYTHING, type StackSelection } from './stack-selection';

/**
 * Adds the deployment pipelines of config `pipeline:` (none without it) to an app built by buildApp:
 * each pipeline deploys its waves' stacks from this app's assembly. Call it last, just before
 * synth (bin/main-job.ts, bin/app.ts): CDK Pipelines synthesizes each stage when a wave adds it, so
 * the stages' templates are final from then on and the tree may not change any more. Pass the
 * selection buildApp was given.
 */
export function addPipelineStacks(app: App, config: RampartConfig, selection: StackSelection = EVERYTHING): PipelineStack[] {
  const aws = awsPart(config);
  if (aws === undefined) return [];
  const plans = planDeployment(config).aws;
  // A selection of tenants, a region or a platform builds no pipeline (lib/app/pipeline-selection.ts).
  if (!selectsPipelines(config, plans, selection)) return [];
  // Loaded here, not with this module: CDK Pipelines and the CodePipeline and CodeBuild modules take
  // most of a second to load, which a run on selected tenants or platforms never uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PipelineStack: Pipeline } = require('../stacks/pipeline/pipeline-stack') as typeof import('../stacks/pipeline/pipeline-stack');
  // The first pipeline deploys the shared stacks, then starts the others: theirs may depend on its.
  const deployedBefore = new Set<string>();
  const stacks = RegionStage.reusingSyntheses(app, () =>
    pipelinePlans(aws, plans).map((plan) => {
      const stack = new Pipeline(app, {
        plan,
        app,
        organization: config.organization,
        environment: config.environment,
        policy: config.policy as PolicyNumbers,
        acceptedExceptions: config.policy.acceptedExceptions,
        deployedBefore: new Set(deployedBefore),
      });
      for (const wave of plan.waves) for (const { path } of wave.stacks) deployedBefore.add(path);
      return stack;
    }),
  );
  // Once every pipeline has added its actions' grants to the shared support stacks.
  collapseRepeatedGrants(stacks.flatMap((stack) => stack.supportStacks));
  return stacks;
}
