import { App, AppProps, Stage, Tags } from 'aws-cdk-lib';
import * as cdkJson from '../../cdk.json';
import { RampartConfig } from '../config/schema';
import { addValidationPlugins } from '../nag/validation';
import { PlatformStack } from '../stacks/platform-stack';
import { cloudFormationStackName, stackId, stageId } from './naming';

export interface BuildAppOptions {
  /**
   * Populate this App instead of creating one (bin/app.ts: the CLI's context, e.g. `-c config=`,
   * must be read from the App before the config is loaded). `outdir` and
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
   * Register the cdk-nag packs and Rampart's pack as validation plugins (synth fails on findings).
   * Tests that run a pack directly with `validateScope` turn this off.
   * @default true
   */
  readonly nagPacks?: boolean;
}

/**
 * Context every Rampart app runs with: the feature flags pinned in cdk.json (so `cdk synth` and an
 * in-process build behave the same), including the two that make CloudFormation Validate findings fail.
 */
export const RAMPART_CONTEXT: Readonly<Record<string, unknown>> = cdkJson.context;

/** Adds every Rampart stage and stack for `config` to `app`. */
export function addRampartStacks(app: App, config: RampartConfig): void {
  Tags.of(app).add('rampart:organization', config.organization);
  Tags.of(app).add('rampart:environment', config.environment);

  const { primary, dr } = config.regions;
  for (const [region, peerRegion] of [
    [primary, dr],
    [dr, primary],
  ] as const) {
    const stage = new Stage(app, stageId(config, region), { env: { region } });
    new PlatformStack(stage, stackId('platform'), {
      config,
      account: config.accounts.platform,
      region,
      peerRegion,
      primary: region === primary,
      stackName: cloudFormationStackName(config, region, 'platform'),
      description: `Rampart platform (${config.organization}/${config.environment}, ${region}${region === primary ? ', primary' : ', disaster recovery'})`,
    });
  }
}

/**
 * Builds the whole AWS app from a validated config. Pure: no file or network access beyond what
 * synthesis writes to `outdir`; bin/ and the tests call it.
 */
export function buildApp(config: RampartConfig, options: BuildAppOptions = {}): App {
  const props: AppProps = {
    outdir: options.outdir,
    context: { ...RAMPART_CONTEXT },
    builtinCloudFormationValidation: options.builtinCloudFormationValidation ?? true,
  };
  const app = options.app ?? new App(props);
  addRampartStacks(app, config);
  if (options.nagPacks ?? true) addValidationPlugins(app);
  return app;
}
