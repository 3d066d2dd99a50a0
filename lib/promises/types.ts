import type { ControlId } from './control-ids';
import type { PolicyNumbers } from './policy-numbers';

/** The published policies a control quotes, by file name under `../shared/policies/`. */
export const POLICY_FILES = {
  voiceAi: 'voice-ai-saas-on-aws.md',
  screenRecording: 'screen-recording-saas-on-gcp.md',
} as const;
export type PolicyFile = (typeof POLICY_FILES)[keyof typeof POLICY_FILES];

/** One sentence (or table row) of a published policy, quoted exactly as published. */
export interface PolicyQuote {
  readonly file: PolicyFile;
  /** The section heading the sentence sits under, as published. */
  readonly section: string;
  /** The exact text, character for character (a test finds it in the file). */
  readonly text: string;
}

/**
 * The kinds of stack a plan creates. A control applies to a stack when the stack's kind is in the
 * control's `appliesTo.kinds` and, for `only`, the stack holds that kind of data.
 */
export const STACK_KINDS = [
  'aws-platform',
  'aws-enclave',
  'aws-account-baseline',
  'aws-tenant',
  'aws-identity',
  'aws-pipeline',
  'gcp-recordings',
] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/** Data a stack can hold that narrows which controls apply: EU-resident data, or PHI. */
export type DataClass = 'eu' | 'phi';

export interface ControlScope {
  readonly kinds: readonly StackKind[];
  /** Apply only to stacks holding this class of data (e.g. RESIDENCY-EU: `eu`). */
  readonly only?: DataClass;
}

/**
 * How far the control is true today, in plain words a reviewer can hold Rampart to:
 * - `enforced`: built and checked in every stack of its scope;
 * - `partial`: built, but with a known gap, recorded as an exception (a `standing` one when no config can close it);
 * - `open`: not built yet; `limits` says what is missing and where it is tracked;
 * - `out-of-scope`: an application-level promise no infrastructure can keep (one line in `limits`).
 */
export type ControlStatus = 'enforced' | 'partial' | 'open' | 'out-of-scope';

/** A rule of a public cdk-nag pack that also checks the control, e.g. `AwsSolutions-S1`. */
export type PackRuleId = `${'AwsSolutions' | 'HIPAA.Security' | 'NIST.800.53.R5' | 'PCI.DSS.321'}-${string}`;

/**
 * A known case where the promise does not hold as written, recorded instead of hidden: it shows in
 * docs/controls.md and in the review, and a config rule that meets it reports it rather than
 * silently passing.
 */
export interface ControlException {
  /** Stable id, e.g. `ERASURE-SHARED-PLATFORM-STORES`. */
  readonly id: string;
  /** What the exception covers (resources, stack kinds). */
  readonly covers: string;
  /** Why, truthfully, for the resources it covers. */
  readonly reason: string;
  /**
   * A gap of Rampart itself rather than a deployment's choice: in force wherever the control applies,
   * with no `policy.acceptedExceptions` entry (a config cannot accept or refuse what no config changes).
   * Only a `partial` control carries one, and every `partial` control carries at least one exception,
   * so a control that does not hold always says, by id and reason, why.
   * @default false (in force only where the deployment accepted it and the evidence meets it)
   */
  readonly standing?: boolean;
}

export interface ControlEntry {
  readonly id: ControlId;
  readonly title: string;
  readonly status: ControlStatus;
  /** The sentences of the published policies this control makes true. */
  readonly policy: readonly PolicyQuote[];
  /** The numbers the control carries, read from the resolved policy (the config's `policy:`). */
  readonly numbers?: (policy: PolicyNumbers) => Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /** Where the control applies; empty for `open` and `out-of-scope` controls. */
  readonly appliesTo: ControlScope;
  /** How the control is realised, in a sentence, with the code paths that build it. */
  readonly realisation: { readonly summary: string; readonly code: readonly string[] };
  /** Public-pack rules that check the control too (Rampart's own checks declare their controls themselves). */
  readonly packRules?: readonly PackRuleId[];
  /** Test files that prove the control (paths from the repository root). */
  readonly tests: readonly string[];
  /** Known limits in plain words: what the control does not cover, or what a template cannot prove. */
  readonly limits: readonly string[];
  /**
   * What the application (or the operator) must do for the control to hold as verified: the
   * infrastructure provides the means and the templates prove them, but no template can show that the
   * application uses them. Printed in docs/controls.md and in the review beside the verdict.
   */
  readonly sharedResponsibility?: readonly string[];
  readonly exceptions?: readonly ControlException[];
}
