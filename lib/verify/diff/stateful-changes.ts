import type { Assembly, Json, StackArtifact } from '../types';
import { AWS_RULES } from './aws-stateful';
import type { CloudRules, PropertyChange, TemplateResource } from './cloud-rules';
import { GCP_RULES } from './gcp-stateful';

/**
 * Data a deploy of `next` over `base` would lose: every stateful resource of the base build that the
 * next one removes, replaces, or guards less. Stacks are matched by id and resources by logical id
 * (Terraform: `<type>.<name>`, following `moved` blocks), the way CloudFormation and Terraform match
 * them, so a renamed construct (a new logical id) reads as what it is: a removal and a new resource.
 */

export type StatefulChangeKind = 'removed' | 'replaced' | 'policy-weakened';

export interface StatefulChange {
  readonly kind: StatefulChangeKind;
  readonly cloud: 'aws' | 'gcp';
  /** Stack id (StackArtifact.id). */
  readonly stack: string;
  /** Logical id (CloudFormation) or `<type>.<name>` (Terraform), as in the base build. */
  readonly resource: string;
  readonly type: string;
  /** Template file the pointer is in: the base one for a removal, the next one otherwise. */
  readonly file: string;
  /** RFC 6901 pointer to the resource (removal) or to the property that changed. */
  readonly pointer: string;
  /** The property, attribute or policy that changed; absent for a removal. */
  readonly property?: string;
  readonly before?: Json;
  readonly after?: Json;
  /** Why this counts, e.g. "absent from the next build" or "references DataKey, which is replaced". */
  readonly cause: string;
  /** What the deploy does to the data, in words. */
  readonly effect: string;
}

const rulesFor = (stack: StackArtifact): CloudRules => (stack.cloud === 'aws' ? AWS_RULES : GCP_RULES);

function change(
  kind: StatefulChangeKind,
  stack: StackArtifact,
  resource: TemplateResource,
  at: { readonly file: string; readonly pointer: string },
  detail: Partial<PropertyChange> & { readonly cause: string; readonly effect: string },
): StatefulChange {
  return {
    kind,
    cloud: stack.cloud,
    stack: stack.id,
    resource: resource.key,
    type: resource.type,
    file: at.file,
    pointer: detail.pointer ?? at.pointer,
    ...(detail.property === undefined ? {} : { property: detail.property }),
    ...(detail.before === undefined ? {} : { before: detail.before }),
    ...(detail.after === undefined ? {} : { after: detail.after }),
    cause: detail.note === undefined ? detail.cause : `${detail.cause}; ${detail.note}`,
    effect: detail.effect,
  };
}

/** Every stateful resource of a stack that leaves with it (stack gone, or renamed so a new stack takes its place). */
function leftWithStack(base: StackArtifact, next: StackArtifact | undefined): StatefulChange[] {
  const rules = rulesFor(base);
  return [...rules.stateful(base).values()].map((resource) => {
    const at = { file: base.file, pointer: resource.pointer };
    if (next === undefined) {
      const cause = 'its stack is not in the next build (this happens when the stack is deleted)';
      return change('removed', base, resource, at, { cause, effect: rules.removalEffect(resource, undefined) });
    }
    return change('removed', base, resource, at, {
      property: 'stack name',
      before: base.name,
      after: next.name,
      cause: 'stack renamed: a new stack is deployed and the resource stays behind in the old one',
      effect:
        'left in the old stack, so the new one creates another, empty one (or fails on a fixed name); ' +
        `deleting the old stack: ${rules.removalEffect(resource, undefined)}`,
    });
  });
}

interface Matched {
  readonly before: TemplateResource;
  readonly after: TemplateResource;
}

/** Changes within one stack present in both builds under the same name. */
function withinStack(base: StackArtifact, next: StackArtifact): StatefulChange[] {
  const rules = rulesFor(base);
  const found: StatefulChange[] = [];
  const matched: Matched[] = [];
  /** Keys (in next) whose resource is destroyed and created anew: anything referencing them changes too. */
  const replaced = new Set<string>();
  /** Keys with a replacement of their own (refused or not): a cascade adds nothing to those. */
  const direct = new Set<string>();
  const at = { file: next.file, pointer: '' };

  for (const before of rules.stateful(base).values()) {
    const after = rules.resource(next, rules.movedTo(next, before.key) ?? before.key);
    if (after === undefined) {
      const effect = rules.removalEffect(before, next);
      found.push(change('removed', base, before, { file: base.file, pointer: before.pointer }, { cause: 'absent from the next build', effect }));
      continue;
    }
    matched.push({ before, after });
    const replacements = rules.replacements(before, after, base, next);
    if (replacements.length > 0) {
      const outcome = rules.replacementOutcome(before, after, replacements);
      direct.add(after.key);
      if (outcome.happens) replaced.add(after.key);
      for (const r of replacements)
        found.push(change('replaced', base, before, at, { ...r, cause: `${r.property} changed`, effect: outcome.effect }));
    }
    for (const p of rules.weakenedProtections(before, after)) {
      const effect = p.effect ?? 'a removal or replacement now destroys the data';
      found.push(change('policy-weakened', base, before, at, { ...p, cause: `${p.property} weakened`, effect }));
    }
  }

  // A replaced resource gets a new physical id, so every stateful resource whose replacement-causing
  // property points at it is replaced in turn (a new key under a cluster, a new cluster under its instances).
  for (let grew = true; grew;) {
    grew = false;
    for (const { before, after } of matched) {
      if (replaced.has(after.key) || direct.has(after.key)) continue;
      const hit = [...rules.references(after)].find(([, ref]) => [...ref.keys].some((k) => replaced.has(k)));
      if (hit === undefined) continue;
      const [property, ref] = hit;
      const target = [...ref.keys].find((k) => replaced.has(k)) as string;
      const detail = { property, pointer: ref.pointer, ...(ref.value === undefined ? {} : { before: ref.value, after: ref.value }) };
      const outcome = rules.replacementOutcome(before, after, [detail]);
      found.push(
        change('replaced', base, before, at, {
          ...detail,
          cause: `references ${target}, which is replaced (a new physical id)`,
          effect: outcome.effect,
        }),
      );
      direct.add(after.key);
      if (outcome.happens) {
        replaced.add(after.key);
        grew = true;
      }
    }
  }
  return found;
}

const KIND_ORDER: readonly StatefulChangeKind[] = ['removed', 'replaced', 'policy-weakened'];

/** Every stateful resource of `base` that a deploy of `next` would remove, replace, or guard less. */
export function statefulChanges(base: Assembly, next: Assembly): StatefulChange[] {
  return base.stacks
    .flatMap((stack) => {
      const counterpart = next.stacks.find((s) => s.cloud === stack.cloud && s.id === stack.id);
      if (counterpart === undefined || counterpart.name !== stack.name) return leftWithStack(stack, counterpart);
      return withinStack(stack, counterpart);
    })
    .sort(
      (a, b) =>
        a.stack.localeCompare(b.stack) ||
        a.resource.localeCompare(b.resource) ||
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        (a.property ?? '').localeCompare(b.property ?? ''),
    );
}
