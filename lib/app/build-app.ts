import { App, AppProps, Aspects, Stack, Stage, Tags } from 'aws-cdk-lib';
import * as cdkJson from '../../cdk.json';
import { RampartConfig } from '../config/schema';
import { allocateTenantCidrs } from '../config/tenant-network';
import { tenantPlacement } from '../config/placement';
import { isEuRegion } from '../config/regions';
import { EnclaveGuard } from '../guards/enclave-guard';
import { ResidencyGuard } from '../guards/residency-guard';
import { HipaaPermissionsBoundary } from '../policies/permissions-boundary';
import { EnclaveStack } from '../stacks/enclave-stack';
import { TenantStack } from '../stacks/tenant-stack';
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
    new PlatformStack(stageOf(app, config, region), stackId('platform'), {
      config,
      account: config.accounts.platform,
      region,
      backupCopies: { peerRegion },
      primary: region === primary,
      vpcCidr: config.platform.vpcCidr,
      domainName: config.platform.domain,
      stackName: cloudFormationStackName(config, region, 'platform'),
      description: `Rampart platform (${config.organization}/${config.environment}, ${region}${region === primary ? ', primary' : ', disaster recovery'})`,
    });
  }
  addEuPlatform(app, config);
  if (config.hipaa.enabled) addEnclave(app, config);
  addTenants(app, config);
}

/**
 * HIPAA: the enclave in its own account and region, under the public-facing-resource guard and the
 * HIPAA-eligible-services permissions boundary on every role.
 */
function addEnclave(app: App, config: RampartConfig): void {
  const region = config.hipaa.region;
  const stack = new EnclaveStack(stageOf(app, config, region), stackId('enclave'), {
    config,
    account: config.accounts.hipaa,
    region,
    stackName: cloudFormationStackName(config, region, 'enclave'),
    description: `Rampart HIPAA enclave (${config.organization}/${config.environment}, ${region}): PHI only, no internet path`,
  });
  applyEnclaveModel(stack);
  if (isEuRegion(region)) Aspects.of(stack).add(new ResidencyGuard({ region }));
}

/** The enclave's guard rails, for the enclave and for every `hipaa: true` tenant. */
function applyEnclaveModel(stack: Stack): void {
  Aspects.of(stack).add(new EnclaveGuard());
  // Also adds the RequirePermissionsBoundary aspect: a role without the boundary fails synth.
  new HipaaPermissionsBoundary(stack, 'HipaaPermissionsBoundary').applyTo(stack);
}

/**
 * ISOLATION: one stack per tenant, `<stage>/tenant-<id>`, in the account and region of its
 * placement, on a VPC CIDR that never changes when other tenants come or go.
 */
function addTenants(app: App, config: RampartConfig): void {
  const cidrs = allocateTenantCidrs(config);
  for (const tenant of config.tenants) {
    const { account, region, enclave } = tenantPlacement(config, tenant);
    const vpcCidr = cidrs.get(tenant.id);
    if (vpcCidr === undefined) throw new Error(`tenants: no VPC CIDR allocated for tenant "${tenant.id}" (config validation should have reported why)`);
    const stack = new TenantStack(stageOf(app, config, region), stackId('tenant', tenant.id), {
      config,
      tenant,
      account,
      region,
      vpcCidr,
      stackName: cloudFormationStackName(config, region, 'tenant', tenant.id),
      description: `Rampart tenant ${tenant.id} (${tenant.plan}, ${tenant.residency}${enclave ? ', HIPAA' : ''}; ${config.organization}/${config.environment})`,
    });
    if (enclave) applyEnclaveModel(stack);
    if (tenant.residency === 'eu') Aspects.of(stack).add(new ResidencyGuard({ region }));
  }
}

/**
 * RESIDENCY-EU: the platform's regional capabilities in the EU account and residency region, with
 * every copy kept in that region (no cross-region backups, trail and archive in the region,
 * single-region keys, no edge caching), checked by the residency guard.
 */
function addEuPlatform(app: App, config: RampartConfig): void {
  const region = config.residency.eu.region;
  const stack = new PlatformStack(stageOf(app, config, region), stackId('platform'), {
    config,
    account: config.accounts.eu,
    region,
    backupCopies: { none: { reason: EU_NO_COPY_REASON } },
    primary: true,
    vpcCidr: config.residency.eu.vpcCidr,
    domainName: `eu.${config.platform.domain}`,
    stackName: cloudFormationStackName(config, region, 'platform'),
    description: `Rampart EU platform (${config.organization}/${config.environment}, ${region}; EU data stays in this region)`,
  });
  Aspects.of(stack).add(new ResidencyGuard({ region }));
}

const EU_NO_COPY_REASON =
  'RESIDENCY-EU: EU customers\' data, backups included, is stored only in the EU residency region; the vault\'s compliance lock and the four tiers protect it in-region instead of a cross-region copy.';

/** One Stage per (environment, region), created on first use. */
function stageOf(app: App, config: RampartConfig, region: string): Stage {
  const id = stageId(config, region);
  return (app.node.tryFindChild(id) as Stage | undefined) ?? new Stage(app, id, { env: { region } });
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
