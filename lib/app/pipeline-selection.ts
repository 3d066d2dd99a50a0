import { awsPart } from '../config/aws-part';
import type { RampartConfig } from '../config/schema';
import { pipelinePlans } from '../plan/pipeline-plan';
import type { AwsStackPlan } from '../plan/types';
import type { StackSelection } from './stack-selection';

/** The top-level ids of the deployment pipelines' stacks (`<environment>-pipeline[-tenants-<n>]`). */
export function pipelineStackIds(config: RampartConfig, plans: readonly AwsStackPlan[]): string[] {
  const aws = awsPart(config);
  return aws === undefined ? [] : pipelinePlans(aws, plans).map((p) => p.stackId);
}

/**
 * Whether a run builds the pipelines: on everything (the main job, `cdk ls`), or when a pattern
 * names one. A pipeline synthesizes the stages it deploys, so selecting it builds their stacks too;
 * a tenant, region or platform selection builds no pipeline.
 */
export function selectsPipelines(config: RampartConfig, plans: readonly AwsStackPlan[], selection: StackSelection): boolean {
  return selection.everything || pipelineStackIds(config, plans).some(selection.selects);
}

/** The AWS stack plans a run builds: every plan when it builds the pipelines (they deploy them all), else the selected ones. */
export function builtPlans(config: RampartConfig, plans: readonly AwsStackPlan[], selection: StackSelection): readonly AwsStackPlan[] {
  return selectsPipelines(config, plans, selection) ? plans : plans.filter((p) => selection.selects(p.path));
}

/**
 * The stages whose stacks this run's pipelines deploy (`<environment>-<region>`): CDK Pipelines
 * synthesizes each of them as a wave adds it. None when the run builds no pipeline.
 */
export function stagesThePipelinesDeploy(config: RampartConfig, plans: readonly AwsStackPlan[], selection: StackSelection): ReadonlySet<string> {
  const aws = awsPart(config);
  if (aws === undefined || !selectsPipelines(config, plans, selection)) return new Set();
  const deployed = new Set(pipelinePlans(aws, plans).flatMap((p) => p.waves.flatMap((w) => w.stacks.map((s) => s.path))));
  return new Set(plans.filter((plan) => deployed.has(plan.path)).map((plan) => plan.stage));
}
