import type { ControlId } from '../../promises/control-ids';
import type { PolicyNumbers } from '../../promises/policy-numbers';

/** A synthesized cdk.tf.json, read as plain data (the suite never loads the provider bindings). */
export interface TfJson {
  readonly resource?: Record<string, Record<string, TfBlock>>;
  readonly data?: Record<string, Record<string, TfBlock>>;
  readonly provider?: Record<string, TfBlock[]>;
  readonly [key: string]: unknown;
}

/** One resource / data / provider block. */
export type TfBlock = Record<string, unknown>;

/** One stack's document as the suite sees it. */
export interface StackDocument {
  readonly name: string;
  readonly json: TfJson;
}

export interface Finding {
  /** Rule id, e.g. `GCP-CMEK`. */
  readonly ruleId: string;
  /** Terraform address, e.g. `google_storage_bucket.recordings_bucket_2E22DD0A` (or the stack name for stack-wide findings). */
  readonly resource: string;
  /** `<stack>: <address>: <what is wrong>`. */
  readonly message: string;
}

export interface PolicyRule {
  readonly id: string;
  /** The catalog controls the rule checks (lib/promises). */
  readonly controls: readonly ControlId[];
  /** One line: what compliant means. */
  readonly description: string;
  /**
   * Pure: same documents and policy in, same findings out. The documents say what IS deployed; the
   * policy (config `policy:`) says what SHOULD be, so no rule writes a promised number itself. `all`
   * holds every stack of the app (for project-wide checks).
   */
  check(stack: StackDocument, all: readonly StackDocument[], policy: PolicyNumbers): Finding[];
}
