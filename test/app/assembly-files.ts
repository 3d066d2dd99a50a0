import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

/** Every file under `dir` ending in `suffix`, by path relative to `dir`, with its text. */
export function filesEndingIn(dir: string, suffix: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(suffix)) found.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return found;
}

interface ManifestArtifact {
  readonly type: string;
  readonly displayName?: string;
  readonly environment?: string;
  readonly dependencies?: string[];
  readonly properties?: Record<string, unknown>;
}

/**
 * What the CLI lists an assembly from: every artifact of its manifest and of its stages' nested
 * manifests, by path (`assembly-prod-us-east-1/<id>`), with its type, display name, environment,
 * dependencies and properties. Left out: a stack's template, the asset URL that hashes it, and its
 * resources' metadata (logical ids, acknowledgments): what a names-only listing does not build.
 */
export function listedArtifacts(dir: string, prefix = ''): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  const listed: Record<string, unknown> = {};
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly') {
      Object.assign(listed, listedArtifacts(join(dir, String(artifact.properties?.directoryName)), `${prefix}${id}/`));
      continue;
    }
    const properties = { ...(artifact.properties ?? {}) };
    delete properties.stackTemplateAssetObjectUrl;
    listed[`${prefix}${id}`] = {
      type: artifact.type,
      displayName: artifact.displayName,
      environment: artifact.environment,
      dependencies: artifact.dependencies,
      properties,
    };
  }
  return listed;
}
