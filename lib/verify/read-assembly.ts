import { existsSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import { STACK_METADATA_KEY, type StackMetadata } from '../plan/stack-metadata';
import type { Assembly, JsonObject, StackArtifact } from './types';

/**
 * Reads synthesized output back from disk: a CDK cloud assembly (cdk.out, nested stage assemblies
 * included) and a CDK for Terraform output (cdktf.out). Only the manifests and the files they name
 * are read, so the verifier judges exactly what `cdk deploy` and `terraform apply` would receive, and
 * a pipeline can review an artifact it did not build.
 */

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly directoryName?: string };
}

function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}

interface StackEntry {
  readonly id: string;
  readonly artifact: ManifestArtifact;
  /** The template the manifest names, absolute. */
  readonly path: string;
}

/**
 * Every stack artifact of the manifest in `dir` and of its nested stage assemblies. A nested manifest
 * that is not there goes to `absent` (readAssembly refuses such a folder before it reads a template).
 */
function stackEntries(dir: string, absent: string[] = []): StackEntry[] {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    absent.push(manifestPath);
    return [];
  }
  const manifest = readJson(manifestPath) as { artifacts?: Record<string, ManifestArtifact> };
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]): StackEntry[] => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName)
      return stackEntries(join(dir, artifact.properties.directoryName), absent);
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) return [];
    return [{ id, artifact, path: join(dir, artifact.properties.templateFile) }];
  });
}

/**
 * The files the manifests of cloud assembly `awsDir` name that are not there (templates, nested stage
 * manifests), relative to it: `cdk ls` keeps no template (lib/app/names-only-listing.ts), and a copy
 * can lose some.
 */
export function missingTemplates(awsDir: string): string[] {
  const absent: string[] = [];
  const entries = stackEntries(awsDir, absent);
  return [...absent, ...entries.filter((entry) => !existsSync(entry.path)).map((entry) => entry.path)].map((path) => relative(awsDir, path));
}

/** Why an assembly with `missing` templates cannot be judged, for every command that reads one. */
export function missingTemplatesMessage(awsDir: string, missing: readonly string[]): string {
  const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? `, ... (${missing.length} in all)` : '');
  return (
    `${awsDir}: the manifests name files that are not there (${shown}): a folder \`cdk ls\` wrote (it keeps ` +
    "only the stacks' names) or an incomplete copy; use what `npm run synth` or `cdk synth` writes"
  );
}

/**
 * The problem a command reports for option `flag` naming cloud assembly `awsDir` (which has a manifest)
 * whose templates are not all there, or undefined: bin/review.ts, bootstrap-commands and tenant-offboard
 * refuse such a folder with exit 2 before reading it.
 */
export function missingTemplatesProblem(flag: string, awsDir: string): string | undefined {
  const missing = missingTemplates(awsDir);
  return missing.length === 0 ? undefined : `${flag} ${missingTemplatesMessage(awsDir, missing)}`;
}

function awsStacks(root: string, dir: string): StackArtifact[] {
  return stackEntries(dir).map(({ id, artifact, path }): StackArtifact => {
    const template = readJson(path);
    const [, account = '', region = ''] = /^aws:\/\/([^/]*)\/(.*)$/.exec(artifact.environment ?? '') ?? [];
    const metadata = (template.Metadata as { [STACK_METADATA_KEY.aws]?: StackMetadata } | undefined)?.[STACK_METADATA_KEY.aws];
    return {
      cloud: 'aws',
      id: artifact.displayName ?? id,
      name: artifact.properties?.stackName ?? id,
      account,
      region,
      file: relative(root, path),
      template,
      ...(metadata === undefined ? {} : { metadata }),
    };
  });
}

interface TerraformManifest {
  readonly stacks?: Record<string, { readonly name: string; readonly synthesizedStackPath: string }>;
}

/** Region and project of a Terraform stack: its (first) google provider block. */
function googleProvider(template: JsonObject): { project: string; region: string } {
  const providers = (template.provider as { google?: { project?: string; region?: string }[] } | undefined)?.google ?? [];
  return { project: providers[0]?.project ?? '', region: providers[0]?.region ?? '' };
}

function gcpStacks(dir: string): StackArtifact[] {
  const manifest = readJson(join(dir, 'manifest.json')) as TerraformManifest;
  return Object.values(manifest.stacks ?? {}).map((stack): StackArtifact => {
    const path = join(dir, stack.synthesizedStackPath);
    const template = readJson(path);
    const metadata = (template['//'] as { [STACK_METADATA_KEY.gcp]?: StackMetadata } | undefined)?.[STACK_METADATA_KEY.gcp];
    const { project, region } = googleProvider(template);
    return {
      cloud: 'gcp',
      id: stack.name,
      name: stack.name,
      account: project,
      region,
      file: relative(dir, path),
      template,
      ...(metadata === undefined ? {} : { metadata }),
    };
  });
}

/**
 * Reads `awsDir` (a cloud assembly) and/or `gcpDir` (cdktf output). A directory that is given but
 * holds no manifest, or lacks a template its manifest names, is an error: a review of nothing must not pass.
 */
export function readAssembly(dirs: { readonly awsDir?: string; readonly gcpDir?: string }): Assembly {
  const stacks: StackArtifact[] = [];
  if (dirs.awsDir !== undefined) {
    if (!existsSync(join(dirs.awsDir, 'manifest.json'))) throw new Error(`${dirs.awsDir}: no manifest.json (not a cloud assembly)`);
    const missing = missingTemplates(dirs.awsDir);
    if (missing.length > 0) throw new Error(missingTemplatesMessage(dirs.awsDir, missing));
    stacks.push(...awsStacks(dirs.awsDir, dirs.awsDir).sort((a, b) => a.id.localeCompare(b.id)));
  }
  if (dirs.gcpDir !== undefined) {
    if (!existsSync(join(dirs.gcpDir, 'manifest.json'))) throw new Error(`${dirs.gcpDir}: no manifest.json (not a CDK for Terraform output)`);
    stacks.push(...gcpStacks(dirs.gcpDir));
  }
  return { ...dirs, stacks };
}
