import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HIPAA_ELIGIBLE_SERVICES } from '../../lib/organization-policies/hipaa-eligible-services';
import { HipaaPermissionsBoundary } from '../../lib/organization-policies/permissions-boundary';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../helpers';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Sid: string; Effect: string; Action: string[]; Resource: unknown; Condition?: Record<string, any> };

describe('HipaaPermissionsBoundary', () => {
  describe('GIVEN a stack with every kind of role CDK creates, and the boundary applied to the stack', () => {
    const stack = testStack();
    // Roles emitted as plain CfnResources by core CustomResourceProviders (stack-level singletons):
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: true });
    new s3.Bucket(stack, 'Scratch', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    // An aws-cdk-lib singleton Lambda (log retention) with an L2 role:
    new logs.LogRetention(stack, 'Retention', { logGroupName: '/test', retention: logs.RetentionDays.ONE_YEAR });
    new iam.Role(stack, 'L2Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    new iam.CfnRole(stack, 'L1Role', { assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } });
    new iam.User(stack, 'User');
    const boundary = new HipaaPermissionsBoundary(stack, 'Boundary');
    boundary.applyTo(stack);
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> };
    const resources = Object.entries(template.Resources);
    const [policyId, policy] = resources.find(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')!;
    const statements = policy.Properties.PolicyDocument.Statement as Statement[];
    const byId = (sid: string) => statements.find((s) => s.Sid === sid)!;
    const ownArn = `arn:aws:iam::111111111111:policy/${policy.Properties.ManagedPolicyName}`;

    test('THEN every IAM role and user, including custom-resource provider and singleton roles, carries the boundary', () => {
      const principals = resources.filter(([, r]) => r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User');
      expect(principals.map(([id]) => id)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^CustomVpcRestrictDefaultSGCustomResourceProviderRole/),
          expect.stringMatching(/^CustomS3AutoDeleteObjectsCustomResourceProviderRole/),
          expect.stringMatching(/^LogRetention[0-9a-f]+ServiceRole/),
          expect.stringMatching(/^L2Role/),
          'L1Role',
          expect.stringMatching(/^User/),
        ]),
      );
      expect(principals.length).toBeGreaterThanOrEqual(6);
      for (const [, principal] of principals) expect(principal.Properties.PermissionsBoundary).toEqual({ Ref: policyId });
    });

    test('THEN the boundary allows only the allowlisted services and named control-plane actions (everything else is denied)', () => {
      const allow = statements.filter((s) => s.Effect === 'Allow');
      expect(allow).toHaveLength(1);
      expect(allow[0]).toMatchObject({ Action: '*', Resource: '*' });
      const outside = byId('DenyOutsideAllowlist') as Statement & { NotAction: string[] };
      expect(outside).toMatchObject({ Effect: 'Deny', Resource: '*' });
      const actions = outside.NotAction;
      for (const service of HIPAA_ELIGIBLE_SERVICES) expect(actions).toContain(`${service.prefix}:*`);
      expect(actions).not.toContain('*');
      expect(actions).not.toContain('iam:*');
      expect(actions).not.toContain('gamelift:*');
      expect(actions).toEqual(expect.arrayContaining(['sts:AssumeRole', 'iam:PassRole']));
      expect(actions.filter((a) => a.startsWith('iam:')).sort()).toEqual(['iam:CreateServiceLinkedRole', 'iam:GetRole', 'iam:PassRole']);
    });

    test('THEN removing a boundary, creating principals without this one, and editing this policy are denied', () => {
      expect(byId('DenyRemovingBoundaries')).toMatchObject({ Effect: 'Deny', Resource: '*' });
      expect(byId('DenyRemovingBoundaries').Action).toEqual(['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary']);
      const create = byId('DenyPrincipalsWithoutThisBoundary');
      expect(create.Effect).toBe('Deny');
      expect(create.Action).toEqual(
        expect.arrayContaining(['iam:CreateRole', 'iam:CreateUser', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary']),
      );
      expect(create.Condition).toEqual({ StringNotEquals: { 'iam:PermissionsBoundary': ownArn } });
      expect(byId('DenyChangingThisBoundary')).toMatchObject({ Effect: 'Deny', Resource: ownArn });
      expect(byId('DenyChangingThisBoundary').Action).toEqual(
        expect.arrayContaining(['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion']),
      );
    });

    test('THEN the policy name is deterministic and includes the region (IAM names are account-wide)', () => {
      expect(policy.Properties.ManagedPolicyName).toMatch(/^Test-Boundary-[0-9A-F]{8}-us-east-1$/);
    });

    test('THEN no validation pack has an unacknowledged finding, and every acknowledgment is on the boundary policy', () => {
      expect(unacknowledgedFindings(boundary)).toEqual([]);
      const acks = acknowledgmentsUnder(boundary);
      expect(new Set(acks.map((a) => a.path))).toEqual(new Set(['Test/Boundary/Policy']));
      expect(acks.map((a) => a.id)).toEqual(
        expect.arrayContaining([
          'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
          'NIST.800.53.R5::NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
        ]),
      );
      for (const ack of acks) expect(ack.reason).toMatch(/grants nothing/);
    });
  });

  test('GIVEN a stack holding only the boundary WHEN every pack runs THEN the stack has no unacknowledged finding', () => {
    const stack = testStack();
    new HipaaPermissionsBoundary(stack, 'Boundary').applyTo(stack);
    expect(unacknowledgedFindings(stack)).toEqual([]);
    // The one Allow of everything: IAM5[Action::*], IAM5[Resource::*], admin and full access in 3 compliance packs
    expect(acknowledgmentsUnder(stack)).toHaveLength(2 + 3 + 3);
  });

  describe('GIVEN a role outside the scope the boundary is applied to', () => {
    test('WHEN synthesized THEN only roles inside the scope are bounded and checked (the scope is explicit)', () => {
      const stack = testStack();
      const enclave = new Construct(stack, 'Enclave');
      new iam.Role(enclave, 'Inside', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      const outside = new Construct(stack, 'Outside');
      new iam.Role(outside, 'Stray', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      new HipaaPermissionsBoundary(stack, 'Boundary').applyTo(enclave);
      // The requirement travels with applyTo: inside the scope everything is bounded, so synth passes.
      expect(() => Template.fromStack(stack)).not.toThrow();
      const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> };
      const stray = Object.entries(template.Resources).find(([id]) => id.startsWith('OutsideStray'))![1];
      expect(stray.Properties.PermissionsBoundary).toBeUndefined();
    });
  });

  test('GIVEN a scope in another stack WHEN applyTo is called THEN it throws naming both', () => {
    const stack = testStack();
    const other = new Stack(stack.node.root as App, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });
    const boundary = new HipaaPermissionsBoundary(stack, 'Boundary');
    expect(() => boundary.applyTo(other)).toThrow(
      'HipaaPermissionsBoundary.applyTo: scope must be the stack Test or a construct inside it, got Other',
    );
  });

  test('GIVEN an invalid managedPolicyName WHEN constructed THEN it throws naming the prop and value', () => {
    expect(() => new HipaaPermissionsBoundary(testStack(), 'Boundary', { managedPolicyName: 'has space' })).toThrow(
      'HipaaPermissionsBoundary: managedPolicyName must be 1..128 characters of letters, digits and +=,.@_-, got "has space"',
    );
  });

  test('GIVEN an explicit managedPolicyName WHEN synthesized THEN it names the policy and its own ARN', () => {
    const stack = testStack();
    new HipaaPermissionsBoundary(stack, 'Boundary', { managedPolicyName: 'enclave-boundary' });
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0] as Resource;
    expect(policy.Properties.ManagedPolicyName).toBe('enclave-boundary');
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('arn:aws:iam::111111111111:policy/enclave-boundary');
  });
});

describe('CfnResource roles', () => {
  test('GIVEN an AWS::IAM::Role written as a plain CfnResource WHEN the boundary is applied THEN it carries it', () => {
    const stack = testStack();
    new CfnResource(stack, 'Raw', { type: 'AWS::IAM::Role', properties: { AssumeRolePolicyDocument: {} } });
    new HipaaPermissionsBoundary(stack, 'Boundary').applyTo(stack);
    expect(Template.fromStack(stack).toJSON().Resources.Raw.Properties.PermissionsBoundary).toBeDefined();
  });
});
