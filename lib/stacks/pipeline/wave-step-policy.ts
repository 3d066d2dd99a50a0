import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { PipelinePlan } from '../../plan/pipeline-plan';
import { cdkBootstrapRoleName, iamRoleArn } from '../../plan/naming';
import { OFFBOARDING_RECORDS_PREFIX } from './offboarding-stages';

export interface WaveStepPolicyProps {
  readonly plan: PipelinePlan;
  readonly logGroupArn: string;
  readonly bucket: s3.IBucket;
  /** The wave steps' role (granted in the bucket's policy too). */
  readonly role: iam.IRole;
}

/**
 * What the wave steps (security diff, check, offboarding, keeping the deployed assembly, starting the
 * tenant pipelines) may do, and nothing else: write their logs, read the pipeline's artifacts and the kept
 * assembly and replace the latter, assume the read-only CDK lookup role of the accounts and regions
 * the pipeline deploys to, start the pipelines this one starts, and, in the first pipeline, list its
 * own action executions (the offboarding sign-off records who approved: offboarding-stages.ts).
 */
export function policyStatementsOfWaveSteps(props: WaveStepPolicyProps): iam.PolicyStatement[] {
  const { plan, bucket } = props;
  // Object access is granted in the bucket's policy (no object wildcard in an identity policy).
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'WaveStepsReadArtifacts',
      principals: [new iam.ArnPrincipal(props.role.roleArn)],
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
  // Writes only where the steps write: the kept assembly and (first pipeline) the offboarding records,
  // never the source and synth artifacts a later wave deploys from.
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'WaveStepsKeepDeployedAssemblyAndRecords',
      principals: [new iam.ArnPrincipal(props.role.roleArn)],
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: [
        bucket.arnForObjects(`${plan.deployedAssemblyPrefix}*`),
        ...(plan.triggerOnPush ? [bucket.arnForObjects(`${OFFBOARDING_RECORDS_PREFIX}*`)] : []),
      ],
    }),
  );
  const stack = Stack.of(bucket);
  const targets = [...new Set(plan.waves.flatMap((w) => w.stacks.map((s) => `${s.account}/${s.region}`)))].sort();
  const statements = [
    new iam.PolicyStatement({ sid: 'WriteBuildLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [props.logGroupArn] }),
    new iam.PolicyStatement({ sid: 'ListArtifacts', actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [bucket.bucketArn] }),
    ...(bucket.encryptionKey === undefined
      ? []
      : [
          new iam.PolicyStatement({
            sid: 'UseArtifactKey',
            actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
            resources: [bucket.encryptionKey.keyArn],
          }),
        ]),
    new iam.PolicyStatement({
      sid: 'ReadDeployedStacksThroughLookupRoles',
      actions: ['sts:AssumeRole'],
      resources: targets.map((t) => {
        const [account, region] = t.split('/');
        return iamRoleArn(account, cdkBootstrapRoleName('lookup', account, region), stack.partition);
      }),
    }),
  ];
  if (plan.triggerOnPush) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ReadOffboardingApproval',
        actions: ['codepipeline:ListActionExecutions'],
        resources: [`arn:${stack.partition}:codepipeline:${plan.region}:${plan.account}:${plan.pipelineName}`],
      }),
    );
  }
  if (plan.starts.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'StartTenantPipelines',
        actions: ['codepipeline:StartPipelineExecution'],
        resources: plan.starts.map((name) => `arn:${stack.partition}:codepipeline:${plan.region}:${plan.account}:${name}`),
      }),
    );
  }
  return statements;
}
