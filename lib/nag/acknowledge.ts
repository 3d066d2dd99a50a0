import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { MIN_REASON_LENGTH } from '../plan/weakening';

/**
 * The single way Rampart acknowledges a validation finding.
 *
 * It always uses the plugin-prefixed id (`AwsSolutions::AwsSolutions-S1`): CDK then keeps the
 * finding, the reason and where it was acknowledged in cdk.out/validation-report.json, so an
 * auditor reads every exception next to its justification. (An unprefixed id makes cdk-nag drop
 * the finding before the report is written, reason and all.)
 *
 * Call it on the narrowest construct that has the finding, never on a stack or the app.
 */

/** The validation plugins whose findings Rampart may acknowledge, keyed by their rule-id prefix. */
export const PACKS = {
  AwsSolutions: 'AwsSolutions',
  HIPAA: 'HIPAA.Security',
  NIST: 'NIST.800.53.R5',
  PCI: 'PCI.DSS.321',
  Rampart: 'Rampart',
} as const;
export type PackName = (typeof PACKS)[keyof typeof PACKS];

/** Reasons shorter than this cannot explain a security exception to an auditor (the same rule as every Weakening). */
export { MIN_REASON_LENGTH };

/** `HIPAA.Security-S3BucketReplicationEnabled` -> `HIPAA.Security`. */
export function packOfRule(ruleId: string): PackName {
  const pack = Object.values(PACKS).find((p) => ruleId.startsWith(`${p}-`));
  if (pack === undefined) {
    throw new Error(`acknowledge: rule id "${ruleId}" does not start with a known pack prefix (${Object.values(PACKS).join(', ')})`);
  }
  return pack;
}

export function acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `acknowledge(${scope.node.path}, ${ruleId}): reason must explain the exception in at least ${MIN_REASON_LENGTH} characters, got ${JSON.stringify(reason)}`,
    );
  }
  if (scope.node.scope === undefined) {
    throw new Error(`acknowledge(${ruleId}): never acknowledge app-wide; acknowledge on the construct that has the finding`);
  }
  Validations.of(scope).acknowledge({ id: `${packOfRule(ruleId)}::${ruleId}`, reason });
}

/**
 * Acknowledges the same rule, under the same reason, in each named pack. The compliance packs
 * share rule names (e.g. `S3BucketReplicationEnabled` exists in HIPAA, NIST and PCI).
 */
export function acknowledgeInPacks(scope: IConstruct, rule: string, packs: readonly PackName[], reason: string): void {
  for (const pack of packs) acknowledge(scope, `${pack}-${rule}`, reason);
}

/** The id prefix aws-cdk-lib's built-in CloudFormation validation takes acknowledgments under (its report says "Acknowledge with"). */
export const CFN_VALIDATE_PLUGIN = 'CloudFormation-Validate';

/**
 * Acknowledges a finding of aws-cdk-lib's built-in CloudFormation validation (cfn-lint rule ids
 * such as `W3010`, which carry no pack prefix), with the same rules as `acknowledge`.
 */
export function acknowledgeCfnLint(scope: IConstruct, rule: string, reason: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH || scope.node.scope === undefined) {
    throw new Error(
      `acknowledgeCfnLint(${scope.node.path}, ${rule}): needs a reason of ${MIN_REASON_LENGTH}+ characters and a construct below the app`,
    );
  }
  Validations.of(scope).acknowledge({ id: `${CFN_VALIDATE_PLUGIN}::${rule}`, reason });
}

/** Compliance packs (HIPAA, NIST 800-53 R5, PCI DSS 3.2.1): they share most S3/KMS/RDS rule names. */
export const COMPLIANCE_PACKS: readonly PackName[] = [PACKS.HIPAA, PACKS.NIST, PACKS.PCI];
