import { readdirSync, rmSync } from 'fs';
import { join } from 'path';

/**
 * `cdk ls` prints each stack's id, name, environment and dependencies, all read from the assembly's
 * manifests. For it the app builds every planned stack as an empty shell (a PlannedStack: the plan's
 * id, CloudFormation name, account and region, nothing inside), and the pipelines over those shells
 * as usual, so their support stacks are CDK's own: about half the app's time at the default config
 * (docs/benchmarks.md, Round 10). test/app/names-only-listing.test.ts checks that the CLI lists the
 * same stacks, with the same environments and dependencies, as from a full build.
 *
 * The shells' templates, and the pipelines' built over them, are not what a synth renders: the
 * listing's assembly keeps none of them. A `cdk deploy --app cdk.out` (or `cdk synth --app cdk.out`)
 * after a `cdk ls` then stops reading the first template, before any AWS call, instead of deploying
 * stacks that would be empty: the CLI deletes a deployed stack whose new template has no resource.
 */
export const TEMPLATE_SUFFIX = '.template.json';

/** Removes every template under `assemblyDir`, nested stages' included; returns how many. */
export function removeListingTemplates(assemblyDir: string): number {
  let removed = 0;
  for (const entry of readdirSync(assemblyDir, { withFileTypes: true })) {
    const path = join(assemblyDir, entry.name);
    if (entry.isDirectory()) removed += removeListingTemplates(path);
    else if (entry.name.endsWith(TEMPLATE_SUFFIX)) {
      rmSync(path);
      removed += 1;
    }
  }
  return removed;
}
