import type { RampartConfig } from '../config/schema';
import { awsPart } from '../config/aws-part';
import { enclavePlan, platformPlans } from './aws-plans';
import { gcpPlans, GcpStackPlan } from './gcp-plans';
import { tenantPlans } from './tenant-plans';
import type { AwsStackPlan } from './types';

/** Every stack one config deploys, in deployment order. */
export interface DeploymentPlan {
  /** Primary platform, DR platform, EU platform, HIPAA enclave, then tenants in config order. */
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
  const enclave = aws === undefined ? undefined : enclavePlan(aws);
  return {
    aws: aws === undefined ? [] : [...platformPlans(aws), ...(enclave === undefined ? [] : [enclave]), ...tenantPlans(aws)],
    gcp: gcpPlans(config),
  };
}
