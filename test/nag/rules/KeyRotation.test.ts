import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { KeyRotation } from '../../../lib/nag/rules/KeyRotation';
import { PUBLISHED_POLICY } from '../../../lib/promises/policy-numbers';
import { cfnOf, testStack } from '../../helpers';

function keyWith(props: kms.KeyProps) {
  return cfnOf(new kms.Key(testStack(), 'K', props));
}

describe('Rampart-KeyRotation (KEY-ROTATE)', () => {
  test('GIVEN rotation on every 365 days THEN compliant', () => {
    expect(KeyRotation.check(keyWith({ enableKeyRotation: true, rotationPeriod: Duration.days(365) }))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN rotation off THEN non-compliant', () => {
    expect(KeyRotation.check(keyWith({ enableKeyRotation: false }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN rotation on but with the period left unset THEN non-compliant (the period must be explicit)', () => {
    expect(KeyRotation.check(keyWith({ enableKeyRotation: true }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a rotation period over a year THEN non-compliant', () => {
    expect(KeyRotation.check(keyWith({ enableKeyRotation: true, rotationPeriod: Duration.days(730) }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a compliant key weakened by a raw property override THEN non-compliant (the rule reads the rendered template)', () => {
    const key = keyWith({ enableKeyRotation: true, rotationPeriod: Duration.days(365) });
    key.addPropertyOverride('EnableKeyRotation', false);
    expect(KeyRotation.check(key)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN an asymmetric key or imported key material THEN not applicable (KMS cannot rotate those)', () => {
    expect(KeyRotation.check(keyWith({ keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY }))).toBe(NagRuleCompliance.NOT_APPLICABLE);
    const external = cfnOf(new kms.Key(testStack(), 'K', {})) as kms.CfnKey;
    external.origin = 'EXTERNAL';
    expect(KeyRotation.check(external)).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });

  test('GIVEN another resource type THEN not applicable', () => {
    const stack = testStack();
    expect(KeyRotation.check(cfnOf(new Bucket(stack, 'B')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});

describe('Rampart-KeyRotation reads the policy (KEY-ROTATE numbers are config)', () => {
  test('GIVEN a 400-day rotation THEN non-compliant under the published 365-day cap, compliant under a policy allowing 400', () => {
    const key = keyWith({ enableKeyRotation: true, rotationPeriod: Duration.days(400) });
    expect(KeyRotation.check(key)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(KeyRotation.check(key, { ...PUBLISHED_POLICY, keyRotation: { ...PUBLISHED_POLICY.keyRotation, awsMaxDays: 400 } })).toBe(
      NagRuleCompliance.COMPLIANT,
    );
  });
});
