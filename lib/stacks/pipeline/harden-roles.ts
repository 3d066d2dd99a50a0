import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PipelinePermissionsBoundary } from '../../organization-policies/permissions-boundary';

interface TrustStatement {
  Effect?: string;
  Principal?: { Service?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * LEAST-PRIV for the pipeline's own roles, as for every other role Rampart creates:
 *
 * - the pipeline's permissions boundary (lib/promises/pipeline-boundary.ts) on every role of the
 *   stack, CDK Pipelines' own roles included, with the guard that fails synth on a role without it;
 *   its name carries the pipeline's name, since several pipelines can share an account and region;
 * - every trust of CodePipeline or CodeBuild tied to this account (`aws:SourceAccount`): both
 *   services send it when they assume a customer's role (confused-deputy prevention). CDK Pipelines
 *   creates most of these roles itself and takes no principal, so the condition is written on the L1
 *   role, where cdk-nag and the template both see it.
 *
 * Call it once the pipeline is built: roles created later would miss the trust condition.
 */
export function hardenPipelineRoles(stack: Stack, pipelineName: string): void {
  new PipelinePermissionsBoundary(stack, 'PipelinePermissionsBoundary', {
    managedPolicyName: `${pipelineName}-boundary-${stack.region}`,
  }).applyTo(stack);
  for (const role of stack.node.findAll().filter((c): c is iam.Role => c instanceof iam.Role)) {
    const cfn = role.node.defaultChild as iam.CfnRole;
    const document = stack.resolve(role.assumeRolePolicy?.toJSON()) as { Statement: TrustStatement[] } | undefined;
    if (document === undefined) continue;
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow' || statement.Principal?.Service === undefined) continue;
      statement.Condition = {
        ...statement.Condition,
        StringEquals: { ...statement.Condition?.StringEquals, 'aws:SourceAccount': stack.account },
      };
    }
    cfn.assumeRolePolicyDocument = document;
  }
}
