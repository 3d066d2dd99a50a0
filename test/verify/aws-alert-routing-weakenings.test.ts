import type { Json } from '../../lib/verify/types';
import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { admits } from '../../lib/verify/aws/alert-routing';
import { all, resource, type Template } from './synthesized';
import {
  defaultAwsOutput,
  expectWeakeningFails,
  US,
  DR,
  ENCLAVE,
  BASELINE,
  DEPLOYMENT_BASELINE,
  DEPLOYMENT_DETECTION,
  type WeakeningCase,
} from './default-aws-output';

/**
 * DETECT's severity routing (issue 14 item 7): each evidence kind shown failing on a weakened copy
 * of the real templates, with the exact control, verdict and logical id; the unweakened output passes.
 */
const assembly = defaultAwsOutput();

type Case = WeakeningCase;

const rule = (t: Template, prefix: string) => resource(t, 'AWS::Events::Rule', prefix);
const pageSubscription = (t: Template) =>
  all(t, 'AWS::SNS::Subscription').find((s) => s.props.Protocol === 'https' && JSON.stringify(s.props.TopicArn).includes('PageTopic'))!;

const CASES: readonly Case[] = [
  ['the page topic without its HTTPS subscription', US, 'DETECT', 'contradicted', undefined, (t) => delete t.Resources[pageSubscription(t).id]],
  [
    'the GuardDuty high rule sending to the alert topic only',
    ENCLAVE,
    'DETECT',
    'contradicted',
    undefined,
    (t) => {
      const r = rule(t, 'SecurityMonitoringGuardDutyHighFindings');
      r.props.Targets = (r.props.Targets as Json[]).slice(0, 1);
    },
  ],
  [
    'no medium Security Hub rule',
    BASELINE,
    'DETECT',
    'missing',
    undefined,
    (t) => delete t.Resources[rule(t, 'SecurityMonitoringSecurityHubMediumFindings').id],
  ],
  [
    'the medium GuardDuty rule narrowed to high',
    DR,
    'DETECT',
    'missing',
    undefined,
    (t) => {
      const detail = (rule(t, 'SecurityMonitoringGuardDutyMediumFindings').props.EventPattern as { detail: { severity: Json } }).detail;
      detail.severity = [{ numeric: ['>=', 7] }];
    },
  ],
  [
    'an activity alarm that only mails',
    US,
    'DETECT',
    'contradicted',
    undefined,
    (t) => {
      const alarm = resource(t, 'AWS::CloudWatch::Alarm', 'ActivityAlarmsRootUseAlarm');
      alarm.props.AlarmActions = (alarm.props.AlarmActions as Json[]).slice(0, 1);
    },
  ],
];

describe('evidence verifier, severity routing: weakened copies of the real output', () => {
  test('GIVEN the real output THEN every stack with detection pages high findings and digests medium ones', () => {
    const result = verifyAssembly(assembly);
    const evidence = result.controls.flatMap((c) => c.evidence).filter((e) => e.kind === 'paging-route' || e.kind === 'medium-digest');
    expect(evidence.filter((e) => e.outcome !== 'holds')).toEqual([]);
    const stacks = (kind: string) => new Set(evidence.filter((e) => e.kind === kind).map((e) => e.stack));
    for (const kind of ['paging-route', 'medium-digest'])
      expect(stacks(kind)).toEqual(new Set([US, DR, 'prod-eu-west-1/platform', ENCLAVE, BASELINE, DEPLOYMENT_BASELINE, ...DEPLOYMENT_DETECTION]));
    // Every source pages: GuardDuty, Security Hub, Inspector, Access Analyzer, and the alarms.
    const usPaging = evidence.filter((e) => e.kind === 'paging-route' && e.stack === US).map((e) => String(e.value).split(' ')[0]);
    expect(new Set(usPaging)).toEqual(new Set(['aws.guardduty', 'aws.securityhub', 'aws.inspector2', 'aws.access-analyzer', 'alarm']));
    expect(result.ok).toBe(true);
  });

  test.each(CASES)('GIVEN %s (%s) THEN %s is %s', (...weakening) => expectWeakeningFails(assembly, weakening));
});

describe('admits', () => {
  test.each([
    ['aws.guardduty', { detail: { severity: [{ numeric: ['>=', 7] }] } }, 'HIGH', true],
    ['aws.guardduty', { detail: { severity: [{ numeric: ['>=', 7] }] } }, 'MEDIUM', false],
    ['aws.guardduty', { detail: { severity: [{ numeric: ['>=', 4, '<', 7] }] } }, 'MEDIUM', true],
    ['aws.guardduty', { detail: { severity: [{ numeric: ['>=', 4, '<', 7] }] } }, 'HIGH', false],
    ['aws.securityhub', { detail: { findings: { Severity: { Label: ['MEDIUM'] } } } }, 'HIGH', false],
    ['aws.inspector2', { detail: { severity: ['CRITICAL', 'HIGH'] } }, 'HIGH', true],
    ['aws.access-analyzer', { detail: { status: ['ACTIVE'] } }, 'HIGH', true],
    // Macie spells its severities High and Medium; EventBridge would never match HIGH.
    ['aws.macie', { detail: { severity: { description: ['High'] } } }, 'HIGH', true],
    ['aws.macie', { detail: { severity: { description: ['HIGH'] } } }, 'HIGH', false],
    ['aws.macie', { detail: { severity: { description: ['High'] } } }, 'MEDIUM', false],
    ['aws.macie', { detail: { severity: { description: ['Medium'] } } }, 'MEDIUM', true],
  ] as const)('%s %j admits %s: %s', (source, pattern, level, expected) => {
    expect(admits(source, pattern as unknown as Json, level)).toBe(expected);
  });
});
