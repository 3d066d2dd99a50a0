import { ACCESS_ANALYZER_FINDING_TYPES, ACCESS_REVIEW } from '../../promises/access-review';
import type { ControlId } from '../../promises/control-ids';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, JsonObject } from '../types';
import { placedResources } from './assembly-index';
import { asArray, isObject, referencedIds, resources } from './template';

/**
 * ACCESS-REVIEW: IAM Access Analyzer reports external access in every account and region of the
 * assembly and unused access once per account, and its active findings reach the alert topic.
 */

const kinds = {
  external: {
    control: 'ACCESS-REVIEW',
    kind: 'external-access-analyzer',
    subject: 'account regions analysing external access',
    expected: 'an AWS::AccessAnalyzer::Analyzer of Type ACCOUNT (or ORGANIZATION) in the stack',
  },
  unused: {
    control: 'ACCESS-REVIEW',
    kind: 'unused-access-analyzer',
    subject: 'accounts analysing unused access for the review period',
    expected: `an AWS::AccessAnalyzer::Analyzer of Type ACCOUNT_UNUSED_ACCESS with UnusedAccessAge at most ${ACCESS_REVIEW.unusedAccessAgeDays} days in a stack of the account`,
  },
  routed: {
    control: 'ACCESS-REVIEW',
    kind: 'access-findings-routed',
    subject: 'stacks sending active Access Analyzer findings to the alert topic',
    expected: `an AWS::Events::Rule for source aws.access-analyzer and detail-type ${ACCESS_ANALYZER_FINDING_TYPES.join(', ')}, status ACTIVE, targeting an SNS topic of the stack`,
  },
} satisfies Record<string, EvidenceKind>;

const list = (value: unknown): string[] => asArray(value as never).map(String);

function unusedAge(analyzer: JsonObject): number | undefined {
  const config = isObject(analyzer.AnalyzerConfiguration) ? analyzer.AnalyzerConfiguration.UnusedAccessConfiguration : undefined;
  return isObject(config) && typeof config.UnusedAccessAge === 'number' ? config.UnusedAccessAge : undefined;
}

const accessReview: ControlCheck = (context: CheckContext) => {
  const { stack, assembly } = context;
  const evidence: Evidence[] = [];
  const analyzers = resources(stack, 'AWS::AccessAnalyzer::Analyzer');
  const external = analyzers.find((a) => a.props.Type === 'ACCOUNT' || a.props.Type === 'ORGANIZATION');
  evidence.push(
    external === undefined
      ? absent(context, kinds.external)
      : observe(
          context,
          kinds.external,
          { resource: external.id, pointer: pointer('Resources', external.id, 'Properties', 'Type') },
          String(external.props.Type),
          true,
        ),
  );

  const unusedIn = placedResources(assembly, 'AWS::AccessAnalyzer::Analyzer', { account: stack.account })
    .filter(({ resource }) => resource.props.Type === 'ACCOUNT_UNUSED_ACCESS')
    .map(({ stack: s, resource: a }) => ({ s, a }));
  const own = unusedIn.find(({ s }) => s.id === stack.id);
  if (unusedIn.length === 0) evidence.push(absent(context, kinds.unused));
  else if (own !== undefined) {
    const age = unusedAge(own.a.props);
    const place = { resource: own.a.id, pointer: pointer('Resources', own.a.id, 'Properties', 'AnalyzerConfiguration') };
    evidence.push(observe(context, kinds.unused, place, age ?? null, age !== undefined && age <= ACCESS_REVIEW.unusedAccessAgeDays, 'contradicted'));
  }

  const topics = new Set(resources(stack, 'AWS::SNS::Topic').map((t) => t.id));
  const rule = resources(stack, 'AWS::Events::Rule').find((r) => {
    const pattern = isObject(r.props.EventPattern) ? r.props.EventPattern : {};
    const detail = isObject(pattern.detail) ? pattern.detail : {};
    const toTopic = asArray(r.props.Targets).some((t) => isObject(t) && [...referencedIds(t.Arn)].some((id) => topics.has(id)));
    return (
      list(pattern.source).includes('aws.access-analyzer') &&
      ACCESS_ANALYZER_FINDING_TYPES.every((type) => list(pattern['detail-type']).includes(type)) &&
      list(detail.status).includes('ACTIVE') &&
      r.props.State !== 'DISABLED' &&
      toTopic
    );
  });
  evidence.push(
    rule === undefined
      ? absent(context, kinds.routed)
      : observe(
          context,
          kinds.routed,
          { resource: rule.id, pointer: pointer('Resources', rule.id, 'Properties', 'EventPattern') },
          rule.props.EventPattern,
          true,
        ),
  );
  return evidence;
};

export const ACCESS_REVIEW_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'ACCESS-REVIEW': [accessReview],
};
