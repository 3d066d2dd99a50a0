import { CustomResource, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CLUSTER_IDENTIFIER_RULE, isClusterIdentifier } from '../data/database';
import { SCHEMA_SERVICE_TIMEOUT, TENANT_SCHEMA_RESOURCE_TYPE } from '../data/tenant-schema/provisioner';
import { pinLogicalId } from '../pin-logical-id';

export interface TenantSchemaProps {
  readonly tenantId: string;
  /**
   * ARN of the serving platform's tenant schema provisioner in this stack's account and region
   * (`<prefix>-<region>-tenant-schemas`, lib/plan/naming.ts): CloudFormation calls a custom resource's
   * function only in the stack's own region, and a region has one platform, so there is one at most.
   */
  readonly provisionerArn: string;
  /**
   * Identifier of the serving cluster (`<prefix>-<region>-db`, lib/plan/naming.ts), the resource's
   * `Cluster`: the provisioner refuses a resource naming another cluster than its own, and a renamed
   * cluster (a new, empty one) changes the property, so CloudFormation calls the provisioner again.
   */
  readonly clusterIdentifier: string;
}

/**
 * ISOLATION (pool): the tenant's database user `tenant_<id>` and its schema in the serving cluster of
 * this region, as one `Custom::TenantDatabaseSchema` served by the platform's provisioner
 * (lib/constructs/data/tenant-schema/provisioner.ts), named by ARN: no export, so selecting this stack
 * never pulls the platform in, and the platform does not change when tenants come and go. The stack's
 * deploy succeeds only once the provisioner has created (or found) the user and schema.
 *
 * Retained: CloudFormation never asks the provisioner to delete (stack deletion, a removed resource, a
 * replacement all keep the user and schema), and the provisioner ignores a delete anyway; the
 * tenant's rows are erased by offboarding, in its documented order.
 */
export class TenantSchema extends Construct {
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: TenantSchemaProps) {
    super(scope, id);
    const serviceToken = props.provisionerArn;
    const match = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:[A-Za-z0-9-_]+$/.exec(serviceToken);
    if (match === null) throw new Error(`TenantSchema ${this.node.path}: provisionerArn must be a Lambda function ARN, got "${serviceToken}"`);
    // CloudFormation calls a custom resource's function only in the stack's own region.
    const stackRegion = Stack.of(this).region;
    if (!Token.isUnresolved(stackRegion) && match[1] !== stackRegion) {
      throw new Error(`TenantSchema ${this.node.path}: provisionerArn must be in the stack's region ${stackRegion}, got "${serviceToken}"`);
    }
    if (!isClusterIdentifier(props.clusterIdentifier)) {
      throw new Error(`TenantSchema ${this.node.path}: clusterIdentifier must be ${CLUSTER_IDENTIFIER_RULE}, got "${props.clusterIdentifier}"`);
    }
    // `UsEast1`: the serving region, so the logical id reads `DatabaseSchemaUsEast1` (readable and stable).
    const region = match[1].replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
    this.resource = new CustomResource(this, region, {
      serviceToken,
      resourceType: TENANT_SCHEMA_RESOURCE_TYPE,
      properties: { TenantId: props.tenantId, Cluster: props.clusterIdentifier },
      removalPolicy: RemovalPolicy.RETAIN,
      serviceTimeout: SCHEMA_SERVICE_TIMEOUT,
    });
    pinLogicalId(this, this.resource.node.defaultChild, region);
  }
}
