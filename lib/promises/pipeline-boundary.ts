/**
 * LEAST-PRIV for the deployment pipeline's own roles (the pipeline's, its synth, self-mutation,
 * asset and wave-step projects'): the ceiling of every role in the deployment account's pipeline
 * stacks, as data. It is narrower than the platform's (lib/promises/platform-boundary.ts): the
 * pipeline builds and hands artifacts on; everything it changes in a workload account it changes
 * through the CDK bootstrap roles it assumes there, whose own policies (the execution policy of
 * `npm run bootstrap-commands`) bound what a deployment can do.
 */
import type { BoundaryService } from './platform-boundary';

/** Services whose actions a pipeline role may ever be granted. Adding one is a reviewed change. */
export const PIPELINE_BOUNDARY_SERVICES: readonly BoundaryService[] = [
  { prefix: 'codepipeline', reason: 'the pipeline runs its actions' },
  { prefix: 'codebuild', reason: 'synth, self-mutation, asset and wave-step projects start and watch builds' },
  { prefix: 'codestar-connections', reason: 'the source action reads the repository through the CodeConnections connection (old prefix)' },
  { prefix: 'codeconnections', reason: 'the source action reads the repository through the CodeConnections connection' },
  { prefix: 's3', reason: 'artifact buckets and their access-log buckets' },
  { prefix: 'kms', reason: 'the artifact keys and the log key' },
  { prefix: 'logs', reason: 'build logs in the encrypted log group' },
];

/** Single actions of other services the pipeline's roles cannot work without; each says why. */
export const PIPELINE_BOUNDARY_ACTIONS: readonly { readonly actions: readonly string[]; readonly reason: string }[] = [
  {
    actions: ['sts:AssumeRole', 'sts:GetCallerIdentity', 'sts:TagSession'],
    reason: 'deploy, diff and publish through the CDK bootstrap roles of the target accounts',
  },
  { actions: ['cloudformation:DescribeStacks'], reason: 'self-mutation reads the pipeline stack before it assumes a deploy role' },
];

/** The actions the pipeline boundary admits: `prefix:*` per service, then the single actions. */
export function pipelineBoundaryActions(): string[] {
  return [...PIPELINE_BOUNDARY_SERVICES.map((s) => `${s.prefix}:*`), ...PIPELINE_BOUNDARY_ACTIONS.flatMap((a) => a.actions)];
}
