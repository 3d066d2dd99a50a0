import { Aspects, Stack } from 'aws-cdk-lib';
import { EnclaveGuard } from '../guards/enclave-guard';
import { ResidencyGuard } from '../guards/residency-guard';
import { RecordedGuard } from '../nag/validator-runs';
import { HipaaPermissionsBoundary } from '../organization-policies/permissions-boundary';
import type { ControlId } from '../promises/control-ids';
import type { AwsStackPlan } from '../plan/types';

/**
 * The guards each control declares: a stack gets a guard exactly when its plan has the control in
 * scope, so a new stack kind holding EU data or PHI is guarded without a change here.
 */
const GUARDS_BY_CONTROL: Partial<Record<ControlId, (stack: Stack, plan: AwsStackPlan) => void>> = {
  // RESIDENCY-EU: fails synth on any other region, partition, replication or edge delivery.
  'RESIDENCY-EU': (stack, plan) =>
    Aspects.of(stack).add(new RecordedGuard(new ResidencyGuard({ region: plan.region }), 'ResidencyGuard', 'RESIDENCY-EU')),
  // HIPAA: no public-facing resource, and the HIPAA-eligible-services boundary on every role (the
  // boundary also adds the RequirePermissionsBoundary aspect: a role without it fails synth).
  HIPAA: (stack) => {
    Aspects.of(stack).add(new RecordedGuard(new EnclaveGuard(), 'EnclaveGuard', 'HIPAA'));
    new HipaaPermissionsBoundary(stack, 'HipaaPermissionsBoundary').applyTo(stack);
  },
};

/** Applies, in a fixed order, the guard of every control in the plan's scope that declares one. */
export function applyGuards(stack: Stack, plan: AwsStackPlan): void {
  for (const control of ['HIPAA', 'RESIDENCY-EU'] as const) {
    if (plan.controls.includes(control)) GUARDS_BY_CONTROL[control]?.(stack, plan);
  }
}
