import { isObject } from '../aws/template';
import type { Json, JsonObject, StackArtifact } from '../types';

/**
 * What the stateful diff needs to know about one cloud's templates, so that CloudFormation and
 * Terraform go through one comparison: which resources hold data, which changes replace them, what
 * protects them and what a removal does to their data.
 */

/** One resource of a template, stateful or not. */
export interface TemplateResource {
  /** Logical id (CloudFormation) or `<type>.<name>` (Terraform). */
  readonly key: string;
  readonly type: string;
  /** The whole resource (CloudFormation: Type, Properties, policies; Terraform: its attributes). */
  readonly body: JsonObject;
  /** RFC 6901 pointer to the resource in its template. */
  readonly pointer: string;
}

/** One property or attribute whose change matters, with its values on both sides. */
export interface PropertyChange {
  readonly property: string;
  readonly pointer: string;
  readonly before?: Json;
  readonly after?: Json;
  readonly note?: string;
  /** For a weakened guard: what it no longer stops. */
  readonly effect?: string;
}

export interface ReplacementOutcome {
  /** What the deploy does, in words. */
  readonly effect: string;
  /** False when the deploy refuses (and fails) instead of replacing: nothing downstream changes then. */
  readonly happens: boolean;
}

export interface CloudRules {
  /** The stateful resources of a stack, by key. */
  stateful(stack: StackArtifact): Map<string, TemplateResource>;
  /** Any resource of the stack with that key, stateful or not. */
  resource(stack: StackArtifact, key: string): TemplateResource | undefined;
  /** Where the next build says a resource went (Terraform `moved` blocks); undefined when it stays under its key. */
  movedTo(next: StackArtifact, key: string): string | undefined;
  /** Replacement-causing properties that differ. */
  replacements(before: TemplateResource, after: TemplateResource, base: StackArtifact, next: StackArtifact): PropertyChange[];
  /** Per replacement-causing property of `resource`, the keys of the same stack it references. */
  references(resource: TemplateResource): Map<string, { readonly pointer: string; readonly value?: Json; readonly keys: ReadonlySet<string> }>;
  /** Deletion guards that got weaker. */
  weakenedProtections(before: TemplateResource, after: TemplateResource): PropertyChange[];
  /** What leaving the build does to the data (`next` undefined when its whole stack left). */
  removalEffect(resource: TemplateResource, next: StackArtifact | undefined): string;
  replacementOutcome(before: TemplateResource, after: TemplateResource, changed: readonly PropertyChange[]): ReplacementOutcome;
}

/** Structural JSON equality; key order does not matter (templates are rewritten by tools that reorder). */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
}

/**
 * The value at a dotted path. A one-item list is read through, because Terraform JSON writes a
 * nested block either as an object or as a list of one.
 */
export function valueAt(body: JsonObject, path: string): Json | undefined {
  let value: Json | undefined = body;
  for (const segment of path.split('.')) {
    if (Array.isArray(value) && value.length === 1) value = value[0];
    value = isObject(value) ? value[segment] : undefined;
  }
  return value;
}
