import { Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { iamRoleArn } from '../../plan/naming';
import { pinLogicalId } from '../pin-logical-id';

/**
 * How a pooled tenant's data is reached (control ISOLATION): through one role per tenant that only the
 * serving platform's task role may assume, and only with the tenant id as session tag
 * (attribute-based access control). The tenant's bucket and data key admit that role only in a
 * session tagged for that tenant, so a request for tenant A's data made in tenant B's session, or by
 * any other principal of the shared account, is denied by the tenant's own policies, whatever
 * identity policies say.
 */

/** The session tag (and `aws:PrincipalTag/...` key) that carries the tenant id. */
export const TENANT_SESSION_TAG = 'rampart:tenant';

/** What the tenant's role may do to its bucket: the application's reads and writes, nothing administrative. */
export const TENANT_DATA_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'] as const;

/**
 * Object-level and listing actions denied to everyone but the tenant's role and its backup role.
 * Object-level only (no bucket configuration), so CloudFormation can still manage the bucket.
 */
export const DENIED_DATA_ACTIONS = [
  's3:GetObject*',
  's3:PutObject*',
  's3:DeleteObject*',
  's3:ListBucket*',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
  's3:RestoreObject',
  's3:ReplicateObject',
] as const;

export interface TenantAccessRoleProps {
  readonly tenantId: string;
  /** `<org>-<env>-tenant-<id>-access` (lib/plan/naming.ts). */
  readonly roleName: string;
  /** ARNs of the serving services' task roles, in this account: the only principals that may assume the role. */
  readonly servedBy: readonly string[];
  /**
   * ARNs of the serving platforms' `<prefix>-<region>-tenant-db-users` policies: connecting to each
   * shared database only as `tenant_${aws:PrincipalTag/rampart:tenant}` (lib/constructs/data/tenant-database-users.ts).
   * @default [] - no shared database (a HIPAA tenant: the enclave's service keeps none)
   */
  readonly databaseUserPolicyArns?: readonly string[];
}

/**
 * The tenant-scoped role. Its data access is granted by the tenant's bucket and key policies, its
 * record keys by a policy conditioned on its session tag (RecordKeyStore.grantRecordKeys), its
 * database user by the serving platforms' policies, attached by name, that resolve the user from the
 * session tag: every grant holds only in a session tagged for its tenant.
 */
export class TenantAccessRole extends Construct {
  public readonly role: iam.Role;
  /** The role's ARN (`arn:<partition>:iam::<account>:role/<name>`, literal in a stack of known region), for conditions reviewers read. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: TenantAccessRoleProps) {
    super(scope, id);
    if (props.servedBy.length === 0) throw new Error(`TenantAccessRole ${this.node.path}: servedBy must name at least one task role ARN, got []`);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      // Replaced below: the trust needs several principals under one condition, which Role's props cannot express.
      assumedBy: new iam.ArnPrincipal(props.servedBy[0]),
      description: `Tenant ${props.tenantId}: reached only by the serving task roles, only with session tag ${TENANT_SESSION_TAG}=${props.tenantId}`,
    });
    (this.role.node.defaultChild as iam.CfnRole).assumeRolePolicyDocument = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'ServingTaskRolesWithTheTenantSessionTag',
          principals: props.servedBy.map((arn) => new iam.ArnPrincipal(arn)),
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          conditions: {
            StringEquals: { [`aws:RequestTag/${TENANT_SESSION_TAG}`]: props.tenantId },
            'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_SESSION_TAG] },
          },
        }),
      ],
    });
    for (const arn of props.databaseUserPolicyArns ?? [])
      this.role.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, arn.split('/').pop() ?? arn, arn));
    // The stack's cost tag rampart:tenant must not sit on the role: a role tag would stand in for a
    // missing session tag, so the tenant's policies could admit a session the trust did not tag.
    Tags.of(this.role).remove(TENANT_SESSION_TAG);
    // Bucket and key policies name this role: a readable, stable logical id (`AccessRole`).
    pinLogicalId(this, this.role.node.defaultChild, 'Role');
    const stack = Stack.of(this);
    this.roleArn = iamRoleArn(stack.account, props.roleName, stack.partition);
  }
}

export interface AdmitOnlyTenantSessionProps {
  readonly tenantId: string;
  readonly access: TenantAccessRole;
  /** ARN of the role AWS Backup backs the bucket up and restores it with (it carries no tenant tag). */
  readonly backupRoleArn: string;
}

/**
 * The bucket policy statements of a pooled tenant's bucket: the tenant's role may read and write in
 * its tenant's session; everyone else, the account root and the platform's own roles included, is
 * denied every object action (AWS Backup's role excepted, so the four tiers keep working).
 */
export function admitOnlyTenantSession(bucket: s3.IBucket, props: AdmitOnlyTenantSessionProps): void {
  const tag = `aws:PrincipalTag/${TENANT_SESSION_TAG}`;
  const resources = [bucket.bucketArn, bucket.arnForObjects('*')];
  const statements = [
    new iam.PolicyStatement({
      sid: 'TenantRoleInItsTenantSession',
      principals: [new iam.ArnPrincipal(props.access.role.roleArn)],
      actions: [...TENANT_DATA_ACTIONS],
      resources,
      conditions: { StringEquals: { [tag]: props.tenantId } },
    }),
    new iam.PolicyStatement({
      sid: 'DenyEveryoneButTheTenantRoleAndBackup',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...DENIED_DATA_ACTIONS],
      resources,
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': [props.access.roleArn, props.backupRoleArn] } },
    }),
    new iam.PolicyStatement({
      sid: 'DenyTheTenantRoleOutsideItsTenantSession',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...DENIED_DATA_ACTIONS],
      resources,
      conditions: { ArnEquals: { 'aws:PrincipalArn': props.access.roleArn }, StringNotEquals: { [tag]: props.tenantId } },
    }),
  ];
  for (const statement of statements) bucket.addToResourcePolicy(statement);
}
