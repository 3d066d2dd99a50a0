import type { AppProps } from 'aws-cdk-lib';
import { RAMPART_CONTEXT } from './build-app';
import type { StackSelection } from './stack-selection';

/**
 * The App the CLI entry (bin/app.ts) builds for `selection`, with cdk.json's context like every
 * Rampart app (no creation stack traces unless CDK_DEBUG is set: RAMPART_CONTEXT). A listing (the
 * empty selection of every CLI command that bundles nothing) runs no validator and writes no
 * tree.json (the construct tree for tools that browse an assembly, about 0.15 s of a listing at the
 * default config): nothing is deployed or reviewed from it. A full listing's templates are the same,
 * byte for byte (test/app/cli-app-props.test.ts, through `cdk metadata`); `cdk ls` keeps none
 * (lib/app/names-only-listing.ts).
 */
export function cliAppProps(selection: StackSelection): AppProps {
  return { context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: !selection.listing, treeMetadata: !selection.listing };
}
