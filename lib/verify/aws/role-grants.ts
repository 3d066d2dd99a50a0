import type { CheckContext, JsonObject, StackArtifact } from '../types';
import { managedPolicy } from './managed-policy';
import { asArray, isObject, referencedLogicalId, renderString, resources, statements, type Resource } from './template';

/** The action that lets a role connect to an Aurora cluster as a database user (IAM database authentication). */
export const CONNECT = 'rds-db:connect';

/** One Allow statement a role is granted, and where it is. */
export interface Grant {
  /** Where the statement is: `<stack> <logical id>` (or the unresolved ARN). */
  readonly where: string;
  readonly stack: StackArtifact;
  readonly statement: JsonObject;
  /** The ARN the role names, for a managed policy it attaches by ARN. */
  readonly managedPolicyArn?: string;
}

/** Every Allow statement the role is granted: inline, by a policy of its stack, by a managed policy attached by ARN. */
export function grantsOf(context: CheckContext, role: Resource): { grants: Grant[]; unresolved: string[] } {
  const { stack } = context;
  const grants: Grant[] = [];
  const unresolved: string[] = [];
  for (const inline of asArray(role.props.Policies)) {
    if (isObject(inline)) for (const s of statements(inline.PolicyDocument)) grants.push({ where: `${stack.id} ${role.id}`, stack, statement: s });
  }
  for (const policy of resources(stack, 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy')) {
    if (asArray(policy.props.Roles).some((r) => referencedLogicalId(r) === role.id)) {
      for (const s of statements(policy.props.PolicyDocument)) grants.push({ where: `${stack.id} ${policy.id}`, stack, statement: s });
    }
  }
  for (const value of asArray(role.props.ManagedPolicyArns)) {
    const found = managedPolicy(context, value);
    if (found === undefined) {
      unresolved.push(renderString(stack, value));
      continue;
    }
    const managedPolicyArn = renderString(stack, value);
    for (const s of statements(found.document))
      grants.push({ where: `${found.stack.id} ${found.id}`, stack: found.stack, statement: s, managedPolicyArn });
  }
  // Only Allows are grants: callers match a grant on its action alone (actionMatches).
  return { grants: grants.filter((g) => g.statement.Effect !== 'Deny'), unresolved };
}
