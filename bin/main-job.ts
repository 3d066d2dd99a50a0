#!/usr/bin/env node
/**
 * The main job, `npm run synth [-- --config FILE] [-- --only '<pattern>' ...]`: synthesizes every stack from the config
 * (config/default.yaml by default) offline with every validator on, writes cdk.out/ with
 * validation-report.json, then verifies every control from the written output alone (lib/verify) and
 * writes the review (rampart-review.md, .json, .sarif, .oscal.json), and prints a short summary.
 * With `--only` (repeatable, the CDK CLI's pattern matching: one tenant is `'*\/tenant-<id>'`) it builds,
 * validates and reviews only the matching AWS stacks (and no Google Cloud part); the review says so.
 * A progress line per stage goes to stderr when it is a terminal.
 * Exit codes: 0 clean, 1 findings, a missing or contradicted control, or limits exceeded, 2 a bad
 * command line or config.
 */
// First, for its effect: CloudFormation Validate's engine starts while everything below loads.
import '../lib/nag/engine-early-start';
import type { App } from 'aws-cdk-lib';
import { rmSync } from 'fs';
import { parseArgs } from 'util';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { addPipelineStacks } from '../lib/app/add-pipeline-stacks';
import { buildApp } from '../lib/app/build-app';
import { releaseConstructTrees } from '../lib/app/release-construct-trees';
import { awsPart } from '../lib/config/aws-part';
import { exitOnConfigError } from '../lib/app/exit-on-config-error';
import { exitWhenIdle } from '../lib/app/exit-when-idle';
import { builtPlans } from '../lib/app/pipeline-selection';
import { progress } from '../lib/app/progress';
import { EVERYTHING, stackSelection } from '../lib/app/stack-selection';
import { planDeployment } from '../lib/plan/plan-deployment';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { printSummary } from '../lib/report/print-summary';
import { summarizeAssembly } from '../lib/report/assembly-summary';
import { writePolicyDocuments } from '../lib/organization-policies/write-policy-documents';
import { buildProvenance, writeProvenance } from '../lib/report/build-provenance';
import { failureLines, runReview } from '../lib/report/run-review';
import { ValidatorRunLog, type ValidatorRunsRecord, writeValidatorRuns } from '../lib/nag/validator-runs';

/**
 * The Google Cloud part, loaded only when it is synthesized: CDK for Terraform and its Google provider
 * take about half a second to load, which a run on a selection of AWS stacks (`--only`) never uses.
 */
function loadGcpPart(): typeof import('../lib/gcp') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../lib/gcp') as typeof import('../lib/gcp');
}

/**
 * A full garbage collection, which Node exposes only behind --expose-gc. `npm run synth` passes it
 * (MAIN_JOB_NODE_ARGS); a command line without it (`npx tsx bin/main-job.ts`) gets it set here, and
 * the launcher's code cache, if any, then writes nothing: V8 would reject entries made after its
 * flags changed (bin/v8-code-cache.cjs).
 */
function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const USAGE = "usage: npm run synth -- [--config FILE] [--outdir DIR] [--gcp-outdir DIR] [--only '<pattern>' ...]";

/** The command line, or exit 2 with parseArgs' message (it names the option) and the usage, without a stack trace. */
function commandLine() {
  try {
    return parseArgs({
      options: {
        config: { type: 'string', default: DEFAULT_CONFIG_PATH },
        outdir: { type: 'string', default: 'cdk.out' },
        'gcp-outdir': { type: 'string', default: 'cdktf.out' },
        only: { type: 'string', multiple: true },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`synth: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const values = commandLine();
const configPath = values.config ?? DEFAULT_CONFIG_PATH;
const outdir = values.outdir ?? 'cdk.out';
const gcpOutdir = values['gcp-outdir'] ?? 'cdktf.out';

const started = Date.now();
const progressLine = progress(process.stderr, started);
const selection = values.only === undefined ? EVERYTHING : stackSelection(values.only);
progressLine.stage(`loading ${configPath}`);
const config = exitOnConfigError(() => loadConfig(configPath));
// A stale assembly could hide a stack that no longer synthesizes; start clean.
rmSync(outdir, { recursive: true, force: true });
rmSync(gcpOutdir, { recursive: true, force: true });

/**
 * Builds, synthesizes and validates the AWS app; returns what the report needs, not the App: the
 * construct tree (over a gigabyte at 1,000 tenants) is garbage once the templates are written, before
 * the review reads them back.
 */
function synthesizeAws(): { validationFailure?: string; runs: ValidatorRunsRecord } {
  let validationFailure: string | undefined;
  // Building the stacks already synthesizes each stage a pipeline deploys, as the pipeline would
  // (CDK Pipelines reads the stages' assemblies), so a guard can refuse the app there too.
  progressLine.stage(selection.everything ? 'building every stack' : `building the stacks matching ${selection.patterns.join(', ')}`);
  let app: App | undefined;
  try {
    app = exitOnConfigError(() => buildApp(config, { outdir, selection, synthesizeStagesWhenBuilt: true, treeMetadata: false }));
    progressLine.stage('adding the deployment pipelines');
    addPipelineStacks(app, config, selection);
    progressLine.stage('synthesizing and validating (cdk-nag packs, Rampart pack, CloudFormation Validate)');
    ValidatorRunLog.of(app).onPluginStart = (name, templates) => progressLine.stage(`validating: ${name} on ${templates} templates`);
    app.synth();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    if (/^Validation failed with the following errors/.test(error.message)) {
      // A guard (residency, enclave, permissions boundary) refused the tree before any template was
      // written: each line names the construct path and the offending value.
      process.stderr.write(`Rampart synth (${configPath}) FAILED: a guard refused the app.\n\n${error.message}\n`);
      process.exit(1);
    }
    // aws-cdk-lib throws once every plugin has reported; the message is the full report.
    if (!/A copy of this report can be found in/.test(error.message)) throw error;
    validationFailure = error.message;
  }
  if (app === undefined) throw new Error('unreachable: the app was not built and no error was reported');
  // What each validator evaluated: validation-report.json omits a plugin that found nothing.
  const runs = ValidatorRunLog.of(app).record();
  writeValidatorRuns(app, outdir);
  return { validationFailure, runs };
}

const { validationFailure, runs } = synthesizeAws();
// The construct tree is garbage now (over a gigabyte at 1,000 tenants) once aws-cdk-lib's tables let
// go of it: collected before the review builds its own, the job's peak memory is the larger of the
// two instead of their sum.
releaseConstructTrees();
// Collected now, not when the review's allocations would trigger it: measured at 1,000 tenants, the
// review then peaks at 1.1 GB instead of 2.0.
collectGarbage();
const summary = summarizeAssembly(outdir);
// Service control policies for the organization (HIPAA allowlist, EU region deny): docs/policies.md.
// A Google-Cloud-only config has no AWS organization to attach them to.
const aws = awsPart(config) !== undefined;
const policyDocuments = aws ? writePolicyDocuments({ outdir, euRegion: config.residency.eu.region, hipaaEnabled: config.hipaa.enabled }) : [];
// The Google Cloud part (CDK for Terraform) and its policy suite, when the config has a gcp section.
// A selection names AWS stacks: the Google Cloud part is not built then.
if (config.gcp !== undefined && selection.everything) progressLine.stage('synthesizing the Google Cloud part');
const gcp = config.gcp === undefined || !selection.everything ? undefined : loadGcpPart().synthGcp(config, config.policy, gcpOutdir);

// The evidence verifier reads only what was just written, as a reviewer of the artifact would.
const dirs = { awsDir: aws ? outdir : undefined, gcpDir: gcp === undefined ? undefined : gcpOutdir };
const plans = planDeployment(config).aws;
const selected = selection.everything
  ? undefined
  : { patterns: selection.patterns, built: builtPlans(config, plans, selection).length, of: plans.length };
const provenance = buildProvenance({ generator: 'npm run synth', configFile: configPath, ...dirs, selection: selected });
for (const dir of [dirs.awsDir, dirs.gcpDir]) if (dir !== undefined) writeProvenance(dir, provenance);
progressLine.stage('verifying every control from the written output and writing the review');
const reviewStarted = process.hrtime.bigint();
const review = runReview({ generator: 'npm run synth', ...dirs, outdir });
const reviewSeconds = Number(process.hrtime.bigint() - reviewStarted) / 1e9;
const ok = printSummary({
  configPath,
  summary,
  gcp,
  validationFailure,
  seconds: (Date.now() - started) / 1000,
  shieldAdvanced: config.shieldAdvanced,
  policyDocuments,
  aws,
  runs,
});
const verified = review.verification;
const held = verified.controls.filter((c) => c.verdict === 'holds').length;
const partial = verified.controls.filter((c) => c.verdict === 'partial').length;
process.stdout.write(
  `\nEvidence verifier (${review.assembly.stacks.length} stacks, read from the output) in ${reviewSeconds.toFixed(2)} s: ${held} controls hold, ${partial} partial, each ` +
    `naming its exceptions in force; review in ${review.files.map((f) => f.replace(/^.*\//, '')).join(', ')} (${outdir}/)\n`,
);
if (selected !== undefined) {
  process.stdout.write(
    `Selection: ${selected.patterns.map((p) => `'${p}'`).join(', ')} built ${selected.built} of ${selected.of} AWS stacks (no Google Cloud part); ` +
      `the review covers those stacks alone, not the deployment.\n`,
  );
}
// On a selection the verifier misses what lies in the stacks left out (the account's trail and
// detector, the boundary its owner creates): its failures are shown, and the full main job is the gate.
const verifierGates = selected === undefined;
if (!verified.ok) {
  const heading = verifierGates
    ? 'FAILED: the synthesized output breaks a promise (no accepted exception covers it):'
    : 'Verifier findings on this selection (not a gate: the stacks left out hold part of the evidence; the full `npm run synth` is the gate):';
  process.stderr.write(
    `\n${heading}\n${failureLines(verified)
      .map((l) => `  ${l}`)
      .join('\n')}\n`,
  );
}
// Not process.exit: pending writes (output to a pipe; tsx's cache when run with tsx) finish first (lib/app/exit-when-idle.ts).
exitWhenIdle(ok && (verified.ok || !verifierGates) ? 0 : 1);
