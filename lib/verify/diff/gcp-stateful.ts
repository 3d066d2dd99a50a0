import { isObject } from '../aws/template';
import { pointer } from '../evidence';
import type { Json, JsonObject, StackArtifact } from '../types';
import { sameJson, valueAt, type CloudRules, type PropertyChange, type ReplacementOutcome, type TemplateResource } from './cloud-rules';
import { GCP_STATEFUL_TYPES, TERRAFORM_PROTECTIONS, TERRAFORM_REPLACEMENT, type TerraformReplacementRule } from './replacement-properties';

/** Terraform's (cdk.tf.json) side of the stateful diff. Keys are `<type>.<name>`, as Terraform addresses them. */

function byType(stack: StackArtifact): JsonObject {
  return isObject(stack.template.resource) ? stack.template.resource : {};
}

function resourceAt(stack: StackArtifact, key: string): TemplateResource | undefined {
  const dot = key.indexOf('.');
  const [type, name] = [key.slice(0, dot), key.slice(dot + 1)];
  const ofType = byType(stack)[type];
  const body = isObject(ofType) ? ofType[name] : undefined;
  return isObject(body) ? { key, type, body, pointer: pointer('resource', type, name) } : undefined;
}

const attributePointer = (resource: TemplateResource, attribute: string): string => resource.pointer + pointer(...attribute.split('.'));

/** Top-level blocks of the next configuration that say what happens to an address (`moved`, `removed`). */
function blocks(stack: StackArtifact, kind: 'moved' | 'removed'): JsonObject[] {
  const value = stack.template[kind];
  return (Array.isArray(value) ? value : [value]).filter(isObject);
}

function valueOf(resource: TemplateResource, rule: TerraformReplacementRule, stack: StackArtifact): Json | undefined {
  const value = valueAt(resource.body, rule.attribute);
  if (value !== undefined || rule.fallback === undefined) return value;
  // An absent project or region is the provider's: making it explicit with the same value changes nothing.
  return rule.fallback === 'project' ? stack.account : stack.region;
}

/** `${google_kms_key_ring.ring.id}` -> `google_kms_key_ring.ring`: the addresses an attribute interpolates. */
function addresses(value: Json | undefined): Set<string> {
  const found = new Set<string>();
  const text = value === undefined ? '' : JSON.stringify(value);
  for (const m of text.matchAll(/\$\{([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g)) found.add(m[1]);
  return found;
}

const preventsDestroy = (resource: TemplateResource): boolean => valueAt(resource.body, 'lifecycle.prevent_destroy') === true;

function removalEffect(resource: TemplateResource, next: StackArtifact | undefined): string {
  const body = resource.body;
  const forgotten = next !== undefined && blocks(next, 'removed').some((b) => b.from === resource.key && valueAt(b, 'lifecycle.destroy') === false);
  if (forgotten) return 'orphaned (removed block, destroy = false): Terraform forgets it; it stays in the project, its data no longer managed';
  // prevent_destroy lives in the resource block: once the block is gone it guards nothing.
  const guard = preventsDestroy(resource) ? '; prevent_destroy left with the resource block, so it does not stop this' : '';
  switch (resource.type) {
    case 'google_sql_database':
      if (body.deletion_policy === 'ABANDON')
        return 'abandoned (deletion_policy ABANDON): Terraform forgets it; the database stays in its instance, unmanaged';
      return `destroyed: the database and its data are dropped${guard}`;
    case 'google_sql_database_instance':
      if (body.deletion_protection !== false) {
        return `destroy planned: deletion_protection fails the apply until it is turned off, then the instance and its backups are deleted${guard}`;
      }
      return `destroyed: the instance and its automated backups are deleted${guard}`;
    case 'google_storage_bucket':
      if (body.force_destroy !== true)
        return `destroy planned: the apply fails while the bucket holds objects (force_destroy false); an emptied bucket is deleted${guard}`;
      return `destroyed with every object in it (force_destroy true)${guard}`;
    case 'google_kms_crypto_key':
      return `destroyed: every key version is scheduled for destruction; data encrypted under it becomes unreadable${guard}`;
    case 'google_kms_key_ring':
      return `forgotten: key rings cannot be deleted, so Terraform drops it from state; its keys lose their manager${guard}`;
    default:
      return `destroyed: Terraform deletes it with its data${guard}`;
  }
}

function replacementOutcome(_before: TemplateResource, after: TemplateResource, changed: readonly PropertyChange[]): ReplacementOutcome {
  const names = changed.map((c) => c.property).join(', ');
  if (preventsDestroy(after)) {
    return {
      effect: `replacement refused: ${names} forces a new resource and prevent_destroy fails the plan; the only way through destroys the data`,
      happens: false,
    };
  }
  return { effect: `replaced: ${names} forces a new resource; Terraform destroys it with its data and creates a new, empty one`, happens: true };
}

export const GCP_RULES: CloudRules = {
  stateful(stack) {
    const found = new Map<string, TemplateResource>();
    for (const [type, ofType] of Object.entries(byType(stack))) {
      if (!GCP_STATEFUL_TYPES.has(type) || !isObject(ofType)) continue;
      for (const name of Object.keys(ofType)) {
        const resource = resourceAt(stack, `${type}.${name}`);
        if (resource !== undefined) found.set(resource.key, resource);
      }
    }
    return found;
  },
  resource: resourceAt,
  movedTo(next, key) {
    const to = blocks(next, 'moved').find((b) => b.from === key)?.to;
    return typeof to === 'string' ? to : undefined;
  },
  replacements(before, after, base, next) {
    if (before.type !== after.type) return [{ property: 'type', pointer: after.pointer, before: before.type, after: after.type }];
    return (TERRAFORM_REPLACEMENT[before.type] ?? []).flatMap((rule): PropertyChange[] => {
      const [was, is] = [valueOf(before, rule, base), valueOf(after, rule, next)];
      if ((rule.same ?? sameJson)(was, is)) return [];
      return [
        {
          property: rule.attribute,
          pointer: attributePointer(after, rule.attribute),
          ...(was === undefined ? {} : { before: was }),
          ...(is === undefined ? {} : { after: is }),
          ...(rule.note === undefined ? {} : { note: rule.note }),
        },
      ];
    });
  },
  references(resource) {
    const found = new Map<string, { pointer: string; value?: Json; keys: ReadonlySet<string> }>();
    for (const rule of TERRAFORM_REPLACEMENT[resource.type] ?? []) {
      const value = valueAt(resource.body, rule.attribute);
      const keys = addresses(value);
      if (keys.size > 0) found.set(rule.attribute, { pointer: attributePointer(resource, rule.attribute), value, keys });
    }
    return found;
  },
  weakenedProtections(before, after) {
    return (TERRAFORM_PROTECTIONS[before.type] ?? []).flatMap((guard): PropertyChange[] => {
      const [was, is] = [valueAt(before.body, guard.attribute), valueAt(after.body, guard.attribute)];
      if (!guard.protects(was) || guard.protects(is)) return [];
      return [
        {
          property: guard.attribute,
          pointer: attributePointer(after, guard.attribute),
          ...(was === undefined ? {} : { before: was }),
          ...(is === undefined ? {} : { after: is }),
          effect: `${guard.attribute} no longer stops a destroy: a removal or replacement now deletes the data`,
        },
      ];
    });
  },
  removalEffect,
  replacementOutcome,
};
