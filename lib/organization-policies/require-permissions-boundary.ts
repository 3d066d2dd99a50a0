import type { ControlId } from '../promises/control-ids';
import { CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

const PRINCIPAL_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User']);
const CHECKED = Symbol.for('rampart.RequirePermissionsBoundary');

/**
 * LEAST-PRIV: fails synthesis on any `AWS::IAM::Role` or `AWS::IAM::User` in scope that has no
 * `PermissionsBoundary`, naming the construct path.
 *
 * The check runs at validation time (after every aspect has run), on the rendered template
 * properties, so it sees boundaries set by `PermissionsBoundary.of(...)`, by property overrides or
 * by props, and it sees roles that CDK emits as plain `CfnResource`s (custom-resource providers).
 */
/** The controls this aspect checks (lib/promises). */
export const PERMISSIONS_BOUNDARY_CONTROLS: readonly ControlId[] = ['LEAST-PRIV', 'HIPAA'];

export class RequirePermissionsBoundary implements IAspect {
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || !PRINCIPAL_TYPES.has(node.cfnResourceType)) return;
    const marked = node as unknown as Record<symbol, boolean>;
    if (marked[CHECKED]) return;
    marked[CHECKED] = true;
    const resource = node;
    node.node.addValidation({
      validate: () =>
        hasPermissionsBoundary(resource)
          ? []
          : [
              `${resource.cfnResourceType} at ${resource.node.path} has no PermissionsBoundary; every role and user must carry a Rampart permissions boundary (HipaaPermissionsBoundary or PlatformPermissionsBoundary .applyTo)`,
            ],
    });
  }
}

/** Whether the rendered template properties of a role or user carry a PermissionsBoundary. */
export function hasPermissionsBoundary(resource: CfnResource): boolean {
  const rendered = Stack.of(resource).resolve((resource as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as {
    Resources: Record<string, { Properties?: Record<string, unknown> }>;
  };
  const [only] = Object.values(rendered.Resources);
  const boundary = only?.Properties?.PermissionsBoundary;
  return boundary !== undefined && boundary !== null && boundary !== '';
}
