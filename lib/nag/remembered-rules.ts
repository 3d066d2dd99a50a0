import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, rules, type IApplyRule } from 'cdk-nag';

type NagRule = IApplyRule['rule'];
type RuleOutcome = { readonly result: ReturnType<NagRule> } | { readonly error: unknown };

/**
 * The cdk-nag rules worth remembering: each walks its whole stack for every bucket it judges, and
 * each is applied by four packs (AwsSolutions, HIPAA.Security, NIST.800.53.R5, PCI.DSS.321). At
 * 1,000 tenants S3BucketSSLRequestsOnly alone took 6 of the packs' 23 s, S3BucketLoggingEnabled 0.8;
 * no other rule took more than 0.35. Remembering every rule's outcome instead cost 600 MB (an outcome
 * per rule and resource) for less time than it saved.
 */
const REMEMBERED: ReadonlySet<NagRule> = new Set([rules.s3.S3BucketSSLRequestsOnly, rules.s3.S3BucketLoggingEnabled]);

/**
 * Outcomes by resource, for one synthesis's validation (the ValidatorRunLog starts a new one when a
 * pack runs again): a rule is a function of the resource and the tree, which do not change while the
 * packs run, so a second pack's application gives the first's outcome, thrown errors included. Keyed
 * by the resource object, so another App never shares an outcome.
 */
export type RuleOutcomes = WeakMap<CfnResource, Map<NagRule, RuleOutcome>>;

/** `rule`, or for a remembered rule a twin answering from `outcomes` of earlier applications to the same resource. */
export function remembered(rule: NagRule, outcomes: RuleOutcomes): NagRule {
  return REMEMBERED.has(rule) ? (node: CfnResource) => outcomeOf(rule, node, outcomes) : rule;
}

function outcomeOf(rule: NagRule, node: CfnResource, outcomes: RuleOutcomes): ReturnType<NagRule> {
  let outcome = outcomes.get(node)?.get(rule);
  if (outcome === undefined) {
    try {
      outcome = { result: rule(node) };
    } catch (error) {
      outcome = { error };
    }
    // "Not applicable" (every resource but a bucket or its policy) is decided by a type check: not kept.
    if (!('result' in outcome && outcome.result === NagRuleCompliance.NOT_APPLICABLE)) {
      const known = outcomes.get(node) ?? new Map<NagRule, RuleOutcome>();
      known.set(rule, outcome);
      outcomes.set(node, known);
    }
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
}
