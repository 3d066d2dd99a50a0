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
  test('THEN one stack in the management account holds exactly the three permission sets, no role and no assignment', () => {
    expect([stack.account, stack.region, stack.metadata?.kind]).toEqual(['999999999999', 'us-east-1', 'aws-identity']);
    const types = Object.values(stack.template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((t) => t !== 'AWS::SSO::PermissionSet' && t !== 'AWS::CDK::Metadata')).toEqual([]);
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
});
