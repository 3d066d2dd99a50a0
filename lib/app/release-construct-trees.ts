import { createRequire } from 'module';
import { dirname, join } from 'path';

/**
 * Lets go of the process-wide tables in which aws-cdk-lib keeps every synthesized App's constructs:
 * `CfnReference`'s table of references (a static Map keyed by the referenced resource, never
 * emptied) and the token map's tables (`global.__cdkTokenMap`, every token ever turned into a
 * string or number, each closing over its construct). While either holds one, the whole construct tree stays alive: 630 MB
 * of heap at 1,000 tenants that the review, which reads only the written files, then grows on top of.
 * Call it once every App of the process has been synthesized and nothing will resolve their tokens
 * again (bin/main-job.ts). Both are internals of the pinned aws-cdk-lib (exact version in
 * package.json), reached by file path because the package does not export them;
 * test/app/release-construct-trees.test.ts fails if a synthesized App survives a collection.
 */
export function releaseConstructTrees(): void {
  const root = dirname(require.resolve('aws-cdk-lib/package.json'));
  const load = createRequire(__filename);
  const { CfnReference } = load(join(root, 'core/lib/private/cfn-reference.js')) as { CfnReference: { referenceTable?: Map<unknown, unknown> } };
  CfnReference.referenceTable?.clear();
  // Emptied in place: modules keep the instance they were loaded with (core/lib/private/resolve.js).
  const tokens = (globalThis as { __cdkTokenMap?: { stringTokenMap?: Map<unknown, unknown>; numberTokenMap?: Map<unknown, unknown> } }).__cdkTokenMap;
  tokens?.stringTokenMap?.clear();
  tokens?.numberTokenMap?.clear();
}
