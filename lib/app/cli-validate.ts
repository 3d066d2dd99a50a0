import { pinnedCliRegistry, positionals, type CliTypeRegistry } from './bare-diff-guard';
import { findCliAncestor, type CliAncestry } from './cli-ancestry';
import { EVERYTHING, type StackSelection } from './stack-selection';

/**
 * The selection the app builds for the CLI that started it. aws-cdk 2.1148.1 passes an empty
 * `aws:cdk:bundling-stacks` to `cdk validate` as to `cdk ls`, but `validate` checks the templates it
 * gets: read as a listing, it would get them from an app that ran no validator and say "Validation did
 * not find any problems". Under `cdk validate` (found among the parent processes, read with the pinned
 * CLI's registry as lib/app/refuse-bare-cli-diff.ts reads a diff) the app builds and validates every
 * stack instead. Anything else keeps the selection the context gave, and so does a platform whose
 * processes cannot be read.
 */
export function selectionForCli(selection: StackSelection, ancestry: CliAncestry = findCliAncestor(), registry?: CliTypeRegistry): StackSelection {
  if (!selection.listing || !ancestry.found) return selection;
  return positionals(ancestry.args, registry ?? pinnedCliRegistry()).command === 'validate' ? EVERYTHING : selection;
}
