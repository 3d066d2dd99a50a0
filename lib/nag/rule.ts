import { CfnResource } from 'aws-cdk-lib';
import { NagRuleResult } from 'cdk-nag';
import type { ControlId } from '../promises/control-ids';
import type { PolicyNumbers } from '../promises/policy-numbers';

/**
 * One Rampart rule: a pure check of one CloudFormation resource against one promise of the
 * control catalog (DESIGN.md). Each rule lives in `rules/<id>.ts`.
 */
export interface RampartRule {
  /** Rule id without the pack prefix; the finding is reported as `Rampart-<id>`. */
  readonly id: string;
  /** The catalog controls the rule checks (lib/promises), e.g. KEY-ROTATE. */
  readonly controls: readonly ControlId[];
  /** What is wrong when the rule fires. */
  readonly info: string;
  /** Why the rule exists and how to fix a finding. */
  readonly explanation: string;
  /**
   * Judges one resource; rules that carry policy numbers read them from `policy` (the pack passes the
   * config's resolved `policy:`; a direct call without one judges against the published numbers).
   */
  readonly check: (resource: CfnResource, policy?: PolicyNumbers) => NagRuleResult;
}
