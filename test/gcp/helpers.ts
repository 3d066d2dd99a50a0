import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { setupJest } from 'cdktf/lib/testing/adapters/jest';
import { loadConfig, parseConfig } from '../../lib/config/loader';
import { ConfigError } from '../../lib/config/errors';
import { RampartConfig } from '../../lib/config/schema';
import { GcpSynthResult, StackDocument, synthGcp, readSynthesizedStacks, TfJson } from '../../lib/gcp';

// CDKTF's Jest matchers (toHaveResourceWithProperties, ...) on the synthesized JSON strings.
setupJest();

export const DEFAULT_CONFIG = 'config/default.yaml';
export const US = 'example-saas-prod-recordings-us';
export const EU = 'example-saas-prod-recordings-eu';

export function fixture(name: string): string {
  return join(__dirname, '..', 'fixtures', 'gcp', name);
}

/** The default config with its gcp: section (and optionally its policy: section) replaced or patched. */
export function configWith(
  patch: (gcp: Record<string, unknown>) => Record<string, unknown>,
  patchPolicy: (policy: Record<string, unknown>) => Record<string, unknown> = (policy) => policy,
): RampartConfig {
  const base = JSON.parse(JSON.stringify(loadConfig(DEFAULT_CONFIG))) as Record<string, unknown>;
  const policy = patchPolicy({ ...(base.policy as Record<string, unknown>) });
  return parseConfig({ ...base, policy, gcp: patch({ ...(base.gcp as Record<string, unknown>) }) });
}

export interface Synthesized {
  readonly result: GcpSynthResult;
  readonly docs: StackDocument[];
  /** The written cdk.tf.json of a stack, as the string CDKTF's matchers take. */
  text(stack: string): string;
  json(stack: string): TfJson;
  cleanup(): void;
}

/** Synthesizes like the main job (synthGcp into a temporary outdir, checked against config.policy) and reads back what was written. */
export function synthesize(config: RampartConfig): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'rampart-gcp-'));
  const result = synthGcp(config, config.policy, outdir);
  const docs = readSynthesizedStacks(outdir);
  const json = (stack: string): TfJson => {
    const doc = docs.find((d) => d.name === stack);
    if (doc === undefined) throw new Error(`no stack ${stack} in ${docs.map((d) => d.name).join(', ')}`);
    return doc.json;
  };
  return { result, docs, json, text: (stack) => JSON.stringify(json(stack)), cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** Resource blocks of one type, by name. */
export function resourcesOf(json: TfJson, type: string): Record<string, Record<string, any>> {
  return (json.resource?.[type] ?? {}) as Record<string, Record<string, any>>;
}

/** The single resource of a type whose logical name starts with `prefix`. */
export function one(json: TfJson, type: string, prefix: string): Record<string, any> {
  const matches = Object.entries(resourcesOf(json, type)).filter(([name]) => name.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${matches.map(([n]) => n).join(', ') || 'none'}`);
  return matches[0][1];
}

/** Snapshot form: metadata ("//") and the local state path removed (it names the checkout when the outdir is outside it). */
export function forSnapshot(json: TfJson): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key !== '//')
        .map(([key, v]) => [key, key === 'path' && typeof v === 'string' && v.endsWith('.tfstate') ? '<local state>' : strip(v)]),
    );
  };
  return strip(json);
}

/** A deep copy to weaken in policy tests. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The one-line messages of the ConfigError `fn` throws; fails the test when it throws none. */
export function configErrorLinesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.lines;
    throw e;
  }
  throw new Error('expected a ConfigError');
}
