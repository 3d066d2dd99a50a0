import type { RampartConfig } from '../config/schema';
import { awsPart, type AwsConfig } from '../config/aws-part';
import { pipelineRegionOf } from '../config/pipeline-schema';
import { accountBaselinePlans, type AccountRegion } from './account-baseline-plans';
import { enclavePlan, platformPlans } from './aws-plans';
import { gcpPlans, GcpStackPlan } from './gcp-plans';
import { identityPlan } from './identity-plans';
import { withPeerRegionTenants } from './peer-region-tenants';
import { tenantPlans } from './tenant-plans';
import type { AwsStackPlan } from './types';

/** Every stack one config deploys, in deployment order. */
export interface DeploymentPlan {
  /**
   * Primary platform, DR platform, EU platform, HIPAA enclave, account baselines (audit and
   * detection where none of those covers a tenant's account and region), then tenants in config
   * order: an account's baseline deploys before the tenants it watches; then, when configured,
   * the Identity Center permission sets.
   */
  readonly aws: readonly AwsStackPlan[];
  /** US recordings stack, then the EU one. */
  readonly gcp: readonly GcpStackPlan[];
}

/**
 * The one place a validated config is resolved into stacks: accounts, regions, names, CIDRs,
 * reasons, policy numbers and the controls in scope, as plain values. buildApp and buildGcpApp
 * create one stack per plan; the offboarding runbook and the tests read plans too.
 */
export function planDeployment(config: RampartConfig): DeploymentPlan {
  const aws = awsPart(config);
  return { aws: aws === undefined ? [] : awsPlans(aws), gcp: gcpPlans(config) };
}

function awsPlans(aws: AwsConfig): AwsStackPlan[] {
  const enclave = enclavePlan(aws);
  const tenants = tenantPlans(aws);
  const shared = [...withPeerRegionTenants(platformPlans(aws), tenants), ...(enclave === undefined ? [] : [enclave])];
  // The Identity Center stack holds no customer data: no account baseline is planned for it.
  const identity = identityPlan(aws);
  const baselines = accountBaselinePlans(aws, [...shared, ...tenants], deploymentAccount(aws, [...shared, ...tenants]));
  return [...shared, ...baselines, ...tenants, ...(identity === undefined ? [] : [identity])];
}

/**
 * The deployment account where the pipeline places stacks, when there is a pipeline: its own region
 * (lib/plan/pipeline-plan.ts) and every other region it deploys to, where CodePipeline keeps a support
 * stack of its own (an artifact bucket and key that every cross-region deployment passes through).
 */
function deploymentAccount(aws: AwsConfig, deployed: readonly AwsStackPlan[]): AccountRegion[] {
  const account = aws.accounts.deployment;
  if (aws.pipeline === undefined || account === undefined) return [];
  const regions = new Set([pipelineRegionOf(aws.pipeline, aws.regions.primary), ...deployed.map((p) => p.region)]);
  return [...regions].map((region) => ({ account, region }));
}
