#!/usr/bin/env node
/**
 * The CDK CLI entry (`cdk.json` "app"): `npx cdk synth|deploy [-c config=FILE] ['<pattern>']`.
 * Reads arguments only; everything else is buildApp's job.
 */
import { App } from 'aws-cdk-lib';
import { addPipelineStacks } from '../lib/app/add-pipeline-stacks';
import { buildApp, RAMPART_CONTEXT } from '../lib/app/build-app';
import { exitOnConfigError } from '../lib/app/exit-on-config-error';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { writeValidatorRuns } from '../lib/nag/validator-runs';
import { writePolicyDocuments } from '../lib/organization-policies/write-policy-documents';

// The App must exist before the config is known: `-c config=FILE` arrives as CDK context.
const app = new App({ context: { ...RAMPART_CONTEXT } });
const configPath = (app.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_PATH;
const config = exitOnConfigError(() => loadConfig(configPath));
buildApp(config, { app });
// The deployment pipeline (config pipeline:) deploys the stacks above from this assembly: `cdk deploy '<environment>-pipeline'`.
addPipelineStacks(app, config);
const assembly = app.synth();
// What each validator evaluated (validation-report.json omits a plugin that found nothing).
writeValidatorRuns(app, assembly.directory);
// The organization's service control policies sit beside the templates (docs/policies.md).
writePolicyDocuments({ outdir: assembly.directory, euRegion: config.residency.eu.region, hipaaEnabled: config.hipaa.enabled });
