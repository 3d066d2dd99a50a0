import { Aspects, CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { HipaaPermissionsBoundary } from '../../lib/organization-policies/permissions-boundary';
import { RequirePermissionsBoundary } from '../../lib/organization-policies/require-permissions-boundary';
import { testStack } from '../helpers';

const assumedBy = new iam.ServicePrincipal('ecs-tasks.amazonaws.com');

describe('RequirePermissionsBoundary', () => {
  test('GIVEN an L2 role without a boundary WHEN synthesized THEN synth fails naming the construct path', () => {
    const stack = testStack();
    new iam.Role(stack, 'Naked', { assumedBy });
    Aspects.of(stack).add(new RequirePermissionsBoundary());
    expect(() => Template.fromStack(stack)).toThrow(/AWS::IAM::Role at Test\/Naked\/Resource has no PermissionsBoundary/);
  });

  test('GIVEN a user and a plain-CfnResource role without a boundary WHEN synthesized THEN both are named', () => {
    const stack = testStack();
    new iam.User(stack, 'Person');
    new CfnResource(stack, 'Raw', { type: 'AWS::IAM::Role', properties: { AssumeRolePolicyDocument: {} } });
    Aspects.of(stack).add(new RequirePermissionsBoundary());
    let message = '';
    try {
      Template.fromStack(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/AWS::IAM::User at Test\/Person\/Resource has no PermissionsBoundary/);
    expect(message).toMatch(/AWS::IAM::Role at Test\/Raw has no PermissionsBoundary/);
  });

  test('GIVEN a role with a boundary set by prop WHEN synthesized THEN synth passes', () => {
    const stack = testStack();
    const boundary = new iam.ManagedPolicy(stack, 'Other', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })],
    });
    new iam.Role(stack, 'Bounded', { assumedBy, permissionsBoundary: boundary });
    Aspects.of(stack).add(new RequirePermissionsBoundary());
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('GIVEN the boundary applied to a construct narrower than the stack WHEN a VPC in it adds a stack-level provider role THEN synth fails naming that role', () => {
    const stack = testStack();
    const enclave = new Construct(stack, 'Enclave');
    new ec2.Vpc(enclave, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: true });
    new HipaaPermissionsBoundary(stack, 'Boundary').applyTo(enclave);
    Aspects.of(stack).add(new RequirePermissionsBoundary());
    expect(() => Template.fromStack(stack)).toThrow(
      /AWS::IAM::Role at Test\/Custom::VpcRestrictDefaultSGCustomResourceProvider\/Role has no PermissionsBoundary/,
    );
  });

  test('GIVEN the boundary applied to the stack WHEN the same VPC is built THEN synth passes', () => {
    const stack = testStack();
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: true });
    new HipaaPermissionsBoundary(stack, 'Boundary').applyTo(stack);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
