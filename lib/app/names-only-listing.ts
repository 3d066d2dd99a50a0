import { existsSync, readdirSync, readFileSync, rmSync } from 'fs';
import { join, resolve, sep } from 'path';

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
 * after a `cdk ls` then stops on the first missing template, before it creates a change set, instead
 * of deploying stacks that would be empty: the CLI deletes a deployed stack whose new template has no
 * resource.
 */

interface Manifest {
  readonly artifacts?: Record<string, { readonly type?: string; readonly properties?: { readonly templateFile?: string } } | null>;
}

/** What removeListingTemplates did: the templates it removed, and those it could not (path and why). */
export interface TemplateRemoval {
  readonly removed: number;
  readonly failed: readonly string[];
}

/**
 * Removes the stack templates the manifests in `assemblyDir` and in its stage folders (`assembly-*`,
 * nested ones included) name, also when a failed synthesis left a stage's manifest beside an older
 * one. Files no manifest names, other folders, and paths outside the folder stay. Never throws: what
 * it cannot read or remove is listed in `failed`.
 */
export function removeListingTemplates(assemblyDir: string): TemplateRemoval {
  let removed = 0;
  const failed: string[] = [];
  const root = resolve(assemblyDir);
  const manifestPath = join(root, 'manifest.json');
  try {
    const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : {};
    for (const artifact of Object.values(manifest.artifacts ?? {})) {
      const file = artifact?.type === 'aws:cloudformation:stack' ? artifact.properties?.templateFile : undefined;
      if (typeof file !== 'string') continue;
      const path = resolve(root, file);
      if (!path.startsWith(root + sep) || !existsSync(path)) continue;
      try {
        rmSync(path);
        removed += 1;
      } catch (error) {
        failed.push(`${path}: ${(error as Error).message}`);
      }
    }
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.startsWith('assembly-')) continue;
      const nested = removeListingTemplates(join(root, entry.name));
      removed += nested.removed;
      failed.push(...nested.failed);
    }
  } catch (error) {
    failed.push(`${root}: ${(error as Error).message}`);
  }
  return { removed, failed };
}

/**
 * Runs `synthesize` (bin/app.ts: adding the pipelines, whose stages CDK Pipelines synthesizes and
 * writes as it goes, then the app's synthesis) and, for a names-only listing, removes the templates
 * under `outdir` afterwards, also when `synthesize` threw: that error is then the one reported, and
 * any template left is named on stderr. Otherwise a template left is an error naming it.
 */
export function synthesizeKeepingNoTemplates<T>(namesOnly: boolean, outdir: string, synthesize: () => T): T {
  if (!namesOnly) return synthesize();
  let result: T;
  try {
    result = synthesize();
  } catch (error) {
    const left = removeListingTemplates(outdir).failed;
    if (left.length > 0) process.stderr.write(`${leftMessage(left)}\n`);
    throw error;
  }
  const left = removeListingTemplates(outdir).failed;
  if (left.length > 0) throw new Error(leftMessage(left));
  return result;
}

function leftMessage(left: readonly string[]): string {
  return `cdk ls could not remove every template it wrote (nothing from it may be deployed):\n  ${left.join('\n  ')}`;
}
