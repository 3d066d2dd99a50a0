import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/** Protection plans every detector must enable; runtime monitoring is a (paid) configured choice. */
export const REQUIRED_GUARDDUTY_FEATURES: readonly string[] = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS',
];

/**
 * IDS-IPS / DETECT: a GuardDuty detector is enabled, publishes findings every 15 minutes (triage
 * within minutes) and has every non-optional protection plan on. No public pack checks detectors.
 */
export const GuardDutyProtection: RampartRule = {
  id: 'GuardDutyProtection',
  controls: ['DETECT'],
  info: 'The GuardDuty detector is disabled, publishes findings less often than every 15 minutes, or lacks a protection plan.',
  explanation: `Set Enable: true, FindingPublishingFrequency: FIFTEEN_MINUTES and enable the features ${REQUIRED_GUARDDUTY_FEATURES.join(', ')} (ThreatDetection does this).`,
  check(resource: CfnResource) {
    if (resource.cfnResourceType !== 'AWS::GuardDuty::Detector') return NagRuleCompliance.NOT_APPLICABLE;
    const p = resolvedProperties(resource);
    const features = Array.isArray(p.Features) ? (p.Features as { Name?: unknown; Status?: unknown }[]) : [];
    const enabled = new Set(features.filter((f) => f.Status === 'ENABLED').map((f) => f.Name));
    const compliant =
      p.Enable === true && p.FindingPublishingFrequency === 'FIFTEEN_MINUTES' && REQUIRED_GUARDDUTY_FEATURES.every((n) => enabled.has(n));
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
