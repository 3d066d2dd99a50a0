import { CustomResource, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { pinLogicalId } from '../../pin-logical-id';
import { SCHEMA_SERVICE_TIMEOUT, TENANT_SCHEMAS_RESOURCE_TYPE, type TenantSchemaProvisioner } from './provisioner';
import { invalidTenantIds } from './sql';

export interface PeerRegionTenantSchemasProps {
  /** This region's provisioner: it serves the resource (by `Fn::GetAtt`, same stack). */
  readonly provisioner: TenantSchemaProvisioner;
  /** Ids of the pooled tenants this region's cluster serves while their stacks live in another region (the plan's peerRegionTenants). */
  readonly tenantIds: readonly string[];
}

/**
 * ISOLATION (pool): the database users and schemas, in this region's shared cluster, of the pooled
 * tenants whose stacks live in another region (a US tenant in the DR region). Their own stacks
 * cannot create them here (CloudFormation calls a custom resource's function only in the stack's
 * region), so this platform stack does, with one `Custom::TenantDatabaseSchemas` listing their ids
 * (sorted), served by this region's provisioner: on Create it runs the tenant SQL (sql.ts) for every
 * id, on Update only for the ids added since the previous properties (idempotent SQL: a retry or a
 * rollback is harmless). Never drops: a removed id is offboarding's (docs/offboarding.md), the
 * resource is retained, and the function answers a delete without touching the database.
 *
 * The platform template changes when such a tenant comes (its id joins the list); the tenant's stack
 * does not depend on it, and this stack never reads the tenant's.
 */
export class PeerRegionTenantSchemas extends Construct {
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: PeerRegionTenantSchemasProps) {
    super(scope, id);
    const ids = [...props.tenantIds].sort();
    const bad = invalidTenantIds(ids);
    const duplicates = ids.filter((tenantId, i) => ids.indexOf(tenantId) !== i);
    if (ids.length === 0 || bad.length > 0 || duplicates.length > 0) {
      throw new Error(
        `PeerRegionTenantSchemas ${this.node.path}: tenantIds must be one or more distinct tenant ids, got ${JSON.stringify(props.tenantIds)}`,
      );
    }
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: props.provisioner.function.functionArn,
      resourceType: TENANT_SCHEMAS_RESOURCE_TYPE,
      // Cluster: the provisioner's own; renamed, it changes, and every id is created in the new cluster.
      properties: { TenantIds: ids, Cluster: props.provisioner.clusterIdentifier },
      removalPolicy: RemovalPolicy.RETAIN,
      serviceTimeout: SCHEMA_SERVICE_TIMEOUT,
    });
    // The provisioner, its permissions, rules and log group, and what it reaches first: its first call must find them all.
    this.resource.node.addDependency(props.provisioner, ...props.provisioner.prerequisites);
    // The verifier and an operator find it by this id; an id change would create it again (harmless, but noisy).
    pinLogicalId(this, this.resource.node.defaultChild, '');
  }
}
