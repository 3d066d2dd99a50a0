import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * Resolved CloudFormation properties of a resource, as they will appear in the template.
 * Rules read these rather than L1 attributes so that property overrides are seen too.
 * While the Rampart pack checks a resource (`whileChecking`), they are resolved once for all its
 * rules: resolving renders every token of the resource, and eleven rules read it (a tenth of the
 * pack's time at 1,000 tenants went into resolving the same resources again). Read, never change.
 */
export function resolvedProperties(resource: CfnResource): Record<string, unknown> {
  if (checking?.resource !== resource) return resolve(resource);
  checking.properties ??= resolve(resource);
  return checking.properties;
}

/** The resource being checked and its properties once resolved; the tree does not change during a check. */
let checking: { readonly resource: CfnResource; properties?: Record<string, unknown> } | undefined;

/** Runs `check` (every rule of the pack on `resource`) with `resource`'s resolved properties shared. */
export function whileChecking(resource: CfnResource, check: () => void): void {
  checking = { resource };
  try {
    check();
  } finally {
    checking = undefined;
  }
}

function resolve(resource: CfnResource): Record<string, unknown> {
  const cfn = Stack.of(resource).resolve((resource as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as {
    Resources: Record<string, { Properties?: Record<string, unknown> }>;
  };
  const [only] = Object.values(cfn.Resources);
  return only?.Properties ?? {};
}
