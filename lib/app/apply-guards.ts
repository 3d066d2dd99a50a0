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

/** `<account>/<region>/<kind>` -> the CLI path of the stack that creates that boundary, and whether a tenant stack names it. */
export type BoundaryOwners = ReadonlyMap<string, { readonly path: string; readonly named: boolean }>;

const kindOf = (plan: AwsStackPlan): BoundaryKind => (plan.controls.includes('HIPAA') ? 'hipaa' : 'platform');
const key = (plan: AwsStackPlan, kind: BoundaryKind) => `${plan.account}/${plan.region}/${kind}`;
const owns = (plan: AwsStackPlan) => plan.kind !== 'aws-tenant';

/** The boundaries the platform, enclave and account-baseline stacks create, one per account, region and kind. */
export function boundaryOwners(plans: readonly AwsStackPlan[]): BoundaryOwners {
  const named = new Set(plans.filter((p) => !owns(p)).map((p) => key(p, kindOf(p))));
  return new Map(plans.filter(owns).map((p) => [key(p, kindOf(p)), { path: p.path, named: named.has(key(p, kindOf(p))) }]));
}

/** The stack whose boundary a tenant stack names (it must deploy first), if any. */
function boundaryOwnerOf(plan: AwsStackPlan, owners: BoundaryOwners): string | undefined {
  return owns(plan) ? undefined : owners.get(key(plan, kindOf(plan)))?.path;
}

/**
 * Whether an owning stack has a use for its boundary: a role or user of its own, or a tenant stack
 * that names it. A boundary nobody carries is an `Allow *` managed policy waiting to be attached as
 * a grant (the verifier rightly reads it as one), as in the deployment account's baselines in the
 * pipeline's other regions, which hold detection and no role.
 */
function boundaryUsed(stack: Stack, plan: AwsStackPlan, owners: BoundaryOwners): boolean {
  if (owners.get(key(plan, kindOf(plan)))?.named === true) return true;
  return stack.node.findAll().some((c) => c instanceof iam.CfnRole || c instanceof iam.CfnUser);
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
    // Without a use for it, no boundary; the guard fails synthesis if a role appears after all.
    if (!boundaryUsed(stack, plan, owners)) {
      Aspects.of(stack).add(new RecordedGuard(new RequirePermissionsBoundary(), 'RequirePermissionsBoundary', control));
      return;
    }
    const Boundary = kind === 'hipaa' ? HipaaPermissionsBoundary : PlatformPermissionsBoundary;
    new Boundary(stack, kind === 'hipaa' ? 'HipaaPermissionsBoundary' : 'PlatformPermissionsBoundary', { managedPolicyName }).applyTo(stack);
    return;
  }
  iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.fromManagedPolicyName(stack, 'AccountPermissionsBoundary', managedPolicyName));
  Aspects.of(stack).add(new RecordedGuard(new RequirePermissionsBoundary(), 'RequirePermissionsBoundary', control));
}

export interface GuardOptions {
  /**
   * Add the guards that check each resource as rendered (EnclaveGuard, ResidencyGuard). They render
   * every resource of their stack again when it is synthesized, about 0.2 s of a listing at the
   * default config; a listing (an empty stack selection), from which nothing is deployed or reviewed,
   * runs no check and leaves them out (`cdk ls` itself adds no guard: it builds empty shells). The
   * permissions boundary and its guard are added either way: the boundary is part of every template.
   * @default true
   */
  readonly renderedTemplateGuards?: boolean;
}

/**
 * Applies, in a fixed order, the guard of every control in the plan's scope that declares one:
 * HIPAA (no public-facing resource), RESIDENCY-EU (no other region, partition, replication or edge
 * delivery), then the permissions boundary every stack carries.
 */
export function applyGuards(stack: Stack, plan: AwsStackPlan, owners: BoundaryOwners = boundaryOwners([plan]), options: GuardOptions = {}): void {
  const rendered = options.renderedTemplateGuards ?? true;
  if (rendered && plan.controls.includes('HIPAA')) Aspects.of(stack).add(new RecordedGuard(new EnclaveGuard(), 'EnclaveGuard', 'HIPAA'));
  if (rendered && plan.controls.includes('RESIDENCY-EU')) {
    Aspects.of(stack).add(new RecordedGuard(new ResidencyGuard({ region: plan.region }), 'ResidencyGuard', 'RESIDENCY-EU'));
  }
  applyBoundary(stack, plan, owners);
}
