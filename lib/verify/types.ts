import type { StackMetadata } from '../plan/stack-metadata';
import type { ControlId } from '../promises/control-ids';
import type { ControlStatus } from '../promises/types';

/**
 * The evidence verifier's vocabulary. Everything here is read from synthesized output only (cloud
 * assembly manifests, CloudFormation templates, cdk.tf.json): what deploys, never the config or the
 * TypeScript that produced it.
 */

/** A JSON value as it appears in a template. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One deployable stack read back from disk. */
export interface StackArtifact {
  readonly cloud: 'aws' | 'gcp';
  /** What the CLI selects: `prod-us-east-1/platform` (AWS) or the Terraform stack name (GCP). */
  readonly id: string;
  /** The deployed name (CloudFormation stack name, Terraform stack name). */
  readonly name: string;
  /** AWS account id; the Google Cloud project for GCP stacks. */
  readonly account: string;
  readonly region: string;
  /** The template file, relative to the directory the assembly was read from. */
  readonly file: string;
  /** The whole template (CloudFormation) or Terraform JSON configuration. */
  readonly template: JsonObject;
  /** The stack's self-description (lib/plan/stack-metadata.ts); absent on a stack Rampart did not build. */
  readonly metadata?: StackMetadata;
}

export interface Assembly {
  /** Where the AWS cloud assembly (cdk.out) and the Terraform output (cdktf.out) were read from. */
  readonly awsDir?: string;
  readonly gcpDir?: string;
  readonly stacks: readonly StackArtifact[];
}

/**
 * One observation: a value at a place in a template, judged against what the control requires.
 * - `holds`: the value keeps the promise;
 * - `contradicted`: the value breaks it;
 * - `missing`: something the promise needs is not there (a resource, a property, a link);
 * - `excepted`: contradicted or missing, but covered by a catalog exception this deployment accepted.
 */
export type Outcome = 'holds' | 'contradicted' | 'missing' | 'excepted';

export interface Evidence {
  readonly control: ControlId;
  /** Stable id of what was checked, e.g. `kms-key-rotation`; evidence of one kind is counted together. */
  readonly kind: string;
  /** Plural noun for counts: "3 of 3 internet-facing load balancers". */
  readonly subject: string;
  /** Stack id (StackArtifact.id). */
  readonly stack: string;
  /** Template file, relative to the assembly directory. */
  readonly file: string;
  /** Logical id (CloudFormation) or `<type>.<name>` (Terraform); absent for a stack-level observation. */
  readonly resource?: string;
  /** RFC 6901 JSON pointer into the template. */
  readonly pointer: string;
  /** The value found there (absent when missing). */
  readonly value?: Json;
  /** What keeps the promise, in words. */
  readonly expected: string;
  readonly outcome: Outcome;
  /** The catalog exception that covers a failing observation (set by the check; applied only if accepted). */
  readonly exception?: string;
}

/**
 * A control's verdict over every stack in its scope:
 * - `holds`: every observation holds;
 * - `partial`: nothing fails unexcepted, but an exception is in force or the catalog records the control as partial;
 * - `missing` / `contradicted`: an observation fails and no accepted exception covers it;
 * - `not-applicable`: no stack of the assembly is in the control's scope;
 * - `not-verified`: the control is open or out of scope in the catalog: nothing in a template can show it.
 */
export type Verdict = 'holds' | 'partial' | 'missing' | 'contradicted' | 'not-applicable' | 'not-verified';

export interface EvidenceCount {
  readonly kind: string;
  readonly subject: string;
  readonly holding: number;
  readonly total: number;
}

export interface InForceException {
  readonly id: string;
  readonly covers: string;
  readonly reason: string;
  /** `accepted`: the config accepted it and evidence met it; `standing`: a gap of Rampart recorded in the catalog. */
  readonly basis: 'accepted' | 'standing';
}

export interface ControlResult {
  readonly control: ControlId;
  readonly title: string;
  readonly status: ControlStatus;
  readonly verdict: Verdict;
  /** Stacks in the control's scope. */
  readonly stacks: readonly string[];
  readonly counts: readonly EvidenceCount[];
  readonly evidence: readonly Evidence[];
  /**
   * Exceptions in force, with their reasons: those the deployment accepted and the evidence met, and the
   * catalog's standing ones (gaps of Rampart itself), which hold in every stack of the control's scope.
   */
  readonly exceptions: readonly InForceException[];
}

export interface Verification {
  readonly controls: readonly ControlResult[];
  /** Stacks without Rampart's self-description: nothing can be judged there, so each fails the run. */
  readonly unknownStacks: readonly string[];
  /**
   * Controls judged partial with no exception in force: a gap nobody recorded. Each fails the run, so a
   * control either holds or says, by exception id and reason, why not.
   */
  readonly unrecordedPartial: readonly string[];
  /** True when no control in scope is missing, contradicted or partial without a recorded exception, and every stack is known. */
  readonly ok: boolean;
}

/** A check's view of one stack: the stack, the whole assembly (for cross-stack judgments) and a recorder. */
export interface CheckContext {
  readonly stack: StackArtifact;
  readonly metadata: StackMetadata;
  readonly assembly: Assembly;
}

/** Collects the evidence of one control on one stack (the verifier calls it for every stack in scope). */
export type ControlCheck = (context: CheckContext) => readonly Evidence[];
