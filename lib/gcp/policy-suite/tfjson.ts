import { Finding, StackDocument, TfBlock } from './types';

/** Helpers that read Terraform JSON without knowing how it was produced. */

export interface Addressed {
  /** `type.name`, as Terraform and `terraform state` name it. */
  readonly address: string;
  readonly name: string;
  readonly block: TfBlock;
}

export function resources(stack: StackDocument, type: string): Addressed[] {
  return Object.entries(stack.json.resource?.[type] ?? {}).map(([name, block]) => ({ address: `${type}.${name}`, name, block }));
}

export function dataSources(stack: StackDocument, type: string): Addressed[] {
  return Object.entries(stack.json.data?.[type] ?? {}).map(([name, block]) => ({ address: `data.${type}.${name}`, name, block }));
}

export function allResources(stack: StackDocument): Addressed[] {
  return Object.keys(stack.json.resource ?? {}).flatMap((type) => resources(stack, type));
}

/** Reads a nested attribute; single nested blocks may be objects or one-element lists in Terraform JSON. */
export function get(block: unknown, ...path: string[]): unknown {
  let current: unknown = block;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `${google_kms_crypto_key.x.id}` -> `google_kms_crypto_key.x`; undefined if the value is not a reference. */
export function referencedAddress(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(value) : null;
  return match?.[1];
}

/** The block at an address in this stack. */
export function lookup(stack: StackDocument, address: string | undefined): TfBlock | undefined {
  if (address === undefined) return undefined;
  const [type, name] = address.split('.');
  return stack.json.resource?.[type]?.[name];
}

export function hasPreventDestroy(block: TfBlock): boolean {
  return get(block, 'lifecycle', 'prevent_destroy') === true;
}

/** The google provider's project and default labels. */
export function providerSettings(stack: StackDocument): { project?: string; region?: string; labels: Record<string, string> } {
  const provider = stack.json.provider?.google?.[0] ?? {};
  return {
    project: str(provider.project),
    region: str(provider.region),
    labels: (provider.default_labels as Record<string, string> | undefined) ?? {},
  };
}

/** Bound finding factory: messages always name the stack and the resource address. */
export function reporter(ruleId: string, stack: StackDocument): (resource: string, problem: string) => Finding {
  return (resource, problem) => ({ ruleId, resource, message: `${stack.name}: ${resource}: ${problem}` });
}

export const DAY_SECONDS = 86400;

/** `"7776000s"` -> 7776000. */
export function durationSeconds(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}
