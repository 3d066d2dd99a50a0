import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { PUBLISHED_POLICY } from '../../promises/policy-numbers';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/**
 * KEY-ROTATE: every symmetric customer-managed key rotates automatically, at least yearly.
 * AwsSolutions-KMS5 checks that rotation is on; it does not check the period.
 * Keys with imported material (BYOK, Origin EXTERNAL) cannot rotate automatically: their
 * rotation is the customer's re-import, covered by the BYOK expiry alarm instead.
 */
export const KeyRotation: RampartRule = {
  id: 'KeyRotation',
  controls: ['KEY-ROTATE'],
  info: 'The KMS key does not rotate automatically within policy.keyRotation.awsMaxDays.',
  explanation:
    'The published policy promises automatic key rotation. Set EnableKeyRotation: true and RotationPeriodInDays at most policy.keyRotation.awsMaxDays (Rampart keys take it from the plan).',
  check(resource: CfnResource, policy = PUBLISHED_POLICY) {
    if (resource.cfnResourceType !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
    const props = resolvedProperties(resource);
    if (props.Origin === 'EXTERNAL') return NagRuleCompliance.NOT_APPLICABLE;
    const spec = props.KeySpec;
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    const period = props.RotationPeriodInDays;
    const compliant = props.EnableKeyRotation === true && typeof period === 'number' && period <= policy.keyRotation.awsMaxDays;
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
