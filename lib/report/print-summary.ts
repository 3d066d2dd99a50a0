import type { GcpSynthResult } from '../gcp';
import type { ValidatorRunsRecord } from '../nag/validator-runs';
import { AssemblySummary } from './assembly-summary';
import { VALIDATION_PLUGINS } from './validator-evidence';

/** 80 % of CloudFormation's 500-resource limit: room to grow before a stack must be split. */
export const MAX_RESOURCES_PER_STACK = 400;

export interface SummaryInput {
  readonly configPath: string;
  readonly summary: AssemblySummary;
  readonly gcp?: GcpSynthResult;
  readonly validationFailure?: string;
  readonly seconds: number;
  /** config.shieldAdvanced: turning Shield off is a visible decision, never a silent one. */
  readonly shieldAdvanced: boolean;
  /** Files written by writePolicyDocuments (SCPs the organization attaches by hand). */
  readonly policyDocuments?: readonly string[];
  /** False for a Google-Cloud-only config: the AWS part is reported as absent, not as a clean run. */
  readonly aws?: boolean;
  /** What each plugin evaluated (rampart-validator-runs.json): proof a clean plugin ran. */
  readonly runs?: ValidatorRunsRecord;
}

/** Prints the main job's summary; returns false when the job must fail. */
export function printSummary(input: SummaryInput): boolean {
  const { summary } = input;
  const out: string[] = [`Rampart synth (${input.configPath}) in ${input.seconds.toFixed(1)} s`, ''];
  if (input.aws === false) out.push('AWS: none (a Google-Cloud-only config has no accounts: no AWS stack, validator or SCP document)');
  else awsLines(input, out);
  const oversized = summary.stacks.filter((s) => s.resourceCount > MAX_RESOURCES_PER_STACK);
  const totalViolations = summary.plugins.reduce((n, p) => n + p.violations, 0);
  const width = Math.max(...summary.stacks.map((s) => s.displayName.length), 5);
  const gcpFindings = (input.gcp?.stacks ?? []).flatMap((s) => s.findings);
  if (input.gcp !== undefined) {
    out.push('', `Google Cloud (CDK for Terraform, ${input.gcp.outdir}/stacks/*/cdk.tf.json):`);
    for (const s of input.gcp.stacks)
      out.push(`  ${s.name.padEnd(width)}  ${String(s.resourceCount).padStart(4)} resources  ${s.findings.length} policy findings`);
    for (const f of gcpFindings) out.push(`  ERROR ${f.ruleId} ${f.resource}: ${f.message}`);
  }
  for (const s of oversized)
    out.push(`ERROR ${s.displayName} has ${s.resourceCount} resources, over the budget of ${MAX_RESOURCES_PER_STACK}: split it by concern`);
  // The main job promises every validator on: one that left no record (e.g. CDK_VALIDATION=false) fails it.
  const silent =
    input.aws === false
      ? []
      : VALIDATION_PLUGINS.filter((n) => !summary.plugins.some((p) => p.plugin === n) && !input.runs?.plugins.some((r) => r.name === n));
  for (const name of silent) out.push(`ERROR validator ${name} did not run: nothing records it (is CDK_VALIDATION=false set?)`);
  const ok =
    input.validationFailure === undefined && totalViolations === 0 && oversized.length === 0 && gcpFindings.length === 0 && silent.length === 0;
  if (input.validationFailure !== undefined) out.push('', input.validationFailure);
  out.push('', ok ? 'OK: zero unacknowledged findings.' : 'FAILED: see the findings above and cdk.out/validation-report.json.');
  (ok ? process.stdout : process.stderr).write(`${out.join('\n')}\n`);
  return ok;
}

/** The AWS part of the summary: stacks, each validator's counts, Shield, the SCP documents. */
function awsLines(input: SummaryInput, out: string[]): void {
  const { summary } = input;
  const width = Math.max(...summary.stacks.map((s) => s.displayName.length), 5);
  out.push('Stacks:');
  for (const s of summary.stacks) {
    out.push(`  ${s.displayName.padEnd(width)}  ${String(s.resourceCount).padStart(4)} resources  ${s.account} ${s.region}`);
  }
  out.push('', 'Validation (unacknowledged / acknowledged findings; what each plugin evaluated):');
  for (const name of VALIDATION_PLUGINS) {
    const p = summary.plugins.find((x) => x.plugin === name);
    const run = input.runs?.plugins.find((x) => x.name === name);
    // aws-cdk-lib leaves a clean plugin out of validation-report.json; the run log proves it ran.
    // Without either, nothing proves it ran: say so rather than print a clean 0 / 0.
    const counts =
      p === undefined && run === undefined ? 'did not run (no record)' : `${String(p?.violations ?? 0).padStart(3)} / ${p?.acknowledged ?? 0}`;
    const evaluated =
      run === undefined ? '' : `   ${run.rules === undefined ? `engine ${run.version ?? '?'}` : `${run.rules} rules`} on ${run.resources} resources`;
    out.push(`  ${name.padEnd(24)} ${counts.padEnd(9)}${evaluated}`);
  }
  for (const g of input.runs?.guards ?? []) {
    out.push(`  guard ${g.name} (${g.control}) on ${g.stack}: ${g.resources} resources, passed`);
  }
  out.push(`  acknowledgments: ${summary.acknowledgments.length} (reasons in cdk.out/rampart-review.md)`);
  out.push(
    input.shieldAdvanced
      ? '  Shield Advanced: on (a protection and a protection group per public endpoint)'
      : '  Shield Advanced: OFF (shieldAdvanced: false in config); public endpoints have WAF only, acknowledged as Rampart-ShieldOnPublicEndpoint',
  );
  if (input.policyDocuments !== undefined && input.policyDocuments.length > 0) {
    out.push('', 'Service control policy documents (attach per docs/policies.md):');
    for (const file of input.policyDocuments) out.push(`  ${file}`);
  }
}
