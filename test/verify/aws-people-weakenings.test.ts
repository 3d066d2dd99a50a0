import type { Json } from '../../lib/verify/types';
import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { resource, type Template } from './synthesized';
import { defaultAwsOutput, expectWeakeningFails, US, EU, ENCLAVE, ACME, BASELINE, type WeakeningCase } from './default-aws-output';

/**
 * People and access (issue 14): every new evidence kind shown failing on a weakened copy of the
 * real templates, with the exact control, verdict and logical id; the unweakened output passes.
 */
const assembly = defaultAwsOutput();

type Case = WeakeningCase;

const role = (t: Template, prefix: string) => resource(t, 'AWS::IAM::Role', prefix).props;
const boundaryStatements = (t: Template, prefix: string) =>
  (resource(t, 'AWS::IAM::ManagedPolicy', prefix).props.PolicyDocument as { Statement: Record<string, Json>[] }).Statement;
const trust = (t: Template, prefix: string) => (role(t, prefix).AssumeRolePolicyDocument as { Statement: Record<string, Json>[] }).Statement[0];

const CASES: readonly Case[] = [
  // LEAST-PRIV: role-boundary
  ['a role without a boundary', US, 'LEAST-PRIV', 'missing', 'ServiceTaskRoleC7213793', (t) => delete role(t, 'ServiceTaskRole').PermissionsBoundary],
  [
    'the platform boundary admitting IAM in full',
    US,
    'LEAST-PRIV',
    'contradicted',
    'BackupPlanRole9093B412',
    (t) => {
      const outside = boundaryStatements(t, 'PlatformPermissionsBoundary').find((s) => s.Sid === 'DenyOutsideAllowlist')!;
      outside.NotAction = [...(outside.NotAction as string[]), 'iam:*'];
    },
  ],
  [
    'the HIPAA boundary without the statement that keeps boundaries on',
    ENCLAVE,
    'LEAST-PRIV',
    'contradicted',
    'ServiceExecutionRole3DA90452',
    (t) => {
      const policy = resource(t, 'AWS::IAM::ManagedPolicy', 'HipaaPermissionsBoundary').props.PolicyDocument as { Statement: Record<string, Json>[] };
      policy.Statement = policy.Statement.filter((s) => s.Sid !== 'DenyRemovingBoundaries');
    },
  ],
  [
    'a tenant role naming a boundary no stack of its account defines',
    ACME,
    'LEAST-PRIV',
    'contradicted',
    'BackupPlanRole9093B412',
    (t) => (role(t, 'BackupPlanRole').PermissionsBoundary = 'arn:aws:iam::111111111111:policy/someone-elses-boundary'),
  ],
  // LEAST-PRIV: iam-statement (no grant of every action, whatever the resource)
  [
    'the execution policy granting every action on its log group',
    US,
    'LEAST-PRIV',
    'contradicted',
    'ServiceExecutionPolicy77490162',
    (t) => {
      const statement = (
        resource(t, 'AWS::IAM::ManagedPolicy', 'ServiceExecutionPolicy').props.PolicyDocument as { Statement: Record<string, Json>[] }
      ).Statement[0];
      statement.Action = '*';
    },
  ],
  // LEAST-PRIV: service-trust-source
  [
    'an ECS task role trusting ecs-tasks from any account',
    US,
    'LEAST-PRIV',
    'contradicted',
    'ServiceTaskRoleC7213793',
    (t) => delete trust(t, 'ServiceTaskRole').Condition,
  ],
  [
    'the Lambda/Backup trust exception not accepted',
    ACME,
    'LEAST-PRIV',
    'contradicted',
    'BackupPlanRole9093B412',
    (t) => {
      const meta = (t.Metadata as { Rampart: { acceptedExceptions: string[] } }).Rampart;
      meta.acceptedExceptions = meta.acceptedExceptions.filter((e) => e !== 'LEAST-PRIV-SERVICE-TRUST-WITHOUT-SOURCE-CONTEXT');
    },
  ],
  // DETECT-ACTIVITY: activity-alarm
  [
    'the root-use alarm removed (its filter stays)',
    US,
    'DETECT-ACTIVITY',
    'contradicted',
    'ActivityAlarmsRootUseFilter8E1CE3D1',
    (t) => delete t.Resources[resource(t, 'AWS::CloudWatch::Alarm', 'ActivityAlarmsRootUse').id],
  ],
  [
    'the console-without-MFA filter matching MFA sign-ins instead',
    ENCLAVE,
    'DETECT-ACTIVITY',
    'missing',
    undefined,
    (t) => {
      const filter = resource(t, 'AWS::Logs::MetricFilter', 'ActivityAlarmsConsoleSignInWithoutMfa').props;
      filter.FilterPattern = String(filter.FilterPattern).replace('!="Yes"', '="Yes"');
    },
  ],
  [
    "the IAM-change alarm's action removed",
    BASELINE,
    'DETECT-ACTIVITY',
    'contradicted',
    'ActivityAlarmsIamPolicyChangesFilterC9099959',
    (t) => delete resource(t, 'AWS::CloudWatch::Alarm', 'ActivityAlarmsIamPolicyChanges').props.AlarmActions,
  ],
  // ACCESS-REVIEW
  [
    'no external-access analyzer in the DR region',
    'prod-us-west-2/platform',
    'ACCESS-REVIEW',
    'missing',
    undefined,
    (t) => delete t.Resources[resource(t, 'AWS::AccessAnalyzer::Analyzer', 'AccessAnalyzersExternalAccess').id],
  ],
  [
    'unused access reported only after a year',
    US,
    'ACCESS-REVIEW',
    'contradicted',
    'AccessAnalyzersUnusedAccessCCB7C517',
    (t) => {
      const config = resource(t, 'AWS::AccessAnalyzer::Analyzer', 'AccessAnalyzersUnusedAccess').props.AnalyzerConfiguration as Record<
        string,
        Record<string, Json>
      >;
      config.UnusedAccessConfiguration.UnusedAccessAge = 365;
    },
  ],
  [
    'no unused-access analyzer anywhere in the enclave account',
    ENCLAVE,
    'ACCESS-REVIEW',
    'missing',
    undefined,
    (t) => delete t.Resources[resource(t, 'AWS::AccessAnalyzer::Analyzer', 'AccessAnalyzersUnusedAccess').id],
  ],
  [
    'Access Analyzer findings routed nowhere',
    BASELINE,
    'ACCESS-REVIEW',
    'missing',
    undefined,
    (t) => delete resource(t, 'AWS::Events::Rule', 'AccessAnalyzersFindings').props.Targets,
  ],
  // VULN-SCAN
  [
    'the registry back to basic scanning',
    EU,
    'VULN-SCAN',
    'contradicted',
    'VulnerabilityScanningRegistry91979EA4',
    (t) => (resource(t, 'AWS::ECR::RegistryScanningConfiguration').props.ScanType = 'BASIC'),
  ],
  [
    "no Config rule watching Inspector's Lambda scanning",
    BASELINE,
    'VULN-SCAN',
    'missing',
    undefined,
    (t) => delete t.Resources[resource(t, 'AWS::Config::ConfigRule', 'VulnerabilityScanningInspectorLambda').id],
  ],
  [
    'only critical Inspector findings paged',
    ENCLAVE,
    'VULN-SCAN',
    'contradicted',
    'VulnerabilityScanningFindings589ED955',
    (t) => {
      const detail = (resource(t, 'AWS::Events::Rule', 'VulnerabilityScanningFindings').props.EventPattern as Record<string, Record<string, Json>>)
        .detail;
      detail.severity = ['CRITICAL'];
    },
  ],
  // ACCESS-MFA
  [
    'a break-glass trust without MFA',
    US,
    'ACCESS-MFA',
    'contradicted',
    'PeopleAccessBreakGlassRoleE5694F96',
    (t) => {
      const statement = trust(t, 'PeopleAccessBreakGlassRole');
      delete (statement.Condition as Record<string, Json>).Bool;
    },
  ],
  [
    'break-glass use no longer alarmed',
    ENCLAVE,
    'ACCESS-MFA',
    'missing',
    'PeopleAccessBreakGlassRoleE5694F96',
    (t) => delete t.Resources[resource(t, 'AWS::CloudWatch::Alarm', 'PeopleAccessBreakGlassUseAlarm').id],
  ],
  [
    'no Config rule for root MFA',
    BASELINE,
    'ACCESS-MFA',
    'missing',
    undefined,
    (t) => delete t.Resources[resource(t, 'AWS::Config::ConfigRule', 'PeopleAccessROOTACCOUNTMFAENABLED').id],
  ],
];

describe('evidence verifier, people and access: weakened copies of the real output', () => {
  test('GIVEN the real output THEN every new kind holds or is excepted, and the run passes', () => {
    const result = verifyAssembly(assembly);
    const kinds = [
      'role-boundary',
      'service-trust-source',
      'iam-statement',
      'activity-alarm',
      'activity-alarms-in-account',
      'external-access-analyzer',
      'unused-access-analyzer',
      'access-findings-routed',
    ];
    const evidence = result.controls.flatMap((c) => c.evidence).filter((e) => kinds.includes(e.kind));
    expect(evidence.filter((e) => e.outcome !== 'holds' && e.outcome !== 'excepted')).toEqual([]);
    expect(new Set(evidence.map((e) => e.kind))).toEqual(new Set(kinds));
    // Every role of every stack carries a boundary, tenants' included (named across stacks).
    expect(evidence.filter((e) => e.kind === 'role-boundary' && e.stack === ACME).every((e) => e.outcome === 'holds')).toBe(true);
    expect(result.ok).toBe(true);
  });

  test.each(CASES)('GIVEN %s (%s) THEN %s is %s naming %s', (...weakening) => expectWeakeningFails(assembly, weakening));
});
