import { App, AppProps, Stack, Stage, Tags } from 'aws-cdk-lib';
import * as cdkJson from '../../cdk.json';
import { RampartConfig } from '../config/schema';
import { ValidatorRunLog } from '../nag/validator-runs';
import { RegionStage } from './region-stage';
import { planDeployment } from '../plan/plan-deployment';
import type { AwsStackPlan } from '../plan/types';
import type { PolicyNumbers } from '../promises/policy-numbers';
import { AccountBaselineStack } from '../stacks/account-baseline-stack';
import { EnclaveStack } from '../stacks/enclave-stack';
import { IdentityStack } from '../stacks/identity-stack';
import { PlannedStack } from '../stacks/planned-stack';
import { PlatformStack } from '../stacks/platform-stack';
import { TenantStack } from '../stacks/tenant-stack';
import { applyGuards, boundaryOwners } from './apply-guards';
import { builtPlans, pipelineStackIds, stagesThePipelinesDeploy } from './pipeline-selection';
import { checkSelectionMatches, EVERYTHING, StackSelection } from './stack-selection';

export interface BuildAppOptions {
  /**
   * Populate this App instead of creating one (bin/app.ts: the CLI's context, e.g. `-c config=`,
   * must be read from the App before the config is loaded). `outdir`, `treeMetadata` and
   * `builtinCloudFormationValidation` are then the App's own.
   * @default - a new App with Rampart's context
   */
  readonly app?: App;
  /** Cloud assembly directory. @default - CDK's default (cdk.out, or what the CLI asks for) */
  readonly outdir?: string;
  /**
   * Run aws-cdk-lib's CloudFormation Validate plugin at synth. Costs seconds: unit tests turn it
   * off; the main job and one whole-app test keep it on.
   * @default true
   */
  readonly builtinCloudFormationValidation?: boolean;
  /**
   * Write `tree.json`, the construct tree for tools that browse an assembly (`cdk explore`, the CLI's
   * construct-specific notices). Nothing in Rampart or a deployment reads it, and it repeats every
   * resource's properties: the main job turns it off (43 MB and 3.7 s of its main thread at 1,000
   * tenants; docs/benchmarks.md, Round 10). `cdk synth` still writes it (lib/app/cli-app-props.ts).
   * @default true
   */
  readonly treeMetadata?: boolean;
  /**
   * Register the cdk-nag packs and Rampart's pack as validation plugins (synth fails on findings).
   * Tests that run a pack directly with `validateScope` turn this off.
   * @default true
   */
  readonly nagPacks?: boolean;
  /**
   * The stacks to build (`npm run synth -- --only`, or the CLI's `--exclusively`): only those are
   * constructed and validated; a listing builds every stack, registers no validator and adds no
   * guard that renders resources again (lib/app/apply-guards.ts GuardOptions); `cdk ls` itself
   * (`namesOnly`) builds each stack as an empty shell with its names (lib/app/names-only-listing.ts).
   * A selection that matches no stack throws NoStackSelectedError naming its patterns.
   * @default EVERYTHING
   */
  readonly selection?: StackSelection;
  /**
   * Synthesize each stage a pipeline deploys as soon as its stacks are built, as its pipeline will
   * (RegionStage.synthesizeAsItsPipelineWill), when CloudFormation Validate is registered: its
   * templates are then validated on the other core while the next stage is built. For callers that
   * add the pipelines next and change nothing in the stages (bin/main-job.ts, bin/app.ts): a stage's
   * templates are fixed by its first synthesis, and a property changed afterwards (an escape-hatch
   * override) would not reach them; aws-cdk-lib fails the app's synthesis only on an added construct.
   * addPipelineStacks fixes the stages' templates in the same way.
   * @default false
   */
  readonly synthesizeStagesWhenBuilt?: boolean;
}

/**
 * aws-cdk-lib's switches (cx-api DISABLE_CREATION_STACK_TRACES, DISABLE_METADATA_STACK_TRACE) that stop it
 * recording where each construct and metadata entry was created: absolute paths on the building
 * machine (with the usage metadata, half of the stacks' `.metadata.json` files: 53 MB of 1,000
 * tenants' assembly against 25 MB without; about 4 s of that build to capture), and only a pointer
 * into code for a flagged construct, which its construct path already names. `CDK_DEBUG=true` (the
 * CLI's `--debug`) records creation stack traces again. An acknowledgment still records where it was
 * made (aws-cdk-lib captures that whatever the context says).
 */
const NO_STACK_TRACES = { 'aws:cdk:disable-creation-stack-traces': true, 'aws:cdk:disable-stack-trace': true } as const;

/**
 * Context every Rampart app runs with: the feature flags pinned in cdk.json (so `cdk synth` and an
 * in-process build behave the same), including the two that make CloudFormation Validate findings fail,
 * and `enableAdditionalMetadataCollection` off (no usage metadata: nothing reports it, as cdk.json
 * turns version reporting off). Plus NO_STACK_TRACES, kept out of cdk.json because the CLI warns on
 * every command about context keys starting with `aws:`.
 */
export const RAMPART_CONTEXT: Readonly<Record<string, unknown>> = { ...cdkJson.context, ...NO_STACK_TRACES };

/**
 * Adds one stack per selected AWS plan to `app`, each in its stage, then the guards its controls
 * declare (for a listing, only the permissions boundary's: GuardOptions; for `cdk ls` itself, an empty
 * shell and no guard: lib/app/names-only-listing.ts). A stack's template does
 * not depend on which other stacks are built: boundary owners are found among all plans, and stacks
 * name each other's resources by deterministic names only.
 */
export function addRampartStacks(
  app: App,
  config: RampartConfig,
  options: Pick<BuildAppOptions, 'selection' | 'synthesizeStagesWhenBuilt'> = {},
): void {
  const selection = options.selection ?? EVERYTHING;
  Tags.of(app).add('rampart:organization', config.organization);
  Tags.of(app).add('rampart:environment', config.environment);
  const plans = planDeployment(config).aws;
  const owners = boundaryOwners(plans);
  checkSelectionMatches(selection, [...plans.map((p) => p.path), ...pipelineStackIds(config, plans)]);
  // CloudFormation Validate's workers validate each stage's templates from its first synthesis on
  // (lib/app/region-stage.ts): synthesized as soon as its stacks are built, a stage's templates are
  // validated while the next stage is built, instead of after every stack is (BuildAppOptions).
  const synthesizedEarly =
    options.synthesizeStagesWhenBuilt === true && ValidatorRunLog.of(app).cloudFormationValidate !== undefined
      ? stagesThePipelinesDeploy(config, plans, selection)
      : new Set<string>();
  for (const stagePlans of byStage(builtPlans(config, plans, selection))) {
    let stage: RegionStage | undefined;
    for (const plan of stagePlans) {
      stage = stageOf(app, plan);
      // `cdk ls`: an empty shell that carries the plan's names (lib/app/names-only-listing.ts).
      if (selection.namesOnly) {
        new PlannedStack(stage, plan);
        continue;
      }
      const stack = createStack(stage, plan);
      applyGuards(stack, plan, owners, { renderedTemplateGuards: !selection.listing });
      // A tenant names its account's boundary by its deterministic name, without a stack dependency on the
      // stack that creates it: the CLI lists a stack's dependencies with it (`cdk ls '*/tenant-<id>'` would
      // select the platform too). The pipeline's waves and the README's deploy order put the owner first;
      // a tenant deployed before it fails to create its roles and rolls back, holding no data yet.
    }
    if (stage !== undefined && synthesizedEarly.has(stage.node.id)) stage.synthesizeAsItsPipelineWill();
  }
}

/**
 * `plans` grouped by stage, stages in the order of their first plan, plans in their order within each:
 * each stage's stacks, and the stages, are created in the order they were before the grouping.
 */
function byStage(plans: readonly AwsStackPlan[]): AwsStackPlan[][] {
  const groups = new Map<string, AwsStackPlan[]>();
  for (const plan of plans) {
    const group = groups.get(plan.stage) ?? [];
    group.push(plan);
    groups.set(plan.stage, group);
  }
  return [...groups.values()];
}

function createStack(stage: Stage, plan: AwsStackPlan): Stack {
  switch (plan.kind) {
    case 'aws-platform':
      return new PlatformStack(stage, plan);
    case 'aws-enclave':
      return new EnclaveStack(stage, plan);
    case 'aws-account-baseline':
      return new AccountBaselineStack(stage, plan);
    case 'aws-tenant':
      return new TenantStack(stage, plan);
    case 'aws-identity':
      return new IdentityStack(stage, plan);
  }
}

/** One Stage per (environment, region), created on first use. */
function stageOf(app: App, plan: AwsStackPlan): RegionStage {
  return (app.node.tryFindChild(plan.stage) as RegionStage | undefined) ?? new RegionStage(app, plan.stage, { env: { region: plan.region } });
}

/**
 * The validation plugins' module, loaded only when they are registered: it loads cdk-nag's packs and
 * CloudFormation Validate's workers (about 0.2 s), which a listing (`cdk ls`) never uses.
 */
function validationPlugins(): typeof import('../nag/validation') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../nag/validation') as typeof import('../nag/validation');
}

/**
 * Builds the whole AWS app from a validated config. Pure: no file or network access beyond what
 * synthesis writes to `outdir`; bin/ and the tests call it.
 */
export function buildApp(config: RampartConfig, options: BuildAppOptions = {}): App {
  const props: AppProps = {
    outdir: options.outdir,
    // Its callers synthesize it themselves: never again when the process ends (aws-cdk-lib's default
    // under the CLI), on construct trees the main job has released by then.
    autoSynth: false,
    context: { ...RAMPART_CONTEXT },
    builtinCloudFormationValidation: options.builtinCloudFormationValidation ?? true,
    treeMetadata: options.treeMetadata ?? true,
  };
  const app = options.app ?? new App(props);
  const selection = options.selection ?? EVERYTHING;
  // With a caller's App, aws-cdk-lib's default (on) applies: the CLI entry turns it off only for a listing.
  const cloudFormationValidate = options.app === undefined ? (props.builtinCloudFormationValidation ?? true) : true;
  // A listing only names the stacks: nothing from it is deployed or reviewed. Registered before the
  // stacks are built: CloudFormation Validate's engine starts meanwhile.
  if ((options.nagPacks ?? true) && !selection.listing)
    validationPlugins().addValidationPlugins(app, config.policy as PolicyNumbers, cloudFormationValidate);
  addRampartStacks(app, config, { selection, synthesizeStagesWhenBuilt: options.synthesizeStagesWhenBuilt });
  return app;
}
