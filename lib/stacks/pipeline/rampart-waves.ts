import { App, Stage } from 'aws-cdk-lib';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { PipelineWave } from '../../plan/pipeline-plan';

/**
 * Adds one CodePipeline stage per wave that deploys exactly the wave's stacks.
 *
 * Rampart's stacks sit in one Stage per region (`prod-us-east-1/platform`, `prod-us-east-1/enclave`,
 * `prod-us-east-1/tenant-acme`, ...), which the CLI paths and the whole review rely on, while waves
 * cut across them (the primary platform, later the enclave of the same region, later its tenants).
 * CDK Pipelines deploys whole Stages, so each wave takes the Stage's deployment and keeps only its
 * own stacks. A kept stack may depend on a stack of an earlier wave (a tenant names the permissions
 * boundary its account's platform, enclave or baseline stack owns): the wave order meets that
 * dependency, so it is dropped from this wave's deployment (CDK Pipelines only orders stacks within
 * one stage). A dependency on a stack no earlier wave deployed fails here, naming both.
 */
export function addWave(
  pipeline: pipelines.CodePipeline,
  app: App,
  wave: PipelineWave,
  steps: pipelines.WaveProps,
  deployedBefore: ReadonlySet<string> = new Set(),
): pipelines.Wave {
  const added = pipeline.addWave(wave.id, steps);
  const byStage = new Map<string, Set<string>>();
  for (const { path } of wave.stacks) {
    const stage = path.split('/')[0];
    byStage.set(stage, (byStage.get(stage) ?? new Set()).add(path));
  }
  for (const [stageId, paths] of byStage) {
    const stage = app.node.tryFindChild(stageId);
    if (stage === undefined || !Stage.isStage(stage))
      throw new Error(`pipeline wave ${wave.id}: no stage "${stageId}" in the app for ${[...paths].join(', ')}`);
    // Named per wave: CDK Pipelines needs a stage's deployments to have distinct names across waves
    // (and names the CodePipeline stage after a wave's only deployment).
    const stageName = byStage.size === 1 ? wave.id : `${wave.id}-${stageId}`;
    const deployment = pipelines.StageDeployment.fromStage(stage, { stageName });
    added.stages.push(deployment);
    const kept = deployment.stacks.filter((s) => paths.has(s.constructPath));
    const missing = [...paths].filter((p) => !kept.some((s) => s.constructPath === p));
    if (missing.length > 0) throw new Error(`pipeline wave ${wave.id}: no stack ${missing.join(', ')} in stage ${stageId}`);
    for (const s of kept) {
      const lost = s.stackDependencies.filter((d) => !paths.has(d.constructPath) && !deployedBefore.has(d.constructPath));
      if (lost.length > 0)
        throw new Error(
          `pipeline wave ${wave.id}: ${s.constructPath} depends on ${lost.map((d) => d.constructPath).join(', ')}, which no earlier wave deploys`,
        );
      // Met by the wave order: CDK Pipelines would look for these stacks in this stage and fail.
      const met = s.stackDependencies.filter((d) => !paths.has(d.constructPath));
      for (const d of met) s.stackDependencies.splice(s.stackDependencies.indexOf(d), 1);
    }
    deployment.stacks.splice(0, deployment.stacks.length, ...kept);
  }
  return added;
}
