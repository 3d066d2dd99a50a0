import { bareDiffRefusal, pinnedCliRegistry, type CliTypeRegistry } from './bare-diff-guard';
import { findCliAncestor, type CliAncestry } from './cli-ancestry';

/**
 * `npx cdk diff` without a stack pattern, refused by the app itself: the CLI that started the app is
 * found among its parent processes (lib/app/cli-ancestry.ts) and its arguments are read with the
 * pinned CLI's own option registry, as `npm run cdk` reads them (lib/app/bare-diff-guard.ts). A bare
 * diff stops the app before it builds anything, with exit 2 and the patterns to use; the CLI then
 * fails ("Subprocess exited with error 2") instead of printing "Number of stacks with differences: 0".
 *
 * A no-op when no CLI is found: the main job, the tests, `tsx bin/app.ts`, a platform whose processes
 * cannot be read (Windows; a container without /proc or ps). A diff of an existing assembly
 * (`cdk diff --app cdk.out`) runs no app, so only `npm run cdk -- diff` refuses that one.
 */
export function bareCliDiffRefusal(ancestry: CliAncestry = findCliAncestor(), registry: CliTypeRegistry = pinnedCliRegistry()): string | undefined {
  if (!ancestry.found) return undefined;
  const refusal = bareDiffRefusal(ancestry.args, registry, 'npx cdk');
  return refusal === undefined
    ? undefined
    : `Rampart refuses this synthesis: the CLI that started it (process ${ancestry.pid}) runs a bare diff.\n${refusal}`;
}

/** The app's first statement (bin/app.ts): exit 2 with the refusal on a bare `cdk diff`. */
export function exitOnBareCliDiff(ancestry: CliAncestry = findCliAncestor()): void {
  const refusal = bareCliDiffRefusal(ancestry);
  if (refusal === undefined) return;
  process.stderr.write(`${refusal}\n`);
  process.exit(2);
}
