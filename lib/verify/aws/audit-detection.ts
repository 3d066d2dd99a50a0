import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, StackArtifact } from '../types';
import { placedResources } from './assembly-index';
import { asArray, isObject, referencedLogicalId, resources, type Resource } from './template';

/**
 * AUDIT, DETECT and DETECT-EVERY-ACCOUNT. Judged across the assembly, as an auditor would: a stack is
 * covered by a multi-region trail in any stack of its account, and by detection in its account and
 * region, wherever in the assembly those are built.
 */

const kinds = {
  trail: {
    control: 'AUDIT',
    kind: 'account-trail',
    subject: 'stacks whose account has a multi-region, validated, encrypted trail',
    expected: 'an AWS::CloudTrail::Trail in the account with IsMultiRegionTrail, EnableLogFileValidation, IsLogging and KMSKeyId',
  },
  archive: {
    control: 'AUDIT',
    kind: 'trail-archive-locked',
    subject: 'trails writing into an Object Lock archive kept at least the audit-log retention',
    expected: 'the trail bucket has ObjectLockEnabled and a default retention of at least the policy days',
  },
  detector: {
    control: 'DETECT',
    kind: 'detection-services',
    subject: 'detection services enabled (GuardDuty, Security Hub, AWS Config)',
    expected: 'an enabled GuardDuty detector, a Security Hub hub and a Config recorder of all supported types',
  },
  alerts: {
    control: 'DETECT',
    kind: 'high-severity-alerts',
    subject: 'finding sources (GuardDuty, Security Hub) routed to an encrypted alert topic',
    expected: 'an enabled EventBridge rule for the source targeting an SNS topic with KmsMasterKeyId',
  },
  everyAccount: {
    control: 'DETECT-EVERY-ACCOUNT',
    kind: 'account-region-detection',
    subject: 'stacks whose account and region have an enabled GuardDuty detector and whose account has a trail',
    expected:
      'an enabled GuardDuty detector in the same account and region, and a multi-region, validated trail in the same account, somewhere in the assembly',
  },
} satisfies Record<string, EvidenceKind>;

function trailOk(t: Resource): boolean {
  return (
    t.props.IsMultiRegionTrail === true && t.props.EnableLogFileValidation === true && t.props.IsLogging === true && t.props.KMSKeyId !== undefined
  );
}

/** Every trail of `account` in the assembly, with its stack. */
function accountTrails(context: CheckContext, account: string): { stack: StackArtifact; trail: Resource }[] {
  return placedResources(context.assembly, 'AWS::CloudTrail::Trail', { account }).map(({ stack, resource }) => ({ stack, trail: resource }));
}

/** Object Lock counts a retention year as 365 days (a unit, not a policy number). */
const DAYS_PER_YEAR = 365;

/** Days of a bucket's Object Lock default retention (Years counted as 365 days), or 0. */
function lockDays(bucket: Resource | undefined): number {
  const rule = bucket && isObject(bucket.props.ObjectLockConfiguration) ? bucket.props.ObjectLockConfiguration.Rule : undefined;
  const retention = isObject(rule) && isObject(rule.DefaultRetention) ? rule.DefaultRetention : undefined;
  if (bucket?.props.ObjectLockEnabled !== true || retention === undefined) return 0;
  return typeof retention.Days === 'number' ? retention.Days : typeof retention.Years === 'number' ? retention.Years * DAYS_PER_YEAR : 0;
}

const audit: ControlCheck = (context) => {
  const { stack, metadata } = context;
  const evidence: Evidence[] = [];
  const trails = accountTrails(context, stack.account);
  const good = trails.find((t) => trailOk(t.trail));
  const local = resources(stack, 'AWS::CloudTrail::Trail');
  // Own trails are judged where they are; other stacks are covered by their account's trail.
  for (const t of local) {
    const value = {
      IsMultiRegionTrail: t.props.IsMultiRegionTrail ?? false,
      EnableLogFileValidation: t.props.EnableLogFileValidation ?? false,
      IsLogging: t.props.IsLogging ?? false,
    };
    evidence.push(
      observe(context, kinds.trail, { resource: t.id, pointer: pointer('Resources', t.id, 'Properties') }, value, trailOk(t), 'contradicted'),
    );
    const days = metadata.dataClasses.includes('phi') ? metadata.policy.auditLogs.hipaaRetentionDays : metadata.policy.auditLogs.retentionDays;
    const bucketId = referencedLogicalId(t.props.S3BucketName);
    const bucket = resources(stack, 'AWS::S3::Bucket').find((b) => b.id === bucketId);
    const place = { resource: bucketId ?? t.id, pointer: pointer('Resources', bucketId ?? t.id, 'Properties', 'ObjectLockConfiguration') };
    evidence.push(
      observe(
        context,
        { ...kinds.archive, expected: `${kinds.archive.expected} (${days} days)` },
        place,
        lockDays(bucket),
        lockDays(bucket) >= days,
        'contradicted',
      ),
    );
  }
  if (local.length === 0) {
    const place = good ? { resource: good.trail.id, pointer: pointer('Resources', good.trail.id) } : { pointer: pointer('Resources') };
    const value = good ? `${good.stack.id}/${good.trail.id}` : undefined;
    evidence.push(observe(context, kinds.trail, place, value, good !== undefined, 'missing'));
  }
  return evidence;
};

function ruleFor(stack: StackArtifact, source: string): Resource | undefined {
  return resources(stack, 'AWS::Events::Rule').find(
    (r) => r.props.State !== 'DISABLED' && isObject(r.props.EventPattern) && asArray(r.props.EventPattern.source).includes(source),
  );
}

const detect: ControlCheck = (context) => {
  const { stack } = context;
  const detectors = resources(stack, 'AWS::GuardDuty::Detector');
  const hubs = resources(stack, 'AWS::SecurityHub::Hub');
  const recorders = resources(stack, 'AWS::Config::ConfigurationRecorder');
  const services = [
    { name: 'GuardDuty', found: detectors[0], ok: detectors[0]?.props.Enable === true },
    { name: 'Security Hub', found: hubs[0], ok: hubs.length > 0 },
    {
      name: 'AWS Config',
      found: recorders[0],
      ok: isObject(recorders[0]?.props.RecordingGroup) && recorders[0].props.RecordingGroup.AllSupported === true,
    },
  ].map(({ name, found, ok }) =>
    observe(
      context,
      kinds.detector,
      { resource: found?.id, pointer: pointer('Resources', ...(found ? [found.id] : [])) },
      found ? name : undefined,
      ok,
    ),
  );
  const topics = new Map(resources(stack, 'AWS::SNS::Topic').map((t) => [t.id, t]));
  const alerts = ['aws.guardduty', 'aws.securityhub'].map((source) => {
    const rule = ruleFor(stack, source);
    const topic = asArray(rule?.props.Targets)
      .map((t) => (isObject(t) ? topics.get(referencedLogicalId(t.Arn) ?? '') : undefined))
      .find((t) => t !== undefined);
    const ok = topic !== undefined && topic.props.KmsMasterKeyId !== undefined;
    return observe(
      context,
      kinds.alerts,
      { resource: rule?.id, pointer: pointer('Resources', ...(rule ? [rule.id] : [])) },
      rule ? source : undefined,
      ok,
    );
  });
  return [...services, ...alerts];
};

/**
 * Every stack's account and region need an enabled detector, and its account a good trail, wherever
 * in the assembly they are built (an account baseline, the platform or the enclave). A detector or
 * trail that is there but off or weakened contradicts the control; none at all is missing evidence.
 */
const everyAccount: ControlCheck = (context) => {
  const { stack } = context;
  const detectors = placedResources(context.assembly, 'AWS::GuardDuty::Detector', { account: stack.account, region: stack.region }).map(
    ({ stack: s, resource: d }) => ({ stack: s, detector: d, enabled: d.props.Enable === true }),
  );
  const detector = detectors.find((d) => d.enabled);
  const trails = accountTrails(context, stack.account);
  const trail = trails.find((t) => trailOk(t.trail));
  const ok = detector !== undefined && trail !== undefined;
  const weakened = (detector === undefined && detectors.length > 0) || (trail === undefined && trails.length > 0);
  const shown = detector ?? detectors[0];
  const value = {
    detector: shown === undefined ? null : `${shown.stack.id}/${shown.detector.id}${shown.enabled ? '' : ' (Enable false)'}`,
    trail: trail ? `${trail.stack.id}/${trail.trail.id}` : null,
  };
  // Point at the stack's own detector when it has one, so the finding names the resource to fix.
  const own = detectors.find((d) => d.stack.id === stack.id);
  const place = own
    ? { resource: own.detector.id, pointer: pointer('Resources', own.detector.id, 'Properties', 'Enable') }
    : { pointer: pointer('Resources') };
  return [observe(context, kinds.everyAccount, place, value, ok, weakened ? 'contradicted' : 'missing')];
};

export const AUDIT_DETECTION_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  AUDIT: [audit],
  DETECT: [detect],
  'DETECT-EVERY-ACCOUNT': [everyAccount],
};
