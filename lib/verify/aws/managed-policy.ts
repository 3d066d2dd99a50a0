import type { CheckContext, Json, JsonObject, StackArtifact } from '../types';
import { placedResources, type Placed } from './assembly-index';
import { isObject, referencedLogicalId, renderString, resources } from './template';

/**
 * The customer managed policy a role names (its PermissionsBoundary, an entry of its
 * ManagedPolicyArns), read one way for every check: LEAST-PRIV judges the boundary it caps the role
 * with, ISOLATION the grants it adds to a tenant's access role.
 */

export interface ManagedPolicyFound {
  readonly stack: StackArtifact;
  readonly id: string;
  /** Its ManagedPolicyName, when the template names it. */
  readonly name?: string;
  readonly document: JsonObject;
}

/** `arn:<partition>:iam::<account>:policy/[<path>/]<name>`: IAM policy names are unique in an account, whatever their path. */
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):policy\/(?:.*\/)?([^/]+)$/;

/** The account's managed policies by name (the first one a scan of the assembly meets), kept beside the index's list. */
const byName = new WeakMap<readonly Placed[], Map<string, Placed>>();

function named(policies: readonly Placed[], name: string): Placed | undefined {
  let names = byName.get(policies);
  if (names === undefined) {
    names = new Map();
    for (const placed of policies) {
      const own = placed.resource.props.ManagedPolicyName;
      if (typeof own === 'string' && !names.has(own)) names.set(own, placed);
    }
    byName.set(policies, names);
  }
  return names.get(name);
}

/**
 * The managed policy `value` names: a Ref to one of the stack's own, or the ARN of one of the stack's
 * account, wherever in the assembly it is defined (a role can be given only its own account's
 * policies, or AWS managed ones, which no template defines). Undefined when it is not in the assembly.
 */
export function managedPolicy(context: Pick<CheckContext, 'stack' | 'assembly'>, value: Json | undefined): ManagedPolicyFound | undefined {
  const { stack, assembly } = context;
  const ref = isObject(value) ? referencedLogicalId(value) : undefined;
  if (ref !== undefined) {
    const found = resources(stack, 'AWS::IAM::ManagedPolicy').find((r) => r.id === ref);
    return found && isObject(found.props.PolicyDocument)
      ? { stack, id: found.id, name: policyName(found.props), document: found.props.PolicyDocument }
      : undefined;
  }
  const arn = POLICY_ARN.exec(renderString(stack, value));
  if (arn === null || arn[1] !== stack.account) return undefined;
  const found = named(placedResources(assembly, 'AWS::IAM::ManagedPolicy', { account: stack.account }), arn[2]);
  const document = found?.resource.props.PolicyDocument;
  return found !== undefined && isObject(document)
    ? { stack: found.stack, id: found.resource.id, name: policyName(found.resource.props), document }
    : undefined;
}

function policyName(props: JsonObject): string | undefined {
  return typeof props.ManagedPolicyName === 'string' ? props.ManagedPolicyName : undefined;
}
