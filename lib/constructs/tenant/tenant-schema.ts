import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TENANT_SCHEMA_RESOURCE_TYPE } from '../data/tenant-schema/provisioner';
import { pinLogicalId } from '../pin-logical-id';

export interface TenantSchemaProps {
  readonly tenantId: string;
  /**
   * ARNs of the serving platforms' tenant schema provisioners in this stack's account and region
   * (`<prefix>-<region>-tenant-schemas`, lib/plan/naming.ts): CloudFormation calls a custom resource's
   * function only in the stack's own region.
   */
  readonly provisionerArns: readonly string[];
}

/**
 * ISOLATION (pool): the tenant's database user `tenant_<id>` and its schema in each serving cluster of
 * this region, as one `Custom::TenantDatabaseSchema` per cluster served by the platform's provisioner
 * (lib/constructs/data/tenant-schema/provisioner.ts), named by ARN: no export, so selecting this stack
 * never pulls the platform in, and the platform does not change when tenants come and go. The stack's
 * deploy succeeds only once the provisioner has created (or found) the user and schema.
 *
 * Retained: CloudFormation never asks the provisioner to delete (stack deletion, a removed resource, a
 * replacement all keep the user and schema), and the provisioner ignores a delete anyway; the
 * tenant's rows are erased by offboarding, in its documented order.
 */
/** How long CloudFormation waits for the provisioner's answer. */
const SERVICE_TIMEOUT = Duration.minutes(10);

export class TenantSchema extends Construct {
  public readonly resources: CustomResource[];

  constructor(scope: Construct, id: string, props: TenantSchemaProps) {
    super(scope, id);
    this.resources = props.provisionerArns.map((serviceToken) => {
      const match = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:[A-Za-z0-9-_]+$/.exec(serviceToken);
      if (match === null) throw new Error(`TenantSchema ${this.node.path}: provisionerArns must be Lambda function ARNs, got "${serviceToken}"`);
      const region = match[1].replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
      const resource = new CustomResource(this, region, {
        serviceToken,
        resourceType: TENANT_SCHEMA_RESOURCE_TYPE,
        properties: { TenantId: props.tenantId },
        removalPolicy: RemovalPolicy.RETAIN,
        // Bounds a provisioner that never answers (CloudFormation's default wait is an hour): three
        // two-minute attempts (Lambda retries an asynchronous invocation twice) and room to spare.
        serviceTimeout: SERVICE_TIMEOUT,
      });
      // `DatabaseSchemaUsEast1`: one per serving region, readable and stable.
      pinLogicalId(this, resource.node.defaultChild, region);
      return resource;
    });
  }
}
