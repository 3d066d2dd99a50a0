import picomatch from 'picomatch';

/**
 * Which stacks a run builds: `npm run synth -- --only '<pattern>'`, or the CDK CLI's
 * `aws:cdk:bundling-stacks` context (aws-cdk 2.1148.1: `cdk synth|deploy|diff --exclusively
 * '<pattern>'` passes the patterns, any other synth or deploy passes `['**']`, and commands that only
 * read the assembly, such as `cdk ls`, pass `[]`).
 *
 * Matching is the CLI's own (toolkit-lib `matcherFor`): picomatch, at the version the CLI bundles
 * (4.0.7), over a stack's hierarchical id (`prod-us-east-1/tenant-acme`); a `*` does not cross `/`;
 * a pattern starting with `!` excludes. test/app/stack-selection.test.ts checks it against `cdk ls`.
 */
export interface StackSelection {
  /** The patterns as given; empty for a listing. */
  readonly patterns: readonly string[];
  /** True when every stack is built (no pattern, or `**`). */
  readonly everything: boolean;
  /**
   * True for a listing (the empty list the CLI passes `cdk ls`, `drift`, `metadata` and every other
   * command that bundles nothing): every stack is built, and no validator runs (nothing is deployed
   * or reviewed from a listing). `cdk ls` itself builds less: `namesOnly`.
   */
  readonly listing: boolean;
  /**
   * True for `cdk ls` itself (the CLI found among the app's parent processes: lib/app/selection-for-cli.ts):
   * each stack is built as an empty shell with its plan's id, name and environment, and the assembly
   * keeps no template (lib/app/names-only-listing.ts). Only with `listing`.
   */
  readonly namesOnly: boolean;
  /** Whether the stack at this hierarchical id is built. */
  readonly selects: (path: string) => boolean;
}

/** Every stack, validated: the main job and `cdk synth` without `--exclusively`. */
export const EVERYTHING: StackSelection = { patterns: ['**'], everything: true, listing: false, namesOnly: false, selects: () => true };

/** `cdk ls` and `cdk list`: every stack's names, no content, no template, no validator. */
export const NAMES_ONLY: StackSelection = { patterns: [], everything: true, listing: true, namesOnly: true, selects: () => true };

/** The CLI's matcher: included by any positive pattern (or by none given), and by every negation. */
function matcherFor(patterns: readonly string[]): (path: string) => boolean {
  const positives: picomatch.Matcher[] = [];
  const negatives: picomatch.Matcher[] = [];
  for (const pattern of patterns) {
    const parsed = picomatch(pattern, undefined, true);
    (parsed.state.negated ? negatives : positives).push(parsed);
  }
  if (positives.length === 0 && negatives.length === 0) return () => false;
  return (path) => (positives.length === 0 || positives.some((m) => m(path))) && negatives.every((m) => m(path));
}

/** A selection from patterns; `[]` is a listing (every stack built, no validator), `['**']` everything. */
export function stackSelection(patterns: readonly string[]): StackSelection {
  if (patterns.length === 0) return { patterns: [], everything: true, listing: true, namesOnly: false, selects: () => true };
  if (patterns.every((p) => p === '**')) return EVERYTHING;
  return { patterns: [...patterns], everything: false, listing: false, namesOnly: false, selects: matcherFor(patterns) };
}

/** The context key aws-cdk-lib and the CLI share (cx-api `BUNDLING_STACKS`). */
export const BUNDLING_STACKS_CONTEXT = 'aws:cdk:bundling-stacks';

/** The selection the CLI asked for in its context; everything when the app runs outside the CLI. */
export function selectionFromContext(value: unknown): StackSelection {
  if (value === undefined) return EVERYTHING;
  const patterns = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== 'string')) {
    throw new Error(`context ${BUNDLING_STACKS_CONTEXT}: expected a list of stack patterns, got ${JSON.stringify(value)}`);
  }
  return stackSelection(patterns as string[]);
}

/**
 * Error when a selection matches no stack of `paths`: names each pattern and the stacks there are,
 * so a typo is not a silent empty build.
 */
export function checkSelectionMatches(selection: StackSelection, paths: readonly string[]): void {
  if (selection.everything || paths.some(selection.selects)) return;
  const shown = paths.slice(0, 8).join(', ') + (paths.length > 8 ? `, ... (${paths.length} in all)` : '');
  throw new NoStackSelectedError(
    `No stack matches ${selection.patterns.map((p) => `'${p}'`).join(', ')}. A '*' does not cross '/': ` +
      `one tenant is '*/tenant-<id>', one region '<environment>-<region>/*'. Stacks: ${shown}`,
  );
}

export class NoStackSelectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoStackSelectedError';
  }
}
