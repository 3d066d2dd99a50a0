import type { PolicyNumbers } from '../promises/policy-numbers';
import type { DataClass, StackKind } from '../promises/types';
import type { GcpStackPlan } from './gcp-plans';
import type { AwsStackPlan, TenantStackPlan } from './types';

/**
 * What a synthesized stack says about itself, so that a reviewer (and lib/verify) can judge it from
 * the artifact alone, without the config or the TypeScript: its kind, the data it holds, the policy
 * numbers it was built to and the exceptions the deployment accepted. Written into each template's
 * `Metadata.Rampart` (CloudFormation) and each `cdk.tf.json`'s `//.rampart` (Terraform ignores `//`).
 *
 * The verifier derives the controls in scope from `kind` and `dataClasses` with the catalog, never
 * from a list the stack could leave short; `controls` is here for the human reader.
 */
export const STACK_METADATA_SCHEMA_VERSION = 1;

/** Key under the template's `Metadata` (AWS) and under `//` (Terraform JSON). */
export const STACK_METADATA_KEY = { aws: 'Rampart', gcp: 'rampart' } as const;

/** The tenant as its plan resolves it, with the offboarding timeline: days until erasure starts, then the keys' pending window. */
export type TenantMetadata = TenantStackPlan['tenant'] & Pick<TenantStackPlan, 'graceDays' | 'keyDeletionWindowDays'>;

export interface StackMetadata {
  readonly schemaVersion: number;
  readonly kind: StackKind;
  /** `<stage>/<stack>` (AWS) or the Terraform stack name. */
  readonly path: string;
  readonly dataClasses: readonly DataClass[];
  readonly controls: readonly string[];
  readonly policy: PolicyNumbers;
  readonly acceptedExceptions: readonly string[];
  /** Platform: the region its backups are copied to, or why there is none. */
  readonly backupCopies?: { readonly peerRegion: string } | { readonly none: string };
  /** Platform: whether Shield Advanced protections are built (config `shieldAdvanced`). */
  readonly shieldAdvanced?: boolean;
  /** Platform: hosts the account's multi-region trail. */
  readonly primary?: boolean;
  /**
   * Platform: its region's S3 managed prefix list as config pins it (`s3PrefixLists.<region>` or the
   * published default): the one prefix list its tenant schema provisioner may send HTTPS to.
   */
  readonly s3PrefixList?: string;
  /** Account baseline: the account's home region (hosts its multi-region trail; Config records global resources there). */
  readonly home?: boolean;
  /** Account baseline: the stacks it audits or watches (CLI paths). */
  readonly covers?: readonly string[];
  readonly tenant?: TenantMetadata;
}

/** The numbers alone: the resolved config section also carries `acceptedExceptions`, written once beside it. */
function policyNumbersOnly(policy: PolicyNumbers): PolicyNumbers {
  const { backupTiers, erasure, retention, keyRotation, tls, auditLogs, residency } = policy;
  return { backupTiers, erasure, retention, keyRotation, tls, auditLogs, residency };
}

function base(plan: AwsStackPlan | GcpStackPlan): StackMetadata {
  return {
    schemaVersion: STACK_METADATA_SCHEMA_VERSION,
    kind: plan.kind,
    path: plan.path,
    dataClasses: plan.dataClasses,
    controls: plan.controls,
    policy: policyNumbersOnly(plan.policy),
    acceptedExceptions: plan.acceptedExceptions,
  };
}

/** The self-description of one stack, as plain JSON. */
export function stackMetadata(plan: AwsStackPlan | GcpStackPlan): StackMetadata {
  switch (plan.kind) {
    case 'aws-platform':
      return {
        ...base(plan),
        backupCopies: 'peerRegion' in plan.backupCopies ? { peerRegion: plan.backupCopies.peerRegion } : { none: plan.backupCopies.none.reason },
        shieldAdvanced: plan.shieldAdvanced,
        primary: plan.primary,
        s3PrefixList: plan.s3PrefixList,
      };
    case 'aws-account-baseline':
      return { ...base(plan), home: plan.home, covers: plan.covers };
    case 'aws-tenant':
      return {
        ...base(plan),
        tenant: { ...plan.tenant, graceDays: plan.graceDays, keyDeletionWindowDays: plan.keyDeletionWindowDays },
      };
    default:
      return base(plan);
  }
}
