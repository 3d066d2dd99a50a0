import { allowedActions } from '../../lib/organization-policies/hipaa-eligible-services';
import {
  checked,
  hipaaServiceAllowlistScp,
  minifiedLength,
  regionDenyScp,
  REGION_DENY_NOT_EXEMPTED,
  SCP_MAX_CHARACTERS,
} from '../../lib/organization-policies/service-control-policies';

type Statement = { Sid: string; Effect: string; NotAction: string[]; Resource: string; Condition?: Record<string, Record<string, string[]>> };

/** Whether an action matches an IAM action pattern (`*` wildcard, case-insensitive). */
function matches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return re.test(action);
}
const exempted = (s: Statement, action: string) => s.NotAction.some((p) => matches(p, action));

describe('hipaaServiceAllowlistScp', () => {
  const [statement] = hipaaServiceAllowlistScp().Statement as Statement[];

  test('THEN it denies, to every principal, every action outside the allowlist', () => {
    expect(statement).toMatchObject({ Effect: 'Deny', Resource: '*' });
    expect(statement.Condition).toBeUndefined();
    for (const action of ['gamelift:CreateFleet', 'sagemaker:CreateEndpoint', 'cloudfront:CreateDistribution', 'bedrock:InvokeModel']) {
      expect(exempted(statement, action)).toBe(false);
    }
  });

  test('THEN the HIPAA-eligible services, IAM/STS and CloudFormation stay usable', () => {
    for (const action of [
      's3:GetObject',
      'kms:Decrypt',
      'rds:CreateDBCluster',
      'rds-db:connect',
      'dynamodb:CreateTable',
      'iam:CreateRole',
      'sts:AssumeRole',
      'cloudformation:CreateStack',
      'backup:StartBackupJob',
    ]) {
      expect(exempted(statement, action)).toBe(true);
    }
    expect(statement.NotAction).toEqual(expect.arrayContaining(allowedActions()));
    expect(new Set(statement.NotAction).size).toBe(statement.NotAction.length);
  });

  test('THEN it fits the SCP quota minified', () => {
    expect(minifiedLength(hipaaServiceAllowlistScp())).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  test('GIVEN a break-glass role WHEN built THEN the deny exempts only that principal pattern', () => {
    const [s] = hipaaServiceAllowlistScp({ exemptPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'] }).Statement as Statement[];
    expect(s.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/BreakGlass'] } });
  });

  test('GIVEN an exempt principal that is not a role ARN WHEN built THEN it throws naming the value', () => {
    expect(() => hipaaServiceAllowlistScp({ exemptPrincipalArns: ['BreakGlass'] })).toThrow(
      'exemptPrincipalArns: each entry must be an IAM role ARN pattern such as "arn:aws:iam::*:role/BreakGlass", got "BreakGlass"',
    );
  });
});

describe('regionDenyScp', () => {
  const [statement] = regionDenyScp('eu-west-1').Statement as Statement[];

  test('THEN it denies everything requested outside the allowed region', () => {
    expect(statement).toMatchObject({ Effect: 'Deny', Resource: '*' });
    expect(statement.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } });
    for (const action of [
      's3:PutObject',
      'rds:CreateDBCluster',
      'kms:CreateKey',
      'ec2:RunInstances',
      'acm:RequestCertificate',
      'config:PutConfigurationRecorder',
    ]) {
      expect(exempted(statement, action)).toBe(false);
    }
  });

  test('THEN global services with a us-east-1 endpoint are exempt', () => {
    for (const action of [
      'iam:CreateRole',
      'sts:AssumeRole',
      'organizations:DescribeOrganization',
      'route53:ChangeResourceRecordSets',
      'support:CreateCase',
      'shield:CreateProtection',
      's3:ListAllMyBuckets',
    ]) {
      expect(exempted(statement, action)).toBe(true);
    }
  });

  test('THEN edge services are NOT exempt (the EU promise forbids caches outside the region)', () => {
    for (const pattern of REGION_DENY_NOT_EXEMPTED) expect(statement.NotAction).not.toContain(pattern);
    for (const action of ['cloudfront:CreateDistribution', 'globalaccelerator:CreateAccelerator', 'waf:CreateWebACL']) {
      expect(exempted(statement, action)).toBe(false);
    }
  });

  test('THEN it fits the SCP quota minified', () => {
    expect(minifiedLength(regionDenyScp('eu-west-1'))).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  test('GIVEN a break-glass role WHEN built THEN both conditions must hold for the deny', () => {
    const [s] = regionDenyScp('eu-central-1', { exemptPrincipalArns: ['arn:aws:iam::333333333333:role/BreakGlass'] }).Statement as Statement[];
    expect(s.Condition).toEqual({
      StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1'] },
      ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::333333333333:role/BreakGlass'] },
    });
  });

  test.each(['', 'EU-WEST-1', 'europe-west1', 'eu-west'])('GIVEN allowedRegion %p WHEN built THEN it throws naming the value', (region) => {
    expect(() => regionDenyScp(region)).toThrow(
      `regionDenyScp: allowedRegion must be an AWS region such as "eu-west-1", got ${JSON.stringify(region)}`,
    );
  });
});

describe('SCP size quota', () => {
  test('GIVEN a document above 5,120 characters minified WHEN checked THEN it throws with the size', () => {
    const big = {
      Version: '2012-10-17' as const,
      Statement: [{ Effect: 'Deny', NotAction: Array.from({ length: 400 }, (_, i) => `svc${i}:Action`), Resource: '*' }],
    };
    expect(() => checked('test', big)).toThrow(
      /^test: the policy is \d+ characters minified, above the 5120-character SCP quota of AWS Organizations/,
    );
  });

  test('GIVEN so many break-glass roles that the region deny exceeds the quota WHEN built THEN it throws', () => {
    const arns = Array.from({ length: 120 }, (_, i) => `arn:aws:iam::*:role/break-glass-role-number-${i}`);
    expect(() => regionDenyScp('eu-west-1', { exemptPrincipalArns: arns })).toThrow(/^regionDenyScp: the policy is \d+ characters minified/);
  });

  test('GIVEN a document of exactly the quota WHEN checked THEN it passes', () => {
    const base = { Version: '2012-10-17' as const, Statement: [{ Sid: '' }] };
    const doc = { ...base, Statement: [{ Sid: 'x'.repeat(SCP_MAX_CHARACTERS - minifiedLength(base)) }] };
    expect(minifiedLength(doc)).toBe(SCP_MAX_CHARACTERS);
    expect(checked('test', doc)).toBe(doc);
  });
});
