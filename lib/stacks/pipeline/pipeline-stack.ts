import { App, Lazy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { policyStatementsOfWaveSteps } from './wave-step-policy';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { LogsKeyRing } from '../../constructs/keys/key-ring';
import { retainedLogGroup } from '../../constructs/logging/retained-log-group';
import type { PipelinePlan } from '../../plan/pipeline-plan';
import type { PolicyNumbers } from '../../promises/policy-numbers';
import { STACK_METADATA_KEY, STACK_METADATA_SCHEMA_VERSION, type StackMetadata } from '../../plan/stack-metadata';
import { controlsInScope } from '../../plan/controls-in-scope';
import { cdkBootstrapRoleName, iamRoleArn } from '../../plan/naming';
import { hardenPipelineArtifacts } from './harden-artifacts';
import { hardenPipelineRoles } from './harden-roles';
import { manageRolePolicies } from './managed-role-policies';
import { addOffboardingStages, OFFBOARDING_RECORDS_PREFIX, referenceOffboardedTenants } from './offboarding-stages';
import { addWave } from './rampart-waves';
import { approvalStep, checkStep, securityDiffStep, type WaveStepContext } from './wave-steps';

/** The README's two commands: what a newcomer runs is what the pipeline synthesizes with. */
export const SYNTH_COMMANDS = ['npm ci', 'npm run synth'] as const;

export interface PipelineStackProps {
  readonly plan: PipelinePlan;
  /** The app holding Rampart's stages (the pipeline deploys their stacks from the same assembly). */
  readonly app: App;
  readonly organization: string;
  readonly environment: string;
  readonly policy: PolicyNumbers;
  readonly acceptedExceptions: readonly string[];
  /**
   * Stacks deployed before this pipeline runs (the shared stacks of the pipeline that starts it): a
   * dependency on one of them is met by that order, not by this pipeline.
   * @default - none (the first pipeline)
   */
  readonly deployedBefore?: ReadonlySet<string>;
}

/**
 * One deployment pipeline (CDK Pipelines) in the deployment account: source from the repository
 * through a CodeConnections connection, synth with the README's two commands, self-mutation, then one
 * CodePipeline stage per wave of lib/plan/pipeline-plan.ts: security diff, manual approval, the
 * wave's stacks, a check. Artifacts are KMS-encrypted (cross-account key, rotated), logs go to one
 * encrypted log group, and the wave steps run on one role whose permissions are spelled out.
 */
export class PipelineStack extends Stack {
  public readonly pipeline: pipelines.CodePipeline;
  /** The support stacks (an artifact bucket and key per other region) this pipeline uses; shared by the account's pipelines. */
  public readonly supportStacks: readonly Stack[];

  constructor(scope: App, props: PipelineStackProps) {
    const { plan } = props;
    super(scope, plan.stackId, {
      env: { account: plan.account, region: plan.region },
      stackName: plan.stackName,
      description: `Rampart deployment pipeline ${plan.pipelineName} (${props.organization}/${props.environment}): ${plan.waves.length} waves`,
      terminationProtection: true,
      // CloudFormation takes at most 1 MB of template: indentation would be a third of it.
      suppressTemplateIndentation: true,
    });
    const metadata: StackMetadata = {
      schemaVersion: STACK_METADATA_SCHEMA_VERSION,
      kind: 'aws-pipeline',
      path: plan.stackId,
      dataClasses: [],
      controls: controlsInScope('aws-pipeline', []),
      policy: props.policy,
      acceptedExceptions: props.acceptedExceptions,
    };
    this.templateOptions.metadata = { [STACK_METADATA_KEY.aws]: metadata };

    const keys = new LogsKeyRing(this, 'Keys', {
      aliasPrefix: `${props.organization}/${props.environment}/${plan.stackId}`,
      rotationPeriodDays: props.policy.keyRotation.awsMaxDays,
      logsKeyForCloudTrail: false,
    });
    const logGroup = retainedLogGroup(this, 'BuildLogs', { encryptionKey: keys.logs, pinAs: 'BuildLogs' });
    const logging: codebuild.LoggingOptions = { cloudWatch: { logGroup } };

    const source = pipelines.CodePipelineSource.connection(plan.source.repository, plan.source.branch, {
      connectionArn: plan.source.connectionArn,
      triggerOnPush: plan.triggerOnPush,
    });
    // Named, so the other regions' artifact buckets and keys can grant it in their own policies.
    const pipelineRole = new iam.Role(this, 'PipelineRole', {
      roleName: `${plan.pipelineName}-pipeline`,
      assumedBy: new iam.ServicePrincipal('codepipeline.amazonaws.com'),
      description: `CodePipeline ${plan.pipelineName}: run its actions, read and write its artifacts`,
    });
    const synth = new pipelines.ShellStep('Synth', { input: source, commands: [...SYNTH_COMMANDS], primaryOutputDirectory: 'cdk.out' });
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: plan.pipelineName,
      pipelineType: codepipeline.PipelineType.V2,
      synth,
      selfMutation: true,
      crossAccountKeys: true,
      enableKeyRotation: true,
      usePipelineRoleForActions: true,
      useChangeSets: plan.changeSets,
      role: pipelineRole,
      codeBuildDefaults: { logging },
    });

    const stepRole = new iam.Role(this, 'WaveStepRole', {
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: `Wave steps of ${plan.pipelineName}: security diff, check, offboarding sign-off, keep the deployed assembly`,
    });
    const ctx: WaveStepContext = {
      plan,
      source,
      assembly: synth,
      role: stepRole.withoutPolicyUpdates(),
      // The bucket exists once the pipeline is built (below); the steps are declared before.
      bucketName: Lazy.string({ produce: () => this.pipeline.pipeline.artifactBucket.bucketName }),
      logging,
    };
    const deployed = new Set(props.deployedBefore ?? []);
    // The first pipeline (a push starts it; its assembly holds every tenant) ends with the offboarding of
    // the tenants the commit removes: lib/stacks/pipeline/offboarding-stages.ts.
    const offboarding = plan.triggerOnPush;
    let offboardedTenants: string | undefined;
    plan.waves.forEach((wave, index) => {
      const last = index === plan.waves.length - 1;
      const diff = securityDiffStep(wave, ctx);
      const pre: pipelines.Step[] = plan.manualApproval ? [diff, approvalStep(wave, diff)] : [diff];
      const check = checkStep(wave, last, ctx, offboarding && last);
      if (offboarding && last) offboardedTenants = referenceOffboardedTenants(check);
      addWave(this.pipeline, props.app, wave, { pre, post: [check] }, deployed);
      for (const { path } of wave.stacks) deployed.add(path);
    });
    this.pipeline.buildPipeline();
    if (offboardedTenants !== undefined) {
      addOffboardingStages(this.pipeline.pipeline, {
        plan,
        lastWaveId: plan.waves[plan.waves.length - 1].id,
        offboardedTenants,
        recordsUri: `s3://${this.pipeline.pipeline.artifactBucket.bucketName}/${OFFBOARDING_RECORDS_PREFIX}`,
      });
    }
    const support = Object.entries(this.pipeline.pipeline.crossRegionSupport);
    const partition = this.partition;
    manageRolePolicies(this, {
      logGroupArn: logGroup.logGroupArn,
      buckets: [this.pipeline.pipeline.artifactBucket, ...support.map(([, s]) => s.replicationBucket)],
      selfMutationAssumableRoles: [plan.region, ...support.map(([region]) => region)].flatMap((region) =>
        (['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const).map((kind) =>
          iamRoleArn(plan.account, cdkBootstrapRoleName(kind, plan.account, region), partition),
        ),
      ),
      assetProjectArns: this.node
        .findAll()
        .filter((c): c is codebuild.CfnProject => c instanceof codebuild.CfnProject && c.node.path.includes('/Assets/'))
        .map((p) => p.attrArn),
    });
    // The wave steps' role: every permission spelled out in one customer-managed policy.
    new iam.ManagedPolicy(this, 'WaveStepPolicy', {
      description: `Wave steps of ${plan.pipelineName}`,
      roles: [stepRole],
      statements: policyStatementsOfWaveSteps({
        plan,
        logGroupArn: logGroup.logGroupArn,
        bucket: this.pipeline.pipeline.artifactBucket,
        role: stepRole,
      }),
    });
    hardenPipelineRoles(this, plan.pipelineName);
    // This pipeline's support stacks (an artifact bucket per other region), shared by the pipelines
    // of its account: hardened once, and they describe themselves as pipeline stacks (the same
    // metadata whichever pipeline writes it last: it names no pipeline).
    this.supportStacks = support.map(([, s]) => s.stack);
    hardenPipelineArtifacts([this, ...this.supportStacks], props.policy.keyRotation.awsMaxDays);
    for (const support of this.supportStacks) support.templateOptions.metadata = { [STACK_METADATA_KEY.aws]: { ...metadata, path: support.node.id } };
  }
}
