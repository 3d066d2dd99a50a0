import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { pinLogicalId } from '../pin-logical-id';
import { TENANT_USER_PREFIX } from './tenant-schema/sql';

export interface TenantDatabaseUsersProps {
  /** The shared cluster (the platform's Aurora, IAM authentication on). */
  readonly cluster: rds.IDatabaseCluster;
  /** `<prefix>-<region>-tenant-db-users` (lib/plan/naming.ts): tenant stacks attach it by this name. */
  readonly managedPolicyName: string;
  /** The session tag that carries the tenant id (`rampart:tenant`, lib/constructs/tenant/pooled-access.ts). */
  readonly sessionTag: string;
}

/**
 * ISOLATION of pooled tenants' records in the shared database: one managed policy per platform
 * region that lets a session connect (IAM database authentication) to this region's cluster only as
 * the user named after the session's own tenant tag: `tenant_${aws:PrincipalTag/rampart:tenant}`.
 *
 * Why a policy variable in the platform stack, not a literal `tenant_<id>` in each tenant stack: the
 * resource must name the cluster's resource id (`DbClusterResourceId`, known only once the cluster
 * exists), and a US tenant is served by two regions' clusters. A tenant stack could only name them
 * through a cross-stack reference (one region at most, and a deploy dependency that selecting one
 * tenant's stack must not pull in) or a wildcard. Here the cluster is named exactly (a
 * `Fn::GetAtt` of this stack), the policy attaches to nothing, and each tenant's access role
 * attaches it by name. The tenant comes only from the session tag, which the access role's trust
 * sets to the tenant id and nothing else (`tenant-role-session-tag`), so tenant A's session
 * resolves to `tenant_A` and never to `tenant_B`; the verifier reads both documents
 * (`tenant-database-user-only`).
 *
 * The user and its schema are created in the database by each pooled tenant's stack, through this
 * region's TenantSchemaProvisioner (lib/constructs/data/tenant-schema); in a region other than the
 * tenant stack's (a US tenant's DR region), by that region's platform stack (PeerRegionTenantSchemas).
 */
export class TenantDatabaseUsers extends Construct {
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: TenantDatabaseUsersProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const user = `${TENANT_USER_PREFIX}\${aws:PrincipalTag/${props.sessionTag}}`;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: props.managedPolicyName,
      description: `Pooled tenants: connect to ${stack.region}'s shared database only as the user of the session's own tenant tag (ISOLATION)`,
      statements: [
        new iam.PolicyStatement({
          sid: 'EachTenantSessionAsItsOwnUser',
          actions: ['rds-db:connect'],
          resources: [`arn:${stack.partition}:rds-db:${stack.region}:${stack.account}:dbuser:${props.cluster.clusterResourceIdentifier}/${user}`],
        }),
      ],
    });
    // Tenant stacks attach it by name; the verifier finds it by type and name: a readable logical id.
    pinLogicalId(this, this.policy.node.defaultChild, 'Policy');
  }
}
