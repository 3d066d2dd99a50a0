import { checkStack, GCP_POLICY_RULES, type StackDocument, type TfJson } from '../gcp/policy-suite';
import type { ValidatorRunsRecord } from '../nag/validator-runs';
import type { Assembly } from '../verify/types';
import type { AssemblySummary } from './assembly-summary';

/**
 * Proof, per validator, that it ran and on what: the review's "Validators that ran" table.
 *
 * Sources, all in the artifact: validation-report.json (findings and acknowledgments per plugin),
 * rampart-validator-runs.json (rules evaluated and resources checked, written during synthesis, also
 * for plugins validation-report.json leaves out because they found nothing), and the Google Cloud
 * policy suite, which is re-run here on the cdk.tf.json files with the policy numbers each stack
 * records about itself, so a review of a copied artifact proves it afresh.
 */

export interface ValidatorRun {
  readonly name: string;
  readonly kind: 'plugin' | 'guard' | 'policy-suite';
  /** True when the artifact records the run; false means nothing proves it ran. */
  readonly recorded: boolean;
  readonly conclusion?: 'success' | 'failure';
  /** Distinct rules evaluated, when the validator exposes them. */
  readonly rules?: number;
  readonly resources?: number;
  readonly stacks?: number;
  readonly violations: number;
  readonly acknowledged: number;
  readonly detail?: string;
}

/** Why no plugin ran in an assembly a listing wrote (ValidatorRunsRecord.listing). */
export const LISTING_DETAIL =
  'not run: a listing (a CDK CLI command that bundles nothing, such as `cdk metadata` or `cdk drift`) wrote this assembly, and a listing runs no validator and neither rendered-template guard; review what `npm run synth` or `cdk synth` writes';

/** The AWS plugins every Rampart build registers, in the order the summary prints them. */
export const VALIDATION_PLUGINS = ['CloudFormation Validate', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Rampart'] as const;

export function validatorRuns(input: {
  readonly assembly: Assembly;
  readonly summary?: AssemblySummary;
  readonly runs?: ValidatorRunsRecord;
}): ValidatorRun[] {
  const aws = input.assembly.stacks.some((s) => s.cloud === 'aws');
  return [...(aws ? [...pluginRuns(input.summary, input.runs), ...guardRuns(input.runs)] : []), ...gcpSuiteRun(input.assembly)];
}

function pluginRuns(summary: AssemblySummary | undefined, runs: ValidatorRunsRecord | undefined): ValidatorRun[] {
  return VALIDATION_PLUGINS.map((name): ValidatorRun => {
    const outcome = summary?.plugins.find((p) => p.plugin === name);
    const run = runs?.plugins.find((p) => p.name === name);
    if (outcome === undefined && run === undefined) {
      return {
        name,
        kind: 'plugin',
        recorded: false,
        violations: 0,
        acknowledged: 0,
        detail:
          runs?.listing === true
            ? LISTING_DETAIL
            : 'neither validation-report.json nor rampart-validator-runs.json records it: nothing in the artifact proves it ran',
      };
    }
    const violations = outcome?.violations ?? 0;
    return {
      name,
      kind: 'plugin',
      recorded: true,
      conclusion: violations === 0 ? 'success' : 'failure',
      ...(run?.rules === undefined ? {} : { rules: run.rules }),
      ...(run === undefined ? {} : { resources: run.resources, stacks: run.templates }),
      violations,
      acknowledged: outcome?.acknowledged ?? 0,
      detail: [
        run === undefined ? 'no rampart-validator-runs.json entry: rules and resources unknown' : undefined,
        run !== undefined && run.rules === undefined
          ? `engine ${run.version ?? 'version unknown'}: registry schemas and built-in rules (no rule count exposed)`
          : undefined,
        outcome === undefined ? 'found nothing (aws-cdk-lib leaves a clean plugin out of validation-report.json)' : undefined,
      ]
        .filter((x) => x !== undefined)
        .join('; '),
    };
  });
}

function guardRuns(runs: ValidatorRunsRecord | undefined): ValidatorRun[] {
  const byName = new Map<string, ValidatorRunsRecord['guards'][number][]>();
  for (const g of runs?.guards ?? []) byName.set(g.name, [...(byName.get(g.name) ?? []), g]);
  return [...byName.entries()].map(([name, entries]) => ({
    name: `${name} (${entries[0].control})`,
    kind: 'guard',
    recorded: true,
    // A guard that finds anything fails synthesis before a template is written: a record means it passed.
    conclusion: 'success',
    resources: entries.reduce((n, g) => n + g.resources, 0),
    stacks: entries.length,
    violations: 0,
    acknowledged: 0,
    detail: `synth fails on any violation; visited ${entries.map((g) => `${g.stack} (${g.constructs} constructs)`).join(', ')}`,
  }));
}

function gcpSuiteRun(assembly: Assembly): ValidatorRun[] {
  const gcp = assembly.stacks.filter((s) => s.cloud === 'gcp');
  if (gcp.length === 0) return [];
  const documents: StackDocument[] = gcp.map((s) => ({ name: s.id, json: s.template as TfJson }));
  const judged = gcp.filter((s) => s.metadata !== undefined);
  const findings = judged.flatMap((s) =>
    s.metadata === undefined ? [] : checkStack({ name: s.id, json: s.template as TfJson }, documents, s.metadata.policy),
  );
  return [
    {
      name: 'Google Cloud policy suite',
      kind: 'policy-suite',
      recorded: judged.length > 0,
      conclusion: findings.length === 0 ? 'success' : 'failure',
      rules: GCP_POLICY_RULES.length,
      resources: gcp.reduce((n, s) => n + countTerraformResources(s.template as TfJson), 0),
      stacks: judged.length,
      violations: findings.length,
      acknowledged: 0,
      detail: `re-run by the review on the cdk.tf.json files with each stack's recorded policy numbers${
        judged.length < gcp.length ? `; ${gcp.length - judged.length} stack(s) without //.rampart could not be checked` : ''
      }${findings.length > 0 ? `: ${findings.map((f) => `${f.ruleId} ${f.message}`).join('; ')}` : ''}`,
    },
  ];
}

function countTerraformResources(json: TfJson): number {
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
