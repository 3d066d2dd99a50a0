#!/usr/bin/env node
/**
 * `npm run review -- --assembly DIR [--gcp DIR] [--out DIR] [--base DIR [--base-gcp DIR]] [--acknowledgments FILE]`
 *
 * Reviews a build from its artifacts alone (a cloud assembly and/or a CDK for Terraform output),
 * so a pipeline can review what it did not build: writes rampart-review.md/.json/.sarif/.oscal.json
 * into --out (default: the assembly directory). With --base, also compares against an earlier build
 * (the pull request's target) and writes rampart-security-diff.md: data a deploy would lose and
 * controls that got weaker, each failing the run unless acknowledged with a reason in --acknowledgments.
 * Exit codes: 0 clean, 1 a control missing or contradicted, an unacknowledged weakening or data loss, or an
 * assembly a listing wrote, 2 bad arguments (an assembly `cdk ls` wrote, which holds no template, among them).
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';
import { failureLines, runReview } from '../lib/report/run-review';
import { missingTemplatesProblem, readAssembly } from '../lib/verify/read-assembly';
import { verifyAssembly } from '../lib/verify/verify-assembly';
import { parseAcknowledgments, securityDiff } from '../lib/verify/diff/security-diff';
import { securityDiffMarkdown } from '../lib/verify/diff/security-diff-markdown';
import { exitWhenIdle } from '../lib/app/exit-when-idle';

const USAGE = 'usage: npm run review -- --assembly DIR [--gcp DIR] [--out DIR] [--base DIR [--base-gcp DIR]] [--acknowledgments FILE]';

function fail(errors: readonly string[]): never {
  process.stderr.write(`${errors.map((e) => `review: ${e}`).join('\n')}\n${USAGE}\n`);
  process.exit(2);
}

function args(): Record<string, string | undefined> {
  try {
    const { values } = parseArgs({
      options: {
        assembly: { type: 'string' },
        gcp: { type: 'string' },
        out: { type: 'string' },
        base: { type: 'string' },
        'base-gcp': { type: 'string' },
        acknowledgments: { type: 'string' },
      },
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    return fail([error instanceof Error ? error.message : String(error)]);
  }
}

const values = args();
const problems: string[] = [];
if (values.assembly === undefined && values.gcp === undefined) problems.push('give --assembly DIR (a cdk.out) and/or --gcp DIR (a cdktf.out)');
const manifestDirs: [string, string | undefined][] = [
  ['--assembly', values.assembly],
  ['--gcp', values.gcp],
  ['--base', values.base],
  ['--base-gcp', values['base-gcp']],
];
for (const [flag, dir] of manifestDirs) {
  if (dir !== undefined && !existsSync(join(dir, 'manifest.json')))
    problems.push(`${flag} ${JSON.stringify(dir)}: no manifest.json there (not a synthesized output)`);
}
// A cloud assembly `cdk ls` wrote holds no template (lib/app/names-only-listing.ts): nothing to review.
for (const [flag, dir] of [manifestDirs[0], manifestDirs[2]]) {
  const problem = dir !== undefined && existsSync(join(dir, 'manifest.json')) ? missingTemplatesProblem(flag, dir) : undefined;
  if (problem !== undefined) problems.push(problem);
}
if (values['base-gcp'] !== undefined && values.base === undefined && values.gcp === undefined)
  problems.push('--base-gcp needs --gcp to compare with');
if (values.acknowledgments !== undefined && values.base === undefined) problems.push('--acknowledgments applies to a diff: give --base too');
if (values.acknowledgments !== undefined && !existsSync(values.acknowledgments))
  problems.push(`--acknowledgments ${JSON.stringify(values.acknowledgments)}: no such file`);
if (problems.length > 0) fail(problems);

const outdir = values.out ?? values.assembly ?? values.gcp ?? '.';
const review = runReview({ generator: 'npm run review', awsDir: values.assembly, gcpDir: values.gcp, outdir });
const { verification } = review;
const counts = (['holds', 'partial', 'missing', 'contradicted'] as const).map(
  (v) => `${verification.controls.filter((c) => c.verdict === v).length} ${v}`,
);
process.stdout.write(
  `Rampart review of ${[values.assembly, values.gcp].filter(Boolean).join(' + ')}: ${review.assembly.stacks.length} stacks; ${counts.join(', ')}\n`,
);
process.stdout.write(`Wrote ${review.files.join(', ')}\n`);
let ok = verification.ok;
// A listing's assembly holds the templates a synth would write, but no validator or rendered-template
// guard ran on them: its verification is not ok (lib/report/run-review.ts), and this says why.
if (review.listing)
  process.stderr.write(
    `review: ${values.assembly} was written by a listing (a CDK CLI command that bundles nothing, such as \`cdk metadata\`): no validator and neither rendered-template guard ran on it; review what \`npm run synth\` or \`cdk synth\` writes\n`,
  );
const failures = failureLines(verification);
if (failures.length > 0) process.stderr.write(`FAILED:\n${failures.map((l) => `  ${l}`).join('\n')}\n`);

if (values.base !== undefined || values['base-gcp'] !== undefined) {
  const parsed =
    values.acknowledgments === undefined
      ? { acknowledgments: [], errors: [] }
      : parseAcknowledgments(readFileSync(values.acknowledgments, 'utf8'), values.acknowledgments);
  if (parsed.errors.length > 0) fail(parsed.errors);
  const base = readAssembly({ awsDir: values.base, gcpDir: values['base-gcp'] });
  const diff = securityDiff({
    base,
    next: review.assembly,
    baseVerification: verifyAssembly(base),
    nextVerification: verification,
    acknowledgments: parsed.acknowledgments,
  });
  const file = join(outdir, 'rampart-security-diff.md');
  writeFileSync(file, securityDiffMarkdown(diff));
  process.stdout.write(`Security diff against ${[values.base, values['base-gcp']].filter(Boolean).join(' + ')}: ${file}\n`);
  for (const item of diff.blocking)
    process.stderr.write(`  BLOCKING ${item.category} ${item.stack} ${item.resource ?? item.control ?? ''}: ${item.summary}\n`);
  for (const item of diff.acknowledged)
    process.stdout.write(`  acknowledged ${item.category} ${item.stack} ${item.resource ?? item.control ?? ''}: ${item.reason}\n`);
  ok = ok && diff.ok;
}
// Not process.exit: tsx's pending cache writes finish first (lib/app/exit-when-idle.ts).
exitWhenIdle(ok ? 0 : 1);
