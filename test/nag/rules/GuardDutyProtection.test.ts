import * as sns from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { ThreatDetection } from '../../../lib/constructs/detection/guardduty';
import { GuardDutyProtection } from '../../../lib/nag/rules/GuardDutyProtection';
import { cfnOf, testStack } from '../../helpers';

const detector = (runtimeMonitoring = true) => new ThreatDetection(testStack(), 'D', { runtimeMonitoring }).detector;

describe('Rampart-GuardDutyProtection (DETECT)', () => {
  test('GIVEN a ThreatDetection detector (with or without runtime monitoring) THEN compliant', () => {
    expect(GuardDutyProtection.check(detector())).toBe(NagRuleCompliance.COMPLIANT);
    expect(GuardDutyProtection.check(detector(false))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN a disabled detector THEN non-compliant', () => {
    const d = detector();
    d.enable = false;
    expect(GuardDutyProtection.check(d)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN findings published every six hours THEN non-compliant', () => {
    const d = detector();
    d.findingPublishingFrequency = 'SIX_HOURS';
    expect(GuardDutyProtection.check(d)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a protection plan switched off by a raw override, or no features at all THEN non-compliant', () => {
    const d = detector();
    d.addPropertyOverride('Features.2.Status', 'DISABLED');
    expect(GuardDutyProtection.check(d)).toBe(NagRuleCompliance.NON_COMPLIANT);
    const bare = detector();
    bare.features = undefined;
    expect(GuardDutyProtection.check(bare)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN another resource type THEN not applicable', () => {
    expect(GuardDutyProtection.check(cfnOf(new sns.Topic(testStack(), 'T')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
