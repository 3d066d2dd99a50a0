import { CfnResource } from 'aws-cdk-lib';
import { NagRuleResult } from 'cdk-nag';

/**
 * One Rampart rule: a pure check of one CloudFormation resource against one promise of the
 * control catalog (DESIGN.md). Each rule lives in `rules/<id>.ts`.
 */
export interface RampartRule {
  /** Rule id without the pack prefix; the finding is reported as `Rampart-<id>`. */
  readonly id: string;
  /** Control catalog id the rule enforces, e.g. KEY-ROTATE. */
  readonly control: string;
  /** What is wrong when the rule fires. */
  readonly info: string;
  /** Why the rule exists and how to fix a finding. */
  readonly explanation: string;
  readonly check: (resource: CfnResource) => NagRuleResult;
}
