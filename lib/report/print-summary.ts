import type { GcpSynthResult } from '../gcp';
import { AssemblySummary } from './assembly-summary';

/** Plugins every stack runs through, in the order the summary lists them. */
export const VALIDATION_PLUGINS = ['CloudFormation Validate', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Rampart'] as const;

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
  const ok = input.validationFailure === undefined && totalViolations === 0 && oversized.length === 0 && gcpFindings.length === 0;
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
  out.push('', 'Validation (unacknowledged / acknowledged findings):');
  for (const name of VALIDATION_PLUGINS) {
    const p = summary.plugins.find((x) => x.plugin === name);
    // A plugin without an entry proved nothing: say so rather than print a clean 0 / 0.
    out.push(
      `  ${name.padEnd(24)} ${p === undefined ? 'no entry in validation-report.json' : `${String(p.violations).padStart(3)} / ${p.acknowledged}`}`,
    );
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
