/**
 * DETECT-SENSITIVE-DATA: Amazon Macie looking for personal data where it should not be, as data the
 * construct, the verifier and the catalog share.
 */

/**
 * How often Macie publishes updates of recurring policy findings to EventBridge (new findings are
 * published as they are made): its shortest interval, the one closest to the triage deadline of the
 * voice-AI policy ("assesses severity within 15 minutes"). CloudFormation offers FIFTEEN_MINUTES,
 * ONE_HOUR and SIX_HOURS (its default, and Macie's).
 */
export const MACIE_FINDING_PUBLISHING_FREQUENCY = 'FIFTEEN_MINUTES';

/** The EventBridge source and detail-type of Macie findings (policy and sensitive-data findings). */
export const MACIE_SOURCE = 'aws.macie';
export const MACIE_DETAIL_TYPE = 'Macie Finding';

/**
 * Macie's severities are Low, Medium and High (`detail.severity.description`; it has no Critical):
 * High pages a person like every high finding (DETECT), Medium goes to the digest, Low waits in
 * Macie and Security Hub.
 */
export const MACIE_PAGED_SEVERITIES = ['High'] as const;
export const MACIE_DIGEST_SEVERITIES = ['Medium'] as const;

/**
 * The AWS Config managed rule that reports whether Macie's automated sensitive data discovery is on.
 * CloudFormation cannot turn it on (AWS::Macie::Session has no such property, and no Macie type runs a
 * classification job): the first deploy runs `aws macie2 update-automated-discovery-configuration
 * --status ENABLED`, and the rule's non-compliant result pages, so a skipped step does not go unnoticed.
 */
export const MACIE_DISCOVERY_CONFIG_RULE = 'MACIE_AUTO_SENSITIVE_DATA_DISCOVERY_CHECK';

/**
 * Regions of lib/config/regions.ts where AWS Config does not offer that rule (AWS Config developer
 * guide, "macie-auto-sensitive-data-discovery-check", read 2026-12): there the stack builds no rule,
 * since CloudFormation would refuse one, and the catalog says so.
 */
export const MACIE_DISCOVERY_RULE_UNAVAILABLE_REGIONS: readonly string[] = [
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-2',
  'me-central-1',
  'mx-central-1',
];
