import type { AppProps } from 'aws-cdk-lib';
import { RAMPART_CONTEXT } from './build-app';
import type { StackSelection } from './stack-selection';

/**
 * Context keys (cx-api DISABLE_METADATA_STACK_TRACE, DISABLE_CREATION_STACK_TRACES) that stop
 * aws-cdk-lib from recording where each construct and metadata entry was created.
 */
const NO_STACK_TRACES = { 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true } as const;

/**
 * The App the CLI entry (bin/app.ts) builds for `selection`. A listing (`cdk ls`) runs no validator
 * (nothing is deployed or reviewed from it) and records no creation stack traces: those only tell a
 * validator's report where a flagged construct was created, and capturing them (source-mapped
 * through tsx) is a tenth of a listing's time. Its templates are the same, byte for byte
 * (test/app/cli-app-props.test.ts), so the assembly a listing leaves behind deploys what a synth would.
 */
export function cliAppProps(selection: StackSelection): AppProps {
  if (!selection.listing) return { context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: true };
  return { context: { ...RAMPART_CONTEXT, ...NO_STACK_TRACES }, builtinCloudFormationValidation: false, stackTraces: false };
}
