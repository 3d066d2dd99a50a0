import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/** The longest rotation period the published policy allows. */
export const MAX_ROTATION_DAYS = 365;

/**
 * KEY-ROTATE: every symmetric customer-managed key rotates automatically, at least yearly.
 * AwsSolutions-KMS5 checks that rotation is on; it does not check the period.
 * Keys with imported material (BYOK, Origin EXTERNAL) cannot rotate automatically: their
 * rotation is the customer's re-import, covered by the BYOK expiry alarm instead.
 */
export const KeyRotation: RampartRule = {
  id: 'KeyRotation',
  controls: ['KEY-ROTATE'],
  info: `The KMS key does not rotate automatically within ${MAX_ROTATION_DAYS} days.`,
  explanation:
    'The published policy promises automatic key rotation. Set EnableKeyRotation: true and RotationPeriodInDays between 90 and 365 (Rampart keys do this by default).',
  check(resource: CfnResource) {
    if (resource.cfnResourceType !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
    const props = resolvedProperties(resource);
    if (props.Origin === 'EXTERNAL') return NagRuleCompliance.NOT_APPLICABLE;
    const spec = props.KeySpec;
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    const period = props.RotationPeriodInDays;
    const compliant = props.EnableKeyRotation === true && typeof period === 'number' && period <= MAX_ROTATION_DAYS;
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
