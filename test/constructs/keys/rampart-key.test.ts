import { Template } from 'aws-cdk-lib/assertions';
import { RampartKey } from '../../../lib/constructs/keys/rampart-key';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

const base = { alias: 'alias/t/data', description: 'test key', viaServices: ['s3'] };

describe('RampartKey', () => {
  describe('GIVEN only the required props', () => {
    const stack = testStack();
    new RampartKey(stack, 'DataKey', base);
    const template = Template.fromStack(stack);

    test('THEN rotation is on with a period of 365 days', () => {
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365, PendingWindowInDays: 30 });
    });

    test('THEN the key is retained on delete and on replacement, under a pinned logical id', () => {
      expect(template.toJSON().Resources.DataKey).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    test('THEN the account may administer but not use the key directly; use only goes through the named services', () => {
      const statements = template.toJSON().Resources.DataKey.Properties.KeyPolicy.Statement as {
        Sid: string;
        Action: string[];
        Condition?: object;
      }[];
      const admin = statements.find((s) => s.Sid === 'KeyAdministrationByThisAccount')!;
      expect(admin.Action).not.toContain('kms:*');
      expect(admin.Action).not.toContain('kms:Decrypt');
      expect(admin.Action.filter((a) => /^kms:(Create\*|CreateGrant|\*)$/.test(a))).toEqual([]);
      const use = statements.find((s) => s.Sid === 'UseOnlyThroughDesignatedServices')!;
      expect(use.Condition).toEqual({ StringEquals: { 'kms:CallerAccount': '111111111111', 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } });
      expect(statements.flatMap((s) => s.Action)).not.toContain('kms:*');
    });

    test('THEN the policy denies every grant not made by an AWS service for an AWS resource (CT.KMS.PR.3)', () => {
      const statements = template.toJSON().Resources.DataKey.Properties.KeyPolicy.Statement;
      expect(statements).toContainEqual({
        Sid: 'DenyGrantsNotForAwsResources',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } },
      });
    });

    test('THEN no validation pack has a finding on it', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  describe('GIVEN importedKeyMaterial (BYOK)', () => {
    const stack = testStack();
    new RampartKey(stack, 'ByokKey', { ...base, importedKeyMaterial: true, pendingWindowDays: 7 });
    const key = Template.fromStack(stack).toJSON().Resources.ByokKey;

    test('THEN the key has Origin EXTERNAL, no automatic rotation (KMS cannot rotate imported material) and the given pending window', () => {
      expect(key.Properties.Origin).toBe('EXTERNAL');
      expect(key.Properties.EnableKeyRotation).toBe(false);
      expect(key.Properties.RotationPeriodInDays).toBeUndefined();
      expect(key.Properties.PendingWindowInDays).toBe(7);
      expect(key).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    test('THEN only the rotation findings are acknowledged, on the key, with the BYOK reason', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
      const acks = acknowledgmentsUnder(stack);
      expect(acks.map((a) => a.id).sort()).toEqual([
        'AwsSolutions::AwsSolutions-KMS5',
        'NIST.800.53.R5::NIST.800.53.R5-KMSBackingKeyRotationEnabled',
        'PCI.DSS.321::PCI.DSS.321-KMSBackingKeyRotationEnabled',
      ]);
      for (const a of acks) {
        expect(a.path).toBe('Test/ByokKey/Key/Resource');
        expect(a.reason).toMatch(/imported key material/);
      }
    });
  });

  test.each([
    [30, 'rotationPeriodDays must be a whole number from 90 to 2560, got 30'],
    [3000, 'rotationPeriodDays must be a whole number from 90 to 2560, got 3000'],
  ])('GIVEN rotationPeriodDays %p WHEN constructed THEN it throws naming the prop and value', (days, message) => {
    expect(() => new RampartKey(testStack(), 'K', { ...base, rotationPeriodDays: days })).toThrow(message);
  });

  test('GIVEN a pending window outside 7..30 days WHEN constructed THEN it throws', () => {
    expect(() => new RampartKey(testStack(), 'K', { ...base, pendingWindowDays: 3 })).toThrow(
      'pendingWindowDays must be a whole number from 7 to 30, got 3',
    );
  });

  test('GIVEN no service to use the key through WHEN constructed THEN it throws (an unusable key is a mistake)', () => {
    expect(() => new RampartKey(testStack(), 'K', { ...base, viaServices: [] })).toThrow('viaServices must name at least one AWS service, got []');
  });

  test('GIVEN rotationPeriodDays 90 WHEN synthesized THEN the shorter period is used', () => {
    const stack = testStack();
    new RampartKey(stack, 'K', { ...base, rotationPeriodDays: 90 });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', { RotationPeriodInDays: 90 });
  });
});
