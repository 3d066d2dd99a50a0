import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { NO_TENANT_LEAVES } from '../../plan/departing-tenants';
import type { PipelinePlan } from '../../plan/pipeline-plan';

/**
 * Tenant offboarding as the last stages of the first pipeline (the one a push starts; its assembly
 * holds every tenant), after every tenant wave it deploys:
 *
 * 1. the last wave's check also runs `bash bin/offboarding-step.sh detect`: the runbook of every tenant
 *    the last deployed assembly holds and the new one no longer does (`npm run tenant:offboard --
 *    --absent-from`), printed in its log, and their ids as its output variable OFFBOARDED_TENANTS;
 * 2. stage OFFBOARDING_STAGE, skipped unless that variable names a tenant (a CodePipeline entry
 *    condition): a manual approval naming the tenants, then the sign-off step, which recomputes the
 *    runbook, fails unless it names the approved tenants, records the approval (approver, time,
 *    comment) and keeps runbook and approval in the artifact bucket under `offboarding/<execution id>/`;
 * 3. stage KEEP_STAGE: the new assembly becomes the next run's base. Only now: a run whose offboarding
 *    is rejected keeps the old base, so the next run finds the same tenants again.
 *
 * The sign-off step runs none of the runbook's commands: they disable and delete the tenant's keys and
 * empty its buckets in the tenant's account, after the grace period and inside a deletion window of
 * up to 30 days, and the pipeline's roles may not act there (they read through the CDK lookup role).
 *
 * The steps run in the CodeBuild project of the last wave's check (RAMPART_STEP selects the mode): each
 * project of CDK Pipelines is one more set of acknowledged HIPAA and PCI findings (a CODEPIPELINE
 * source has no repository URL to check), and the pipeline's acknowledgment budget does not grow.
 */

export const OFFBOARDING_STAGE = 'offboarding';
export const KEEP_STAGE = 'keep-deployed-assembly';
export const OFFBOARDING_APPROVAL = 'offboarding-approve';
export const OFFBOARDING_SIGN_OFF = 'offboarding-sign-off';
/** Where the sign-off step keeps each run's signed-off runbook, in the artifact bucket: `offboarding/<execution id>/`. */
export const OFFBOARDING_RECORDS_PREFIX = 'offboarding/';
/** The check step's output variable: lib/plan/departing-tenants.ts. */
export const OFFBOARDED_TENANTS = 'OFFBOARDED_TENANTS';

/** What the last wave's check adds in the first pipeline (lib/stacks/pipeline/wave-steps.ts). */
export const OFFBOARDING_DETECT_COMMANDS = [
  'bash bin/offboarding-step.sh "${RAMPART_STEP:-detect}"',
  `export ${OFFBOARDED_TENANTS}="$(cat offboarding/tenants.txt 2>/dev/null || echo ${NO_TENANT_LEAVES})"`,
] as const;

/**
 * CDK Pipelines gives an action a variables namespace only when another step references its output;
 * the offboarding stages are added to the CodePipeline after CDK Pipelines built it, so they declare
 * their reference through this step, which is never added to the pipeline.
 */
class ReferencedBy extends pipelines.Step {
  constructor(id: string, outputs: readonly string[]) {
    super(id);
    this.discoverReferencedOutputs(outputs);
  }
}

/** Call before buildPipeline(): the check step's OFFBOARDED_TENANTS, as `#{<namespace>.OFFBOARDED_TENANTS}` once built. */
export function referenceOffboardedTenants(check: pipelines.CodeBuildStep): string {
  const variable = check.exportedVariable(OFFBOARDED_TENANTS);
  new ReferencedBy('OffboardingStages', [variable]);
  return variable;
}

export interface OffboardingStagesProps {
  readonly plan: PipelinePlan;
  /** The CodePipeline stage of the last wave and its check action (`<wave>-check`). */
  readonly lastWaveId: string;
  /** referenceOffboardedTenants' token: `#{<check namespace>.OFFBOARDED_TENANTS}` in the template. */
  readonly offboardedTenants: string;
  /** s3:// prefix of the signed-off runbooks in the artifact bucket. */
  readonly recordsUri: string;
}

/** Adds OFFBOARDING_STAGE and KEEP_STAGE to the built pipeline (before its role policies are managed). */
export function addOffboardingStages(pipeline: codepipeline.Pipeline, props: OffboardingStagesProps): void {
  const { plan, lastWaveId } = props;
  const stage = pipeline.stages.find((s) => s.stageName === lastWaveId);
  const check = stage?.actions.find((a) => a.actionProperties.actionName === `${lastWaveId}-check`);
  const project = check?.actionProperties.resource as codebuild.IProject | undefined;
  const [input, ...extraInputs] = check?.actionProperties.inputs ?? [];
  if (project === undefined || input === undefined)
    throw new Error(`pipeline ${plan.pipelineName}: no check action in stage ${lastWaveId} to run offboarding in`);
  const run = (actionName: string, runOrder: number, step: string, env: Record<string, string> = {}) =>
    new actions.CodeBuildAction({
      actionName,
      runOrder,
      project,
      input,
      extraInputs,
      environmentVariables: Object.fromEntries(Object.entries({ RAMPART_STEP: step, ...env }).map(([k, value]) => [k, { value }])),
    });

  pipeline.addStage({
    stageName: OFFBOARDING_STAGE,
    // Entered only when a tenant leaves: the rule fails on NO_TENANT_LEAVES, and an entry condition
    // with the SKIP result skips the stage when its rule fails (VariableCheck supports SKIP).
    beforeEntry: {
      conditions: [
        {
          result: codepipeline.Result.SKIP,
          rules: [
            new codepipeline.Rule({
              name: 'TenantsLeave',
              provider: 'VariableCheck',
              version: '1',
              configuration: { Variable: props.offboardedTenants, Value: NO_TENANT_LEAVES, Operator: 'NE' },
            }),
          ],
        },
      ],
    },
    actions: [
      new actions.ManualApprovalAction({
        actionName: OFFBOARDING_APPROVAL,
        runOrder: 1,
        additionalInformation:
          `Offboard tenant(s) ${props.offboardedTenants}: their runbook is in the log of ${lastWaveId}-check. ` +
          'Approving signs it off and keeps it as the erasure record; its steps (keys disabled and deleted, buckets emptied) are then run in the tenant account, in order (docs/offboarding.md).',
      }),
      run(OFFBOARDING_SIGN_OFF, 2, 'sign-off', {
        APPROVED_TENANTS: props.offboardedTenants,
        APPROVAL_ACTION: OFFBOARDING_APPROVAL,
        OFFBOARDING_RECORDS: props.recordsUri,
        PIPELINE_NAME: plan.pipelineName,
        PIPELINE_EXECUTION_ID: '#{codepipeline.PipelineExecutionId}',
      }),
    ],
  });
  pipeline.addStage({ stageName: KEEP_STAGE, actions: [run(KEEP_STAGE, 1, 'keep')] });
}
