import type { Json } from '../../lib/verify/types';
import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { resource, synthesized, weakened, type Template } from '../verify/synthesized';

/**
 * ACCESS-MFA with `identityCenter` configured: the permission sets in the management account's
 * stack, read from the real output, and shown failing on weakened copies.
 */
const output = synthesized('test/fixtures/config/good/identity-center.yaml', { gcp: false }).assembly;
const assembly = { ...output, stacks: output.stacks.filter((s) => s.cloud === 'aws') };
const IDENTITY = 'prod-us-east-1/identity-center';
const stack = assembly.stacks.find((s) => s.id === IDENTITY)!;
const sets = Object.values(stack.template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>).filter(
  (r) => r.Type === 'AWS::SSO::PermissionSet',
);

describe('GIVEN identityCenter in the config', () => {
  test('THEN one stack in the management account holds the three permission sets and no assignment', () => {
    expect([stack.account, stack.region, stack.metadata?.kind]).toEqual(['999999999999', 'us-east-1', 'aws-identity']);
    const types = Object.values(stack.template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::SSO::Assignment')).toEqual([]);
    expect(sets.map((s) => [s.Properties.Name, s.Properties.SessionDuration])).toEqual([
      ['Auditor', 'PT4H'],
      ['Operator', 'PT1H'],
      ['PlatformAdministrator', 'PT1H'],
    ]);
    for (const s of sets) expect(s.Properties.InstanceArn).toBe('arn:aws:sso:::instance/ssoins-7223a7e9c1d6c2b1');
  });

  test('THEN no permission set names aws:MultiFactorAuthPresent, and the operator writes only its named actions', () => {
    expect(JSON.stringify(sets)).not.toMatch(/MultiFactorAuthPresent/);
    const operator = sets.find((s) => s.Properties.Name === 'Operator')!;
    expect(operator.Properties.InlinePolicy.Statement[0].Action).toEqual(expect.arrayContaining(['ecs:UpdateService', 'backup:StartRestoreJob']));
    expect(operator.Properties.InlinePolicy.Statement[0].Action).not.toContain('*');
  });

  test('THEN the just-in-time state machine checks the request, grants, waits, removes and announces each step, logged and traced', () => {
    const machine = Object.values(stack.template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>).find(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine',
    )!;
    const rendered = (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'X')).join('');
    const definition = JSON.parse(rendered) as { StartAt: string; States: Record<string, Record<string, any>> };
    const walk = (from: string): string[] => {
      const out: string[] = [];
      for (let at: string | undefined = from; at !== undefined; at = definition.States[at].Next) out.push(at);
      return out;
    };
    expect(definition.StartAt).toBe('AnnounceRequest');
    expect(walk('CreateAssignment')).toEqual([
      'CreateAssignment',
      'AnnounceGranted',
      'HoldForDuration',
      'DeleteAssignment',
      'AnnounceRevoked',
      'Done',
    ]);
    expect(definition.States.CreateAssignment.Resource).toBe('arn:X:states:::aws-sdk:ssoadmin:createAccountAssignment');
    expect(definition.States.HoldForDuration).toEqual({ Type: 'Wait', SecondsPath: '$.durationSeconds', Next: 'DeleteAssignment' });
    expect(definition.States.DeleteAssignment.Retry).toEqual([expect.objectContaining({ MaxAttempts: 6 })]);
    expect(definition.States.CreateAssignment.Catch[0].Next).toBe('AnnounceFailure');
    const bounds = JSON.stringify(definition.States.CheckRequest);
    expect(bounds).toContain('"NumericGreaterThanEquals":900');
    expect(bounds).toContain('"NumericLessThanEquals":14400');
    for (const account of ['111111111111', '222222222222', '333333333333', '444444444444']) expect(bounds).toContain(`"StringEquals":"${account}"`);
    expect(Object.keys(definition.States.WhichPermissionSet.Choices)).toHaveLength(2);
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  test('THEN the verifier finds ACCESS-MFA holding on the permission sets', () => {
    const result = verifyAssembly(assembly);
    const evidence = result.controls.find((c) => c.control === 'ACCESS-MFA')!.evidence.filter((e) => e.stack === IDENTITY);
    expect(evidence.map((e) => `${e.kind} ${e.outcome}`).sort()).toEqual(
      [
        'permission-set-no-mfa-condition holds',
        'permission-set-no-mfa-condition holds',
        'permission-set-no-mfa-condition holds',
        'permission-set-write-session holds',
        'permission-set-write-session holds',
      ].sort(),
    );
    expect(result.ok).toBe(true);
  });

  test.each([
    [
      'an operator session of four hours',
      'permission-set-write-session',
      (t: Template) => (resource(t, 'AWS::SSO::PermissionSet', 'PermissionSetsOperator').props.SessionDuration = 'PT4H'),
    ],
    [
      'a BoolIfExists MFA deny in the administrator set',
      'permission-set-no-mfa-condition',
      (t: Template) =>
        (resource(t, 'AWS::SSO::PermissionSet', 'PermissionSetsPlatformAdministrator').props.InlinePolicy = {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }],
        } as Json),
    ],
  ])('GIVEN %s THEN ACCESS-MFA is contradicted by %s', (_name, kind, mutate) => {
    const result = verifyAssembly(weakened(assembly, IDENTITY, mutate));
    const mfa = result.controls.find((c) => c.control === 'ACCESS-MFA')!;
    expect(mfa.verdict).toBe('contradicted');
    expect(mfa.evidence.filter((e) => e.outcome === 'contradicted').map((e) => e.kind)).toEqual([kind]);
    expect(result.ok).toBe(false);
  });

  test('THEN ACCESS-JIT holds: no standing write assignment, and the state machine grants for a bounded time', () => {
    const jit = verifyAssembly(assembly).controls.find((c) => c.control === 'ACCESS-JIT')!;
    expect(jit.evidence.map((e) => `${e.kind} ${e.outcome}`).sort()).toEqual(
      ['jit-state-machine holds', 'no-standing-write-assignment holds', 'no-standing-write-assignment holds'].sort(),
    );
  });

  test.each([
    [
      'a standing Operator assignment in the platform account',
      'no-standing-write-assignment',
      (t: Template) => {
        const operator = resource(t, 'AWS::SSO::PermissionSet', 'PermissionSetsOperator').id;
        t.Resources.StandingOperator = {
          Type: 'AWS::SSO::Assignment',
          Properties: {
            InstanceArn: 'arn:aws:sso:::instance/ssoins-7223a7e9c1d6c2b1',
            PermissionSetArn: { 'Fn::GetAtt': [operator, 'PermissionSetArn'] },
            PrincipalId: '90676d47-2a2b-4c3d-8e9f-0123456789ab',
            PrincipalType: 'GROUP',
            TargetId: '111111111111',
            TargetType: 'AWS_ACCOUNT',
          },
        };
      },
    ],
    [
      'the state machine without its removal step',
      'jit-state-machine',
      (t: Template) => {
        const machine = resource(t, 'AWS::StepFunctions::StateMachine').props;
        const parts = (machine.DefinitionString as { 'Fn::Join': [string, Json[]] })['Fn::Join'][1];
        (machine.DefinitionString as { 'Fn::Join': [string, Json[]] })['Fn::Join'][1] = parts.map((p) =>
          typeof p === 'string'
            ? p.replace('"HoldForDuration","Type":"Task"', '').replace('"Next":"DeleteAssignment"', '"Next":"AnnounceRevoked"')
            : p,
        );
      },
    ],
  ])('GIVEN %s THEN ACCESS-JIT is contradicted by %s', (_name, kind, mutate) => {
    const result = verifyAssembly(weakened(assembly, IDENTITY, mutate));
    const jit = result.controls.find((c) => c.control === 'ACCESS-JIT')!;
    expect(jit.verdict).toBe('contradicted');
    expect(jit.evidence.filter((e) => e.outcome === 'contradicted').map((e) => e.kind)).toEqual([kind]);
    expect(result.ok).toBe(false);
  });
});
