import { pinnedCliRegistry, positionals, type CliTypeRegistry } from './bare-diff-guard';
import { findCliAncestor, type CliAncestry } from './cli-ancestry';
import { EVERYTHING, NAMES_ONLY, type StackSelection } from './stack-selection';

/**
 * The selection the app builds for the CLI that started it, found among the parent processes and
 * read with the pinned CLI's registry (as lib/app/refuse-bare-cli-diff.ts reads a diff).
 * aws-cdk 2.1148.1 passes the same empty `aws:cdk:bundling-stacks` to every command that does not
 * bundle assets (`ls`, `validate`, `destroy`, `drift`, `metadata`, `rollback`, ...), and they need
 * different things:
 * - `cdk ls` (`list`) prints each stack's id, name, environment and dependencies, read from the
 *   manifests: NAMES_ONLY builds empty shells that carry exactly those (lib/app/names-only-listing.ts).
 * - `cdk validate` checks the templates it gets: read as a listing, it would get them from an app that
 *   ran no validator and say "Validation did not find any problems". EVERYTHING is built and validated.
 * - Any other command (`drift` and `metadata` read the templates) keeps the listing the context gave:
 *   every stack built, no validator. So does a run whose CLI cannot be found (a platform without
 *   /proc, an app started by another tool): never names only unless `cdk ls` is known to be asking.
 */
export function selectionForCli(selection: StackSelection, ancestry: CliAncestry = findCliAncestor(), registry?: CliTypeRegistry): StackSelection {
  if (!selection.listing || !ancestry.found) return selection;
  const resolved = registry ?? pinnedCliRegistry();
  const command = positionals(ancestry.args, resolved).command;
  if (command === 'validate') return EVERYTHING;
  const list = resolved.commands.list;
  return command === 'list' || (command !== undefined && (list?.aliases ?? []).includes(command)) ? NAMES_ONLY : selection;
}
