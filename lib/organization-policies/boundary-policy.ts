import { Aspects, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledge, acknowledgeInPacks, COMPLIANCE_PACKS } from '../nag/acknowledge';
import { RecordedGuard } from '../nag/validator-runs';
import type { ControlId } from '../promises/control-ids';
import { RequirePermissionsBoundary } from './require-permissions-boundary';

export interface BoundaryPolicyProps {
  /**
   * Name of the managed policy. The boundary refers to its own ARN (roles may only create roles that
   * carry it, and may not edit it), so the name must be known at synth time.
   *
   * IAM names are account-wide: keep one name per account, stack and region.
   * @default a name derived from the construct path (which includes the stack name) and the region
   */
  readonly managedPolicyName?: string;
}

/** What a concrete boundary (HIPAA, platform) fixes: its allowlist, words and the control it serves. */
export interface BoundarySpec {
  /** The class name, for error messages. */
  readonly label: string;
  readonly description: string;
  /** `prefix:*` per admitted service and single actions: everything else is denied. */
  readonly allowedActions: readonly string[];
  /** The control whose guard (RequirePermissionsBoundary) this boundary records. */
  readonly control: ControlId;
}

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

const REASON =
  'A permissions boundary grants nothing: it caps what the role\'s own least-privilege policies can ever allow. The boundary is written as "Allow * on *" minus an explicit Deny of every action outside its allowlist (NotAction), so its effective ceiling is exactly the allowlist; each role\'s own policies stay least-privilege and are checked separately.';

/**
 * A Rampart permissions boundary: a managed policy whose ceiling is an allowlist of services and
 * actions, and which also denies, to every role it caps: removing a boundary, creating a role or
 * user or setting a boundary other than this one, and changing or deleting this policy.
 *
 * The allowlist is written as a Deny of `NotAction` (everything outside it) under an Allow of
 * everything, not as an Allow of each `service:*`: the effective ceiling is the same, and cdk-nag
 * then reports the one Allow (8 findings, acknowledged with the reason above) instead of one
 * finding per service. One boundary per account, region and kind (apply-guards.ts).
 */
export class BoundaryPolicy extends Construct {
  public readonly policy: iam.ManagedPolicy;
  /** ARN of the boundary policy. */
  public readonly policyArn: string;
  private readonly spec: BoundarySpec;

  constructor(scope: Construct, id: string, spec: BoundarySpec, props: BoundaryPolicyProps = {}) {
    super(scope, id);
    this.spec = spec;
    const stack = Stack.of(this);
    const name = props.managedPolicyName ?? `${Names.uniqueResourceName(this, { maxLength: 100, separator: '-' })}-${stack.region}`;
    if (props.managedPolicyName !== undefined && !POLICY_NAME.test(props.managedPolicyName)) {
      throw new Error(
        `${spec.label}: managedPolicyName must be 1..128 characters of letters, digits and +=,.@_-, got ${JSON.stringify(props.managedPolicyName)}`,
      );
    }
    // Built from the name, not from the policy's Ref: the policy cannot reference itself.
    this.policyArn = stack.formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: name });

    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: name,
      description: spec.description,
      document: new iam.PolicyDocument({ statements: boundaryStatements(spec.allowedActions, this.policyArn) }),
    });
    acknowledge(this.policy, 'AwsSolutions-IAM5[Action::*]', REASON);
    acknowledge(this.policy, 'AwsSolutions-IAM5[Resource::*]', REASON);
    acknowledgeInPacks(this.policy, 'IAMPolicyNoStatementsWithAdminAccess', COMPLIANCE_PACKS, REASON);
    acknowledgeInPacks(this.policy, 'IAMPolicyNoStatementsWithFullAccess', COMPLIANCE_PACKS, REASON);
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
    if (!scope.node.scopes.includes(own)) {
      throw new Error(
        `${this.spec.label}.applyTo: scope must be the stack ${own.node.path} or a construct inside it, got ${scope.node.path || '(app)'}; create one ${this.spec.label} per stack`,
      );
    }
    iam.PermissionsBoundary.of(scope).apply(this.policy);
    Aspects.of(scope).add(new RecordedGuard(new RequirePermissionsBoundary(), 'RequirePermissionsBoundary', this.spec.control));
  }
}

/** The statements of a boundary whose ceiling is `allowed` (sids: lib/promises/platform-boundary.ts BOUNDARY_GUARD_SIDS). */
export function boundaryStatements(allowed: readonly string[], policyArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: 'AllowWithinTheAllowlist', actions: ['*'], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'DenyOutsideAllowlist', effect: iam.Effect.DENY, notActions: [...allowed], resources: ['*'] }),
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
      conditions: { StringNotEquals: { 'iam:PermissionsBoundary': policyArn } },
    }),
    new iam.PolicyStatement({
      sid: 'DenyChangingThisBoundary',
      effect: iam.Effect.DENY,
      actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
      resources: [policyArn],
    }),
  ];
}
