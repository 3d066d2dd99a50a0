import { pointer, type Place } from '../evidence';
import type { Json, JsonObject, StackArtifact } from '../types';

/**
 * Reading a cdk.tf.json as Terraform will apply it: resources (and data sources) by type, nested
 * blocks that Terraform JSON may write as an object or as a one-element list, and references such as
 * `${google_kms_crypto_key.data.id}` resolved to the block they name. Nothing here knows how the
 * JSON was produced.
 */

export interface TfResource {
  /** `resource` for managed resources, `data` for data sources. */
  readonly block: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>` (`data.<type>.<name>` for a data source), as Terraform names it. */
  readonly address: string;
  readonly body: JsonObject;
}

export const DAY_SECONDS = 86400;

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: Json | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function blocks(stack: StackArtifact, block: 'resource' | 'data', types: readonly string[]): TfResource[] {
  const all = stack.template[block];
  if (!isObject(all)) return [];
  return Object.entries(all).flatMap(([type, byName]): TfResource[] => {
    if (!isObject(byName) || (types.length > 0 && !types.includes(type))) return [];
    return Object.entries(byName).flatMap(([name, body]): TfResource[] => {
      if (!isObject(body)) return [];
      const address = block === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      return [{ block, type, name, address, body }];
    });
  });
}

/** Every managed resource of the stack, or those whose type is one of `types`. */
export function resources(stack: StackArtifact, ...types: readonly string[]): TfResource[] {
  return blocks(stack, 'resource', types);
}

/** Every data source of the stack, or those whose type is one of `types`. */
export function dataSources(stack: StackArtifact, ...types: readonly string[]): TfResource[] {
  return blocks(stack, 'data', types);
}

/**
 * A nested attribute and the path it sits at. A string key met on a list reads its first element
 * (Terraform JSON writes a single nested block either way), and the path shows the index.
 */
export function lookup(value: Json | undefined, path: readonly (string | number)[]): { value: Json | undefined; at: (string | number)[] } {
  let current = value;
  const at: (string | number)[] = [];
  for (const key of path) {
    if (typeof key === 'string' && Array.isArray(current)) {
      at.push(0);
      current = current[0];
    }
    at.push(key);
    if (typeof key === 'number') current = Array.isArray(current) ? current[key] : undefined;
    else current = isObject(current) ? current[key] : undefined;
  }
  return { value: current, at };
}

/** The attribute at `path` of a resource. */
export function get(resource: TfResource, ...path: readonly (string | number)[]): Json | undefined {
  return lookup(resource.body, path).value;
}

/** Where an attribute of a resource is (or would be): its address and an RFC 6901 pointer into the JSON. */
export function at(resource: TfResource, ...path: readonly (string | number)[]): Place {
  return { resource: resource.address, pointer: pointer(resource.block, resource.type, resource.name, ...lookup(resource.body, path).at) };
}

/** One Terraform reference: `google_x.name.attr`, `data.google_x.name.attr`. */
export interface Reference {
  readonly block: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly attribute?: string;
}

const REFERENCE = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z0-9_.[\]]+))?$/;

function parseExpression(expression: string): Reference | undefined {
  const match = REFERENCE.exec(expression.trim());
  if (match === null) return undefined;
  const [, data, type, name, attribute] = match;
  return { block: data ? 'data' : 'resource', type, name, ...(attribute === undefined ? {} : { attribute }) };
}

/** The reference a value is made of, when the whole value is one `${...}` reference. */
export function reference(value: Json | undefined): Reference | undefined {
  const match = typeof value === 'string' ? /^\$\{([^{}]+)\}$/.exec(value) : null;
  return match === null ? undefined : parseExpression(match[1]);
}

/** Every reference written anywhere inside a value (interpolations in longer strings included). */
export function referencesIn(value: Json | undefined): Reference[] {
  if (typeof value === 'string') {
    return [...value.matchAll(/\$\{([^{}]+)\}/g)].flatMap((m) => {
      const ref = parseExpression(m[1]);
      return ref === undefined ? [] : [ref];
    });
  }
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (isObject(value)) return Object.values(value).flatMap(referencesIn);
  return [];
}

/** The block a reference names in the stack, or undefined. */
export function target(stack: StackArtifact, ref: Reference | undefined): TfResource | undefined {
  if (ref === undefined) return undefined;
  const all = ref.block === 'data' ? dataSources(stack, ref.type) : resources(stack, ref.type);
  return all.find((r) => r.name === ref.name);
}

/** The block a value refers to when it is one whole reference (`${google_kms_crypto_key.data.id}`), else undefined. */
export function resolve(stack: StackArtifact, value: Json | undefined): TfResource | undefined {
  return target(stack, reference(value));
}

/** Every block of the stack referenced anywhere inside a value. */
export function referenced(stack: StackArtifact, value: Json | undefined): TfResource[] {
  return referencesIn(value).flatMap((ref) => {
    const found = target(stack, ref);
    return found === undefined ? [] : [found];
  });
}

/** `"7776000s"` -> 7776000; undefined for anything else. */
export function durationSeconds(value: Json | undefined): number | undefined {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(value) : null;
  return match === null ? undefined : Number(match[1]);
}

/** Whether Terraform refuses to destroy the resource (`lifecycle.prevent_destroy`). */
export function preventsDestroy(resource: TfResource): boolean {
  return get(resource, 'lifecycle', 'prevent_destroy') === true;
}

/** The Google Cloud project a resource belongs to: its own `project`, else the provider's. */
export function projectOf(stack: StackArtifact, resource: TfResource): string {
  return str(get(resource, 'project')) ?? stack.account;
}
