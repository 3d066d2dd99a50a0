import type { Assembly, StackArtifact } from '../types';
import { resources, type Resource } from './template';

/**
 * The resources of an assembly's AWS stacks by type, account and region, indexed once per assembly.
 * Several checks judge a stack by what another stack of its account (and region) holds: the trail,
 * the detector, the Macie session, the backup selections, a managed policy attached by ARN, the VPCs
 * whose ranges must not overlap. Each used to read every stack of the assembly for every stack it
 * judged, which at a thousand tenants made the review quadratic; they look the resources up here.
 *
 * The index is kept beside the assembly object (a WeakMap), so it lives as long as the assembly, and a
 * weakened copy (test/verify/synthesized.ts: a new assembly object) gets its own. An assembly is
 * read-only once read (its type says so): a caller that changed one in place after verifying it
 * would be judged on the index of what it was.
 */

/** A resource with the stack that holds it. */
export interface Placed {
  readonly stack: StackArtifact;
  readonly resource: Resource;
}

/** Where to look: one account, or one account and region; nothing given means every AWS stack. */
export interface Scope {
  readonly account: string;
  readonly region?: string;
}

const EVERYWHERE = '';
const keyOf = (scope: Scope | undefined): string =>
  scope === undefined ? EVERYWHERE : scope.region === undefined ? `account ${scope.account}` : `region ${scope.account} ${scope.region}`;

/** assembly -> resource type -> scope key -> resources, filled one type at a time as checks ask. */
const indexes = new WeakMap<Assembly, Map<string, Map<string, Placed[]>>>();

function indexType(assembly: Assembly, type: string): Map<string, Placed[]> {
  const byScope = new Map<string, Placed[]>();
  const add = (key: string, placed: Placed) => {
    const list = byScope.get(key);
    if (list === undefined) byScope.set(key, [placed]);
    else list.push(placed);
  };
  for (const stack of assembly.stacks) {
    if (stack.cloud !== 'aws') continue;
    for (const resource of resources(stack, type)) {
      const placed = { stack, resource };
      add(EVERYWHERE, placed);
      add(keyOf({ account: stack.account }), placed);
      add(keyOf({ account: stack.account, region: stack.region }), placed);
    }
  }
  return byScope;
}

/**
 * Every resource of `type` in the AWS stacks of `scope` (every AWS stack when absent), each with its
 * stack, in the order a scan would meet them: stacks as the assembly lists them, resources as their
 * template does. The list is shared: read it, never change it.
 */
export function placedResources(assembly: Assembly, type: string, scope?: Scope): readonly Placed[] {
  let byType = indexes.get(assembly);
  if (byType === undefined) {
    byType = new Map();
    indexes.set(assembly, byType);
  }
  let byScope = byType.get(type);
  if (byScope === undefined) {
    byScope = indexType(assembly, type);
    byType.set(type, byScope);
  }
  return byScope.get(keyOf(scope)) ?? [];
}
