#!/usr/bin/env node
/**
 * The CDK CLI entry (`cdk.json` "app"): `npx cdk synth|deploy [-c config=FILE] ['<pattern>']`.
 * Reads arguments only; everything else is buildApp's job.
 */
import { App } from 'aws-cdk-lib';
import { addPipelineStacks } from '../lib/app/add-pipeline-stacks';
import { cliAppProps } from '../lib/app/cli-app-props';
import { buildApp, RAMPART_CONTEXT } from '../lib/app/build-app';
import { exitOnConfigError } from '../lib/app/exit-on-config-error';
import { BUNDLING_STACKS_CONTEXT, selectionFromContext } from '../lib/app/stack-selection';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { writeValidatorRuns } from '../lib/nag/validator-runs';
import { writePolicyDocuments } from '../lib/organization-policies/write-policy-documents';
import { exitOnBareCliDiff } from '../lib/app/refuse-bare-cli-diff';
import { selectionForCli } from '../lib/app/selection-for-cli';
import { synthesizeKeepingNoTemplates } from '../lib/app/names-only-listing';
import { findCliAncestor } from '../lib/app/cli-ancestry';

// The CLI that started this app, if any, read from the parent processes once.
const cli = findCliAncestor();
// `npx cdk diff` without a pattern would diff no stage's stack and report 0 differences: refused first.
exitOnBareCliDiff(cli);

// The CLI's context (`-c config=FILE`, the selection) is read from an App; this one only reads it
// (no auto-synth on exit), so the real App can turn CloudFormation Validate off for a listing.
const probe = new App({ context: { ...RAMPART_CONTEXT }, autoSynth: false });
const configPath = (probe.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_PATH;
// aws-cdk 2.1148.1: `--exclusively '<pattern>'` builds and validates only the matching stacks, any
// synth or deploy without it builds everything. Every command that bundles nothing gets an empty list:
// `cdk ls` then builds each stack's names only, as empty shells; `cdk validate` builds and validates
// everything; the others (`drift`, `metadata`, ...) build every stack without validators
// (lib/app/selection-for-cli.ts).
const selection = selectionForCli(
  exitOnConfigError(() => selectionFromContext(probe.node.tryGetContext(BUNDLING_STACKS_CONTEXT))),
  cli,
);
// A listing runs no validator and writes no tree.json (lib/app/cli-app-props.ts).
const app = new App(cliAppProps(selection));
const config = exitOnConfigError(() => loadConfig(configPath));
exitOnConfigError(() => buildApp(config, { app, selection, synthesizeStagesWhenBuilt: true }));
// The shells' templates are not the stacks': nothing a names-only listing wrote may be deployed, also
// when it fails after CDK Pipelines wrote its stages (lib/app/names-only-listing.ts).
const assembly = synthesizeKeepingNoTemplates(selection.namesOnly, app.outdir, () => {
  // The deployment pipeline (config pipeline:) deploys the stacks above from this assembly: `cdk deploy '<environment>-pipeline'`.
  addPipelineStacks(app, config, selection);
  return app.synth();
});
// What each validator evaluated (validation-report.json omits a plugin that found nothing); a
// listing's assembly says it is one, so its review fails instead of passing without validators.
writeValidatorRuns(app, assembly.directory, { listing: selection.listing });
// The organization's service control policies sit beside the templates (docs/policies.md).
writePolicyDocuments({ outdir: assembly.directory, euRegion: config.residency.eu.region, hipaaEnabled: config.hipaa.enabled });
