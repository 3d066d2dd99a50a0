import { existsSync, readdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';

/**
 * `cdk ls` prints each stack's id, name, environment and dependencies, all read from the assembly's
 * manifests. For it the app builds every planned stack as an empty shell (a PlannedStack: the plan's
 * id, CloudFormation name, account and region, nothing inside), and the pipelines over those shells
 * as usual, so their support stacks are CDK's own: about half the app's time at the default config
 * (docs/benchmarks.md, Round 10). test/app/names-only-listing.test.ts checks that the CLI lists the
 * same stacks, with the same environments and dependencies, as from a full build. What a listing
 * cannot show any more: a construct's warnings and errors, which only building the content raises.
 *
 * The shells' templates, and the pipelines' built over them, are not what a synth renders: the
 * listing's assembly keeps none of them. A `cdk deploy --app cdk.out` (or `cdk synth --app cdk.out`)
 * after a `cdk ls` then stops reading the first template, before it changes anything, instead of
 * deploying stacks that would be empty: the CLI deletes a deployed stack whose new template has no
 * resource.
 */

interface Manifest {
  readonly artifacts?: Record<string, { readonly type?: string; readonly properties?: { readonly templateFile?: string } }>;
}

/**
 * Removes the stack templates the manifests under `assemblyDir` name: its own and those of the stage
 * assemblies in its folders (asset folders are not entered), also when a failed synthesis left a stage's
 * manifest beside an older one. Files no manifest names as a template stay. Returns how many went.
 */
export function removeListingTemplates(assemblyDir: string): number {
  let removed = 0;
  const manifestPath = join(assemblyDir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    for (const artifact of Object.values(manifest.artifacts ?? {})) {
      const file = artifact.type === 'aws:cloudformation:stack' ? artifact.properties?.templateFile : undefined;
      if (file === undefined || !existsSync(join(assemblyDir, file))) continue;
      rmSync(join(assemblyDir, file));
      removed += 1;
    }
  }
  for (const entry of readdirSync(assemblyDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('asset.')) removed += removeListingTemplates(join(assemblyDir, entry.name));
  }
  return removed;
}
