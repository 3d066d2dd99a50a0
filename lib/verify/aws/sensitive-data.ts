import type { ControlId } from '../../promises/control-ids';
import {
  MACIE_DISCOVERY_CONFIG_RULE,
  MACIE_DISCOVERY_RULE_UNAVAILABLE_REGIONS,
  MACIE_FINDING_PUBLISHING_FREQUENCY,
  MACIE_SOURCE,
} from '../../promises/sensitive-data';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, StackArtifact } from '../types';
import { pagesHttps, routeEvidence, subscribed } from './alert-routing';
import { placedResources } from './assembly-index';
import { resources, type Resource } from './template';
import { managedConfigRuleEvidence } from './managed-config-rule';

/**
 * DETECT-SENSITIVE-DATA, judged across the assembly: every stack holding a bucket has exactly one
 * enabled Macie session in its account and region (two would fail to deploy: an account has one
 * session per region), and the stack holding it routes Macie's High findings to the page and its
 * Medium ones to the digest, and has AWS Config report automated discovery where it can.
 */

const kinds = {
  session: {
    control: 'DETECT-SENSITIVE-DATA',
    kind: 'macie-session',
    subject: 'stacks holding S3 buckets whose account and region have one enabled Macie session',
    expected:
      'exactly one AWS::Macie::Session in the same account and region in the assembly, Status ENABLED (its default when unset), ' +
      `FindingPublishingFrequency ${MACIE_FINDING_PUBLISHING_FREQUENCY}`,
  },
  paging: {
    control: 'DETECT-SENSITIVE-DATA',
    kind: 'macie-paging-route',
    subject: 'Macie sessions whose High findings page a person',
    expected: `an enabled EventBridge rule admitting ${MACIE_SOURCE} High findings targeting a KMS-encrypted SNS topic with an https subscription`,
  },
  digest: {
    control: 'DETECT-SENSITIVE-DATA',
    kind: 'macie-medium-digest',
    subject: 'Macie sessions whose Medium findings reach the digest',
    expected: `an enabled EventBridge rule admitting ${MACIE_SOURCE} Medium findings targeting a KMS-encrypted SNS topic with a subscription`,
  },
  discovery: {
    control: 'DETECT-SENSITIVE-DATA',
    kind: 'macie-discovery-checked',
    subject: 'Macie sessions whose automated sensitive data discovery AWS Config reports on',
    expected: `an AWS::Config::ConfigRule with Source AWS ${MACIE_DISCOVERY_CONFIG_RULE} (where AWS Config offers it)`,
  },
} satisfies Record<string, EvidenceKind>;

/** Every Macie session of the stack's account and region in the assembly, with its stack. */
function sessionsOf(context: CheckContext): { stack: StackArtifact; session: Resource }[] {
  const { account, region } = context.stack;
  return placedResources(context.assembly, 'AWS::Macie::Session', { account, region }).map(({ stack, resource }) => ({ stack, session: resource }));
}

function sessionOk(session: Resource): boolean {
  return (session.props.Status ?? 'ENABLED') === 'ENABLED' && session.props.FindingPublishingFrequency === MACIE_FINDING_PUBLISHING_FREQUENCY;
}

/** The account and region's one session covers every stack holding a bucket there. */
const covered: ControlCheck = (context) => {
  if (resources(context.stack, 'AWS::S3::Bucket').length === 0) return [];
  const sessions = sessionsOf(context);
  if (sessions.length === 0) return [absent(context, kinds.session)];
  const here = sessions.find((s) => s.stack.id === context.stack.id);
  const shown = here ?? sessions[0];
  const place = here
    ? { resource: here.session.id, pointer: pointer('Resources', here.session.id, 'Properties') }
    : { pointer: pointer('Resources') };
  const value = sessions.map((s) => `${s.stack.id}/${s.session.id}: ${String(s.session.props.Status ?? 'ENABLED')}`).join(', ');
  return [observe(context, kinds.session, place, value, sessions.length === 1 && sessionOk(shown.session), 'contradicted')];
};

/** Where the session is: its findings are routed, and its discovery is reported on. */
const routed: ControlCheck = (context) => {
  const { stack } = context;
  if (resources(stack, 'AWS::Macie::Session').length === 0) return [];
  const evidence: Evidence[] = [
    routeEvidence(context, kinds.paging, MACIE_SOURCE, 'HIGH', pagesHttps),
    routeEvidence(context, kinds.digest, MACIE_SOURCE, 'MEDIUM', subscribed),
  ];
  if (!MACIE_DISCOVERY_RULE_UNAVAILABLE_REGIONS.includes(stack.region))
    evidence.push(managedConfigRuleEvidence(context, kinds.discovery, MACIE_DISCOVERY_CONFIG_RULE));
  return evidence;
};

export const SENSITIVE_DATA_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'DETECT-SENSITIVE-DATA': [covered, routed] };
