import { Aspects, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledge, acknowledgeInPacks, COMPLIANCE_PACKS } from '../nag/acknowledge';
import { RecordedGuard } from '../nag/validator-runs';
import { allowedActions, HIPAA_ELIGIBLE_SERVICES } from './hipaa-eligible-services';
import { RequirePermissionsBoundary } from './require-permissions-boundary';

export interface HipaaPermissionsBoundaryProps {
  /**
   * Name of the managed policy. The boundary refers to its own ARN (roles may only create roles that
   * carry it, and may not edit it), so the name must be known at synth time.
   *
   * IAM names are account-wide: keep one name per account, stack and region.
   * @default a name derived from the construct path (which includes the stack name) and the region
   */
  readonly managedPolicyName?: string;
}

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/**
 * HIPAA: a permissions boundary that caps every role of the enclave at the HIPAA-eligible services
 * (`hipaa-eligible-services.ts`) plus a few named control-plane actions.
 *
 * A boundary grants nothing: a role's effective permissions are the intersection of its own
 * (least-privilege) policies and the boundary. The boundary also denies, to every role it caps:
 * removing a boundary, creating a role or user or setting a boundary other than this one, and
 * changing or deleting this policy.
 *
 * Apply it with `applyTo(stackOrStage)`; that also adds `RequirePermissionsBoundary`, so synth
 * fails on any role in scope that ends up without a boundary.
 */
export class HipaaPermissionsBoundary extends Construct {
  public readonly policy: iam.ManagedPolicy;
  /** ARN of the boundary policy. */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: HipaaPermissionsBoundaryProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const name = props.managedPolicyName ?? `${Names.uniqueResourceName(this, { maxLength: 100, separator: '-' })}-${stack.region}`;
    if (props.managedPolicyName !== undefined && !POLICY_NAME.test(props.managedPolicyName)) {
      throw new Error(
        `HipaaPermissionsBoundary: managedPolicyName must be 1..128 characters of letters, digits and +=,.@_-, got ${JSON.stringify(props.managedPolicyName)}`,
      );
    }
    // Built from the name, not from the policy's Ref: the policy cannot reference itself.
    this.policyArn = stack.formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: name });

    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: name,
      description: 'Rampart HIPAA permissions boundary: HIPAA-eligible services only; boundaries cannot be removed or bypassed',
      statements: [
        new iam.PolicyStatement({
          sid: 'AllowOnlyHipaaEligibleServices',
          actions: allowedActions(),
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyRemovingBoundaries',
          effect: iam.Effect.DENY,
          actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyPrincipalsWithoutThisBoundary',
          effect: iam.Effect.DENY,
          actions: ['iam:CreateRole', 'iam:CreateUser', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
          resources: ['*'],
          conditions: { StringNotEquals: { 'iam:PermissionsBoundary': this.policyArn } },
        }),
        new iam.PolicyStatement({
          sid: 'DenyChangingThisBoundary',
          effect: iam.Effect.DENY,
          actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
          resources: [this.policyArn],
        }),
      ],
    });

    const reason =
      'A permissions boundary grants nothing: it caps what the role\'s own least-privilege policies can ever allow. "service:*" on "*" for each HIPAA-eligible service is the cap itself (the services allowed to touch PHI under the BAA); every non-eligible service stays denied.';
    for (const service of HIPAA_ELIGIBLE_SERVICES) acknowledge(this.policy, `AwsSolutions-IAM5[Action::${service.prefix}:*]`, reason);
    acknowledge(this.policy, 'AwsSolutions-IAM5[Resource::*]', reason);
    acknowledgeInPacks(this.policy, 'IAMPolicyNoStatementsWithFullAccess', COMPLIANCE_PACKS, reason);
  }

  /**
   * Sets this boundary on every IAM role and user in `scope` (L2 and L1 roles, and the roles of
   * custom-resource providers and other singletons CDK adds to the stack), and makes synth fail on
   * any role or user in `scope` left without a boundary.
   *
   * `scope` must be this construct's stack or a construct inside it: roles at the stack level (the
   * custom-resource provider roles of `ec2.Vpc` or `s3.Bucket`) lie outside a narrower scope, so
   * pass the stack to cover them. Throws when `scope` is in another stack (that would need a
   * cross-stack export of the boundary's ARN; give each stack its own boundary).
   */
  public applyTo(scope: IConstruct): void {
    const own = Stack.of(this);
    if (!isInside(scope, own)) {
      throw new Error(
        `HipaaPermissionsBoundary.applyTo: scope must be the stack ${own.node.path} or a construct inside it, got ${scope.node.path || '(app)'}; create one HipaaPermissionsBoundary per stack`,
      );
    }
    iam.PermissionsBoundary.of(scope).apply(this.policy);
    Aspects.of(scope).add(new RecordedGuard(new RequirePermissionsBoundary(), 'RequirePermissionsBoundary', 'HIPAA'));
  }
}

function isInside(scope: IConstruct, stack: Stack): boolean {
  return scope.node.scopes.includes(stack);
}
