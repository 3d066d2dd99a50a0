import { Aspects, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EnclaveGuard } from '../guards/enclave-guard';
import { ResidencyGuard } from '../guards/residency-guard';
import { RecordedGuard } from '../nag/validator-runs';
import { HipaaPermissionsBoundary, PlatformPermissionsBoundary } from '../organization-policies/permissions-boundary';
import { RequirePermissionsBoundary } from '../organization-policies/require-permissions-boundary';
import { boundaryPolicyName } from '../plan/naming';
import type { AwsStackPlan } from '../plan/types';

type BoundaryKind = 'platform' | 'hipaa';

/** `<account>/<region>/<kind>` -> the CLI path of the stack that creates that boundary. */
export type BoundaryOwners = ReadonlyMap<string, string>;

const kindOf = (plan: AwsStackPlan): BoundaryKind => (plan.controls.includes('HIPAA') ? 'hipaa' : 'platform');
const key = (plan: AwsStackPlan, kind: BoundaryKind) => `${plan.account}/${plan.region}/${kind}`;
const owns = (plan: AwsStackPlan) => plan.kind !== 'aws-tenant';

/** The boundaries the platform, enclave and account-baseline stacks create, one per account, region and kind. */
export function boundaryOwners(plans: readonly AwsStackPlan[]): BoundaryOwners {
  return new Map(plans.filter(owns).map((p) => [key(p, kindOf(p)), p.path]));
}

/** The stack whose boundary a tenant stack names (it must deploy first), if any. */
function boundaryOwnerOf(plan: AwsStackPlan, owners: BoundaryOwners): string | undefined {
  return owns(plan) ? undefined : owners.get(key(plan, kindOf(plan)));
}

/**
 * LEAST-PRIV and HIPAA: every role of every stack carries a boundary, and synth fails on one that
 * does not. A stack under HIPAA gets the HIPAA-eligible-services boundary, every other stack the
 * platform's (lib/promises/platform-boundary.ts). The platform, enclave or account-baseline stack
 * of an account and region creates it under a deterministic name; a tenant stack there names that
 * policy (it is deployed after its account's owning stack) instead of creating a copy, and creates
 * its own only where no owning stack of its kind exists.
 */
function applyBoundary(stack: Stack, plan: AwsStackPlan, owners: BoundaryOwners): void {
  const kind = kindOf(plan);
  const control = kind === 'hipaa' ? 'HIPAA' : 'LEAST-PRIV';
  const managedPolicyName = boundaryPolicyName(plan, kind, plan.region);
  if (boundaryOwnerOf(plan, owners) === undefined) {
    const Boundary = kind === 'hipaa' ? HipaaPermissionsBoundary : PlatformPermissionsBoundary;
    new Boundary(stack, kind === 'hipaa' ? 'HipaaPermissionsBoundary' : 'PlatformPermissionsBoundary', { managedPolicyName }).applyTo(stack);
    return;
  }
  iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.fromManagedPolicyName(stack, 'AccountPermissionsBoundary', managedPolicyName));
  Aspects.of(stack).add(new RecordedGuard(new RequirePermissionsBoundary(), 'RequirePermissionsBoundary', control));
}

/**
 * Applies, in a fixed order, the guard of every control in the plan's scope that declares one:
 * HIPAA (no public-facing resource), RESIDENCY-EU (no other region, partition, replication or edge
 * delivery), then the permissions boundary every stack carries.
 */
export function applyGuards(stack: Stack, plan: AwsStackPlan, owners: BoundaryOwners = boundaryOwners([plan])): void {
  if (plan.controls.includes('HIPAA')) Aspects.of(stack).add(new RecordedGuard(new EnclaveGuard(), 'EnclaveGuard', 'HIPAA'));
  if (plan.controls.includes('RESIDENCY-EU')) {
    Aspects.of(stack).add(new RecordedGuard(new ResidencyGuard({ region: plan.region }), 'ResidencyGuard', 'RESIDENCY-EU'));
  }
  applyBoundary(stack, plan, owners);
}
