import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { synthGcp } from '../../lib/gcp';
import { readAssembly } from '../../lib/verify/read-assembly';
import type { Assembly, Json, JsonObject, StackArtifact } from '../../lib/verify/types';

/**
 * The real output of a config, synthesized once per suite into a temporary folder (validators and
 * the CloudFormation validator off: the verifier reads the templates, not their findings), and
 * helpers to weaken a deep copy of one template the way an escape-hatch override would.
 */
export function synthesized(
  configPath = 'config/default.yaml',
  parts: { readonly aws?: boolean; readonly gcp?: boolean } = {},
): { assembly: Assembly; awsDir: string; gcpDir: string } {
  const config = loadConfig(configPath);
  const dir = mkdtempSync(join(tmpdir(), 'rampart-verify-'));
  const awsDir = join(dir, 'cdk.out');
  const gcpDir = join(dir, 'cdktf.out');
  const aws = parts.aws ?? true;
  const gcp = (parts.gcp ?? true) && config.gcp !== undefined;
  if (aws) buildApp(config, { outdir: awsDir, nagPacks: false, builtinCloudFormationValidation: false }).synth();
  if (gcp) synthGcp(config, config.policy, gcpDir);
  return { assembly: readAssembly({ awsDir: aws ? awsDir : undefined, gcpDir: gcp ? gcpDir : undefined }), awsDir, gcpDir };
}

/** A copy of `assembly` in which stack `id`'s template has been changed by `mutate` (the original stays intact). */
export function weakened(assembly: Assembly, id: string, mutate: (template: Template, stack: StackArtifact) => void): Assembly {
  if (!assembly.stacks.some((s) => s.id === id)) throw new Error(`no stack ${id} in the assembly`);
  return {
    ...assembly,
    stacks: assembly.stacks.map((stack) => {
      if (stack.id !== id) return stack;
      const template = structuredClone(stack.template) as Template;
      mutate(template, stack);
      // The stack's self-description is re-read from the changed template, as readAssembly would.
      const holder = (stack.cloud === 'aws' ? template.Metadata : template['//']) as unknown as Record<string, StackArtifact['metadata']> | undefined;
      const metadata = holder?.[stack.cloud === 'aws' ? 'Rampart' : 'rampart'];
      return { ...stack, template, ...(metadata === undefined ? { metadata: undefined } : { metadata }) };
    }),
  };
}

export type Template = JsonObject & { Resources: Record<string, { Type: string; Properties: Record<string, Json>; [key: string]: Json }> };

/** The one resource of `type` whose logical id starts with `prefix` (fails loudly when not exactly one). */
export function resource(
  template: Template,
  type: string,
  prefix = '',
): { id: string; props: Record<string, Json>; body: Template['Resources'][string] } {
  const found = Object.entries(template.Resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with "${prefix}", found ${found.map(([id]) => id).join(', ') || 'none'}`);
  const [id, body] = found[0];
  body.Properties ??= {};
  return { id, props: body.Properties, body };
}

/** Every resource of `type`. */
export function all(template: Template, type: string): { id: string; props: Record<string, Json> }[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => ({ id, props: (r.Properties ??= {}) }));
}
