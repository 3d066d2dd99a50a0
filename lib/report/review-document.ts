import { controlEntry } from '../promises/catalog';
import type { Assembly, ControlResult, Verification, Verdict } from '../verify/types';
import type { AssemblySummary } from './assembly-summary';
import type { Provenance } from './provenance';
import { residualRisks } from './residual-risks';
import type { ValidatorRun } from './validator-evidence';

/**
 * The review as data: what rampart-review.json holds and what the Markdown, SARIF and OSCAL
 * renderings are made from. Versioned so that tooling reading it can refuse a shape it does not know.
 */
// 1.1.0: validators carry kind, rules, resources and stacks (guards and the GCP suite included).
// 1.2.0: every control carries the catalog's known limits.
// 1.3.0: each exception in force says its basis (accepted by the config, or standing in the catalog);
//        `unrecordedPartial` lists partial controls with no exception in force (each fails the review);
//        every control carries the catalog's shared responsibility (what the application must do).
export const REVIEW_SCHEMA_VERSION = '1.3.0';

export interface ReviewDocument {
  readonly schemaVersion: string;
  readonly provenance: Provenance;
  readonly ok: boolean;
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  readonly stacks: readonly {
    readonly id: string;
    readonly cloud: 'aws' | 'gcp';
    readonly account: string;
    readonly region: string;
    readonly kind?: string;
    readonly dataClasses: readonly string[];
    readonly file: string;
    readonly resources: number;
  }[];
  /**
   * `limits`: the catalog's known limits of the control. For a `partial` control they say what is not
   * built or not provable from the templates, beside any accepted exception, so no gap passes unnamed.
   */
  /**
   * `sharedResponsibility`: what the application must do for the control to hold as verified (the
   * templates prove the means, never their use); empty when the infrastructure alone keeps it.
   */
  readonly controls: readonly (ControlResult & {
    readonly policy: readonly string[];
    readonly limits: readonly string[];
    readonly sharedResponsibility: readonly string[];
  })[];
  readonly unknownStacks: readonly string[];
  readonly unrecordedPartial: readonly string[];
  readonly validators: readonly ValidatorRun[];
  readonly acknowledgments: AssemblySummary['acknowledgments'];
  readonly residualRisks: readonly string[];
}

export function reviewDocument(input: {
  readonly assembly: Assembly;
  readonly verification: Verification;
  readonly provenance: Provenance;
  readonly validators: readonly ValidatorRun[];
  readonly acknowledgments: AssemblySummary['acknowledgments'];
}): ReviewDocument {
  const { assembly, verification } = input;
  const verdicts: Partial<Record<Verdict, number>> = {};
  for (const c of verification.controls) verdicts[c.verdict] = (verdicts[c.verdict] ?? 0) + 1;
  return {
    schemaVersion: REVIEW_SCHEMA_VERSION,
    provenance: input.provenance,
    ok: verification.ok,
    verdicts,
    stacks: assembly.stacks.map((s) => ({
      id: s.id,
      cloud: s.cloud,
      account: s.account,
      region: s.region,
      ...(s.metadata === undefined ? {} : { kind: s.metadata.kind }),
      dataClasses: s.metadata?.dataClasses ?? [],
      file: s.file,
      resources: Object.keys((s.cloud === 'aws' ? s.template.Resources : s.template.resource) ?? {}).length,
    })),
    controls: verification.controls.map((c) => ({
      ...c,
      policy: controlEntry(c.control).policy.map((q) => `${q.text} (${q.file})`),
      limits: controlEntry(c.control).limits,
      sharedResponsibility: controlEntry(c.control).sharedResponsibility ?? [],
    })),
    unknownStacks: verification.unknownStacks,
    unrecordedPartial: verification.unrecordedPartial,
    validators: input.validators,
    acknowledgments: input.acknowledgments,
    residualRisks: residualRisks(assembly, verification),
  };
}
