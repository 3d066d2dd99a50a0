import { STATEFUL_RESOURCE_TYPES } from '../../nag/stateful-types';
import { isObject, referencedIds } from '../aws/template';
import { pointer } from '../evidence';
import type { Json, JsonObject, StackArtifact } from '../types';
import { sameJson, type CloudRules, type PropertyChange, type ReplacementOutcome, type TemplateResource } from './cloud-rules';
import { CFN_REPLACEMENT, cfnPolicyRank, defaultDeletionPolicy } from './replacement-properties';

/** CloudFormation's side of the stateful diff. */

const propsOf = (resource: TemplateResource): JsonObject => (isObject(resource.body.Properties) ? resource.body.Properties : {});

function resourceAt(stack: StackArtifact, key: string): TemplateResource | undefined {
  const all = isObject(stack.template.Resources) ? stack.template.Resources : {};
  const body = all[key];
  if (!isObject(body) || typeof body.Type !== 'string') return undefined;
  return { key, type: body.Type, body, pointer: pointer('Resources', key) };
}

/** The policy CloudFormation applies, the attribute's default when the template leaves it out. */
function policyOf(resource: TemplateResource, attribute: 'DeletionPolicy' | 'UpdateReplacePolicy'): { value: string; explicit: boolean } {
  const raw = resource.body[attribute];
  if (typeof raw === 'string') return { value: raw, explicit: true };
  return { value: attribute === 'DeletionPolicy' ? defaultDeletionPolicy(resource.type, propsOf(resource)) : 'Delete', explicit: false };
}

const shown = (policy: { value: string; explicit: boolean }): string => (policy.explicit ? policy.value : `${policy.value} (default)`);

function removalEffect(resource: TemplateResource): string {
  const policy = policyOf(resource, 'DeletionPolicy').value;
  if (cfnPolicyRank(policy) === 2) {
    return (
      `orphaned (DeletionPolicy ${policy}): stays in the account but leaves the stack; ` +
      'its data is no longer managed, and a later deploy of the same name fails'
    );
  }
  if (policy === 'Snapshot')
    return 'deleted after a final snapshot (DeletionPolicy Snapshot): the live data is gone; only the snapshot remains, outside the stack';
  return `deleted (DeletionPolicy ${policy}): the resource and its data are destroyed`;
}

/** The weaker of the two UpdateReplacePolicy values: the old resource's fate must not hinge on which template is read. */
function replacePolicy(before: TemplateResource, after: TemplateResource): string {
  const [a, b] = [policyOf(before, 'UpdateReplacePolicy').value, policyOf(after, 'UpdateReplacePolicy').value];
  return cfnPolicyRank(a) <= cfnPolicyRank(b) ? a : b;
}

function replacementOutcome(before: TemplateResource, after: TemplateResource, changed: readonly PropertyChange[]): ReplacementOutcome {
  const rule = CFN_REPLACEMENT[before.type];
  const names = changed.map((c) => c.property).join(', ');
  if (before.type !== after.type) {
    return {
      effect: `replaced by a ${after.type}: the ${before.type} leaves the stack (see its DeletionPolicy) and its data with it`,
      happens: true,
    };
  }
  if (rule?.refusesUpdate) {
    return {
      effect:
        `update refused: ${names} cannot change on an existing key, so the deploy fails; ` +
        'the only way through is a new key and re-encrypting everything under it',
      happens: false,
    };
  }
  const fixedName = rule?.name === undefined ? undefined : propsOf(after)[rule.name];
  if (rule?.name !== undefined && fixedName !== undefined && !changed.some((c) => c.property === rule.name)) {
    return {
      effect: `replacement fails: CloudFormation cannot replace a resource with a fixed ${rule.name} that stays the same; the deploy rolls back`,
      happens: false,
    };
  }
  const policy = replacePolicy(before, after);
  if (cfnPolicyRank(policy) === 2) {
    return {
      effect:
        `replaced: a new, empty ${before.type} takes its place; ` +
        `the old one stays in the account outside the stack (UpdateReplacePolicy ${policy}), its data no longer managed`,
      happens: true,
    };
  }
  if (policy === 'Snapshot')
    return { effect: 'replaced: a new, empty one takes its place; the old one is deleted after a final snapshot', happens: true };
  return {
    effect: `replaced: a new, empty one takes its place and the old one is deleted with its data (UpdateReplacePolicy ${policy})`,
    happens: true,
  };
}

export const AWS_RULES: CloudRules = {
  stateful(stack) {
    const all = isObject(stack.template.Resources) ? Object.keys(stack.template.Resources) : [];
    const found = new Map<string, TemplateResource>();
    for (const key of all) {
      const resource = resourceAt(stack, key);
      if (resource !== undefined && STATEFUL_RESOURCE_TYPES.has(resource.type)) found.set(key, resource);
    }
    return found;
  },
  resource: resourceAt,
  // CloudFormation has no rename: a new logical id is a new resource (stack refactoring happens outside templates).
  movedTo: () => undefined,
  replacements(before, after) {
    if (before.type !== after.type)
      return [{ property: 'Type', pointer: pointer('Resources', after.key, 'Type'), before: before.type, after: after.type }];
    const [was, is] = [propsOf(before), propsOf(after)];
    return (CFN_REPLACEMENT[before.type]?.properties ?? [])
      .filter((p) => !sameJson(was[p], is[p]))
      .map((p) => ({
        property: p,
        pointer: pointer('Resources', after.key, 'Properties', p),
        ...(was[p] === undefined ? {} : { before: was[p] }),
        ...(is[p] === undefined ? {} : { after: is[p] }),
      }));
  },
  references(resource) {
    const props = propsOf(resource);
    const found = new Map<string, { pointer: string; value?: Json; keys: ReadonlySet<string> }>();
    for (const p of CFN_REPLACEMENT[resource.type]?.properties ?? []) {
      const keys = referencedIds(props[p]);
      if (keys.size > 0) found.set(p, { pointer: pointer('Resources', resource.key, 'Properties', p), value: props[p], keys });
    }
    return found;
  },
  weakenedProtections(before, after) {
    return (['DeletionPolicy', 'UpdateReplacePolicy'] as const).flatMap((attribute): PropertyChange[] => {
      const [was, is] = [policyOf(before, attribute), policyOf(after, attribute)];
      if (cfnPolicyRank(is.value) >= cfnPolicyRank(was.value)) return [];
      const effect =
        attribute === 'DeletionPolicy'
          ? `removing the resource or deleting the stack now ${is.value === 'Snapshot' ? 'keeps only a final snapshot' : 'destroys the data'}`
          : `a replacement now ${is.value === 'Snapshot' ? 'keeps only a final snapshot of' : 'destroys'} the old resource's data`;
      return [{ property: attribute, pointer: pointer('Resources', after.key, attribute), before: shown(was), after: shown(is), effect }];
    });
  },
  removalEffect: (resource) => removalEffect(resource),
  replacementOutcome,
};
