import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Gives a stateful resource a logical id that does not depend on where it sits in the construct
 * tree. CloudFormation replaces (deletes and recreates) a resource whose logical id changes, so a
 * refactor that moved a bucket into another construct would otherwise destroy its data.
 *
 * The id is the owning construct's id plus a role, e.g. `LogArchiveBucket`: unique within a stack
 * as long as construct ids are (CDK enforces that among siblings; pinning a clash fails synth).
 */
export function pinLogicalId(owner: IConstruct, resource: IConstruct | undefined, role: string): void {
  if (!(resource instanceof CfnResource)) {
    throw new Error(`pinLogicalId(${owner.node.path}, ${role}): expected a CloudFormation resource`);
  }
  const id = `${owner.node.id}${role}`.replace(/[^A-Za-z0-9]/g, '');
  resource.overrideLogicalId(id);
}
