import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * Resolved CloudFormation properties of a resource, as they will appear in the template.
 * Rules read these rather than L1 attributes so that property overrides are seen too.
 */
export function resolvedProperties(resource: CfnResource): Record<string, unknown> {
  const cfn = Stack.of(resource).resolve((resource as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as {
    Resources: Record<string, { Properties?: Record<string, unknown> }>;
  };
  const [only] = Object.values(cfn.Resources);
  return only?.Properties ?? {};
}
