import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { applyGuards } from '../../lib/app/apply-guards';
import { RAMPART_CONTEXT } from '../../lib/app/build-app';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config/loader';
import type { RampartConfig } from '../../lib/config/schema';
import { planDeployment } from '../../lib/plan/plan-deployment';
import type { AccountBaselineStackPlan } from '../../lib/plan/types';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { acknowledgmentsUnder, normalizeAssetHashes, unacknowledgedFindings } from '../helpers';

type Resource = { Type: string; Properties: any; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const baselinesOf = (config: RampartConfig) =>
  planDeployment(config).aws.filter((p): p is AccountBaselineStackPlan => p.kind === 'aws-account-baseline');

/** The stack of `plan` with the guards its controls declare, exactly as buildApp builds it. */
function build(plan: AccountBaselineStackPlan) {
  const app = new App({ context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: false });
  const stack = new AccountBaselineStack(app, plan);
  applyGuards(stack, plan);
  const template = Template.fromStack(stack); // synthesizes: the guards throw on a violation
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { stack, template, resources, ofType };
}

/** Every value under a KMS key property (KMSKeyId, KmsMasterKeyId, S3KmsKeyArn, ...) of every resource. */
function keyReferences(resources: Record<string, Resource>): unknown[] {
  const found: unknown[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (/km?s.*key/i.test(key)) found.push(v);
      else walk(v);
    }
  };
  Object.values(resources).forEach((r) => walk(r.Properties));
  return found;
}

/**
 * The account baseline of the default config: initech (BYOK, HIPAA) has its own account
 * 444444444444 in us-east-1, where no platform or enclave stack is. A snapshot (read the diff when
 * it changes) paired with the explicit assertions an auditor relies on.
 */
describe('AccountBaselineStack of the default config (initech, own account)', () => {
  const config = loadConfig();
  const plans = baselinesOf(config);
  const plan = plans[0];
  const { stack, template, resources, ofType } = build(plan);
  const initech = planDeployment(config).aws.find((p) => p.path === 'prod-us-east-1/tenant-initech')!;

  test("THEN initech's is in its account and region, its home, with termination protection (the other is the deployment account's)", () => {
    expect(plans.map((p) => p.path)).toEqual([
      'prod-us-east-1/account-baseline-444444444444',
      'prod-us-east-1/account-baseline-555555555555',
      'prod-us-west-2/account-baseline-555555555555',
      'prod-eu-west-1/account-baseline-555555555555',
    ]);
    expect([stack.account, stack.region, stack.stackName, stack.terminationProtection]).toEqual([
      '444444444444',
      'us-east-1',
      'example-saas-prod-us-east-1-account-baseline-444444444444',
      true,
    ]);
    expect([plan.home, plan.covers, plan.dataClasses]).toEqual([true, ['prod-us-east-1/tenant-initech'], ['phi']]);
  });

  test('THEN the trail is multi-region, validated, KMS-encrypted and records every management event and S3 data events on every bucket but its own log buckets', () => {
    const [[trailId, trail]] = ofType('AWS::CloudTrail::Trail');
    expect(trailId).toBe('Trail');
    expect(trail.Properties).toMatchObject({
      TrailName: 'example-saas-prod-baseline-trail',
      S3BucketName: { Ref: 'LogArchiveBucket' },
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
    });
    const selectors = trail.Properties.AdvancedEventSelectors;
    expect(selectors[0].FieldSelectors).toEqual([{ Field: 'eventCategory', Equals: ['Management'] }]);
    expect(selectors[1].FieldSelectors.slice(0, 2)).toEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
    ]);
    const excluded = selectors[1].FieldSelectors[2];
    expect(excluded.Field).toBe('resources.ARN');
    expect(excluded.NotStartsWith).toEqual(
      ['LogArchiveBucket', 'LogArchiveAccessLogs'].map((id) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/']] })),
    );
    expect(trail).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test("THEN the archive is locked in COMPLIANCE mode for the HIPAA audit retention (initech is HIPAA), under the baseline's logs key", () => {
    const archive = resources.LogArchiveBucket.Properties;
    expect(plan.auditRetentionDays).toBe(config.policy.auditLogs.hipaaRetentionDays);
    expect(archive.BucketName).toBe('example-saas-prod-444444444444-us-east-1-audit-logs');
    expect(archive.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } },
    });
    expect(archive.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
    });
    const expiry = archive.LifecycleConfiguration.Rules.find((r: { Id: string }) => r.Id === 'archive-then-expire');
    expect(expiry.ExpirationInDays).toBeGreaterThanOrEqual(2192);
    expect(resources.LogArchiveAccessLogs.Properties.BucketName).toBe('example-saas-prod-444444444444-us-east-1-audit-access-logs');
  });

  test('THEN GuardDuty is enabled with every protection plan, and Security Hub has its four standards', () => {
    const [[, detector]] = ofType('AWS::GuardDuty::Detector');
    expect(detector.Properties).toMatchObject({ Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(detector.Properties.Features.map((f: { Status: string }) => f.Status)).toEqual(Array(6).fill('ENABLED'));
    template.resourceCountIs('AWS::SecurityHub::Hub', 1);
    template.resourceCountIs('AWS::SecurityHub::Standard', 4);
  });

  test('THEN AWS Config records every supported type, global ones too (home region), delivering to the archive under the logs key', () => {
    const [[, recorder]] = ofType('AWS::Config::ConfigurationRecorder');
    expect(recorder.Properties.RecordingGroup).toEqual({ AllSupported: true, IncludeGlobalResourceTypes: true });
    const [[, channel]] = ofType('AWS::Config::DeliveryChannel');
    expect(channel.Properties).toMatchObject({ S3BucketName: { Ref: 'LogArchiveBucket' }, S3KmsKeyArn: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } });
  });

  test('THEN high-severity GuardDuty, Security Hub, Inspector and Macie findings, Access Analyzer findings and Inspector scanning and Macie discovery found off go to an alert topic encrypted under its own alerts key, mailed to alertEmail, and to the page topic; medium ones to the digest', () => {
    const [[topicId, topic]] = ofType('AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlertsKey', 'Arn'] });
    const topics = ofType('AWS::SNS::Topic').map(([id]) => id);
    const [page, digest] = [
      topics.find((t) => t.startsWith('SecurityMonitoringPageTopic')),
      topics.find((t) => t.startsWith('SecurityMonitoringDigestTopic')),
    ];
    for (const [id, t] of ofType('AWS::SNS::Topic'))
      if (id !== topicId) expect(t.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlertsKey', 'Arn'] });
    const targets = ofType('AWS::Events::Rule').map(([, r]) => [
      r.Properties.EventPattern.source,
      r.Properties.Targets.map((t: { Arn: unknown }) => t.Arn),
    ]);
    const paged = [{ Ref: topicId }, { Ref: page }];
    expect(targets).toEqual([
      [['aws.guardduty'], paged],
      [['aws.securityhub'], paged],
      [['aws.guardduty'], [{ Ref: digest }]],
      [['aws.securityhub'], [{ Ref: digest }]],
      [['aws.access-analyzer'], paged],
      [['aws.inspector2'], paged],
      [['aws.inspector2'], [{ Ref: digest }]],
      [['aws.config'], paged],
      [['aws.config'], paged],
      [['aws.macie'], paged],
      [['aws.macie'], [{ Ref: digest }]],
      [['aws.config'], paged],
    ]);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: config.platform.alertEmail });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: config.platform.alerts.pagingEndpoint,
      TopicArn: { Ref: page },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: config.platform.alerts.digestEmail,
      TopicArn: { Ref: digest },
    });
  });

  test("THEN its keys are its own two (logs, alerts), rotating at the policy's period and retained; no tenant key is referenced", () => {
    expect(ofType('AWS::KMS::Key').map(([id]) => id)).toEqual(['LogsKey', 'AlertsKey']);
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: config.policy.keyRotation.awsMaxDays });
    expect(ofType('AWS::KMS::Alias').map(([, a]) => a.Properties.AliasName)).toEqual([
      'alias/example-saas/prod/baseline/logs',
      'alias/example-saas/prod/baseline/alerts',
    ]);
    const refs = keyReferences(resources);
    expect(refs.length).toBeGreaterThanOrEqual(5);
    for (const ref of refs) expect(['LogsKey', 'AlertsKey']).toContain((ref as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain('/tenant/');
    for (const name of Object.values(initech.kind === 'aws-tenant' ? initech.names : {})) expect(json).not.toContain(name);
  });

  test('THEN, the account holding PHI, every role carries the HIPAA permissions boundary', () => {
    expect(plan.controls).toContain('HIPAA');
    const roles = ofType('AWS::IAM::Role');
    expect(roles.map(([id]) => id)).toEqual([expect.stringMatching(/^TrailLogsRole/), expect.stringMatching(/^PeopleAccessBreakGlassRole/)]);
    const [[boundaryId]] = ofType('AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('HipaaPermissionsBoundary'));
    for (const [, role] of roles) expect(role.Properties.PermissionsBoundary).toEqual({ Ref: boundaryId });
  });

  test('THEN it holds no customer data: no data or backup key, no VPC, no vault, no workload', () => {
    for (const type of [
      'AWS::EC2::VPC',
      'AWS::Backup::BackupVault',
      'AWS::ECS::Service',
      'AWS::RDS::DBCluster',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
    ]) {
      expect(ofType(type)).toEqual([]);
    }
    expect(ofType('AWS::S3::Bucket').map(([id]) => id)).toEqual(['LogArchiveAccessLogs', 'LogArchiveBucket']);
  });

  test('THEN every stateful resource is retained under a pinned logical id', () => {
    const stateful = ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::CloudTrail::Trail'];
    const found = Object.entries(resources).filter(([, r]) => stateful.includes(r.Type));
    expect(found.map(([id]) => id).sort()).toEqual(['AlertsKey', 'LogArchiveAccessLogs', 'LogArchiveBucket', 'LogsKey', 'Trail', 'TrailLogGroup']);
    for (const [, r] of found) expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('THEN no pack has an unacknowledged finding, and the acknowledgments are the log buckets (9), the HIPAA boundary (8) and the break-glass role (1)', () => {
    expect(unacknowledgedFindings(stack)).toEqual([]);
    const acks = acknowledgmentsUnder(stack);
    const where = (path: string) => acks.filter((a) => a.path.includes(path)).length;
    expect([acks.length, where('/LogArchive/'), where('/HipaaPermissionsBoundary/')]).toEqual([18, 9, 8]);
  });

  test('THEN the template says what it is (Metadata.Rampart: kind, home, the stacks it covers, PHI)', () => {
    expect(template.toJSON().Metadata.Rampart).toMatchObject({
      kind: 'aws-account-baseline',
      path: 'prod-us-east-1/account-baseline-444444444444',
      dataClasses: ['phi'],
      home: true,
      covers: ['prod-us-east-1/tenant-initech'],
    });
  });

  test('THEN the template matches the reviewed snapshot', () => {
    expect(normalizeAssetHashes(template.toJSON())).toMatchSnapshot();
  });
});

/** The default config with other tenants (and, optionally, other top-level sections). */
function configWith(tenants: object[], extra: object = {}): RampartConfig {
  const doc = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  return parseConfig({ ...doc, pipeline: undefined, ...extra, tenants });
}

describe('GIVEN one own account (555555555555) holding tenants in two US regions', () => {
  // HIPAA tenants live in hipaa.region: us-east-2 here, so the account's stacks span two regions.
  const config = configWith(
    [
      { id: 'hooli', plan: 'pro', isolation: 'silo', residency: 'us', account: '555555555555' },
      { id: 'umbrella', plan: 'pro', isolation: 'silo', residency: 'us', hipaa: true, account: '555555555555' },
    ],
    { hipaa: { enabled: true, region: 'us-east-2' } },
  );
  const [home, other] = baselinesOf(config);
  const built = [build(home), build(other)];

  test('THEN the first region (home) has the trail and records global resources; the second has detection only', () => {
    expect([home.region, home.home, other.region, other.home]).toEqual(['us-east-1', true, 'us-east-2', false]);
    expect(built.map((b) => b.ofType('AWS::CloudTrail::Trail').length)).toEqual([1, 0]);
    expect(built.map((b) => b.ofType('AWS::Config::ConfigurationRecorder')[0][1].Properties.RecordingGroup.IncludeGlobalResourceTypes)).toEqual([
      true,
      false,
    ]);
    for (const b of built) {
      expect(b.ofType('AWS::GuardDuty::Detector')).toHaveLength(1);
      expect(b.ofType('AWS::SecurityHub::Hub')).toHaveLength(1);
    }
  });

  test('THEN only the home lets CloudTrail use its logs key, and both archives keep the HIPAA retention (a tenant of the account is HIPAA)', () => {
    const trusts = built.map((b) => JSON.stringify(b.resources.LogsKey.Properties.KeyPolicy).includes('cloudtrail.amazonaws.com'));
    expect(trusts).toEqual([true, false]);
    for (const b of built) expect(b.resources.LogArchiveBucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBe(2192);
  });
});

describe('GIVEN an own account without PHI', () => {
  const config = configWith([{ id: 'hooli', plan: 'pro', isolation: 'silo', residency: 'us', account: '555555555555' }]);
  const [plan] = baselinesOf(config);
  const { ofType, resources } = build(plan);

  test('THEN the archive is locked for the audit retention and no HIPAA guard applies, but the platform boundary does', () => {
    expect(plan.controls).not.toContain('HIPAA');
    expect(resources.LogArchiveBucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 365 });
    expect(ofType('AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('HipaaPermissionsBoundary'))).toEqual([]);
    const [[boundaryId]] = ofType('AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('PlatformPermissionsBoundary'));
    expect(ofType('AWS::IAM::Role')[0][1].Properties.PermissionsBoundary).toEqual({ Ref: boundaryId });
  });
});

describe('GIVEN one own account holding a us and an EU tenant', () => {
  const config = configWith([
    { id: 'hooli', plan: 'pro', isolation: 'silo', residency: 'us', account: '555555555555' },
    { id: 'umbrella', plan: 'pro', isolation: 'silo', residency: 'eu', account: '555555555555' },
  ]);
  const [us, eu] = baselinesOf(config);

  test('THEN the EU home (trail included) synthesizes under the residency guard, naming no region but its own', () => {
    expect(eu.controls).toContain('RESIDENCY-EU');
    const { resources, ofType } = build(eu); // the ResidencyGuard throws on any other region
    expect(ofType('AWS::CloudTrail::Trail')).toHaveLength(1);
    expect(JSON.stringify(resources)).not.toMatch(/us-(east|west)-\d/);
    expect(build(us).ofType('AWS::CloudTrail::Trail')).toEqual([]);
  });
});
