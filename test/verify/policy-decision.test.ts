import { decide, type ProbeRequest } from '../../lib/verify/aws/policy-decision';
import type { StackArtifact } from '../../lib/verify/types';

/**
 * The verifier's reading of a resource policy (lib/verify/aws/policy-decision.ts): explicit Deny wins,
 * the Not operators hold on a missing key (as IAM evaluates them), IfExists holds on a missing key,
 * and a condition on a key it does not model is read in the direction that makes data more reachable.
 */
const stack: StackArtifact = {
  cloud: 'aws',
  id: 'prod-us-east-1/tenant-acme',
  name: 'example-saas-prod-us-east-1-tenant-acme',
  account: '111111111111',
  region: 'us-east-1',
  file: 't.json',
  template: { Resources: { AccessRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'acme-access' } } } },
};
const ROLE = 'arn:aws:iam::111111111111:role/acme-access';
const request = (over: Partial<ProbeRequest> = {}): ProbeRequest => ({
  principalArn: ROLE,
  account: '111111111111',
  tags: { 'rampart:tenant': 'acme' },
  action: 's3:GetObject',
  ...over,
});
const allowRole = {
  Effect: 'Allow',
  Principal: { AWS: { 'Fn::GetAtt': ['AccessRole', 'Arn'] } },
  Action: 's3:GetObject',
  Resource: '*',
  Condition: { StringEquals: { 'aws:PrincipalTag/rampart:tenant': 'acme' } },
};
const denyOthers = {
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:GetObject*',
  Resource: '*',
  Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE } },
};

describe('decide', () => {
  test('GIVEN an Allow to the role by GetAtt with a tag condition THEN the tagged session is allowed and another tag is not', () => {
    expect(decide(stack, { Statement: [allowRole] }, request())).toBe('allow');
    expect(decide(stack, { Statement: [allowRole] }, request({ tags: { 'rampart:tenant': 'globex' } }))).toBe('none');
    expect(decide(stack, { Statement: [allowRole] }, request({ tags: {} }))).toBe('none');
  });

  test('GIVEN a Deny with ArnNotEquals THEN every other principal is denied, the named one is not, and a wildcard action matches', () => {
    const document = { Statement: [allowRole, denyOthers] };
    expect(decide(stack, document, request({ principalArn: 'arn:aws:iam::111111111111:role/other' }))).toBe('deny');
    expect(decide(stack, document, request())).toBe('allow');
    expect(decide(stack, document, request({ principalArn: 'arn:aws:iam::111111111111:role/other', action: 's3:GetObjectVersion' }))).toBe('deny');
  });

  test('GIVEN StringNotEquals on a session tag the request lacks THEN it holds (IAM: a Not operator on a missing key is true); IfExists holds too', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalTag/rampart:tenant': 'acme' } },
    };
    expect(decide(stack, { Statement: [deny] }, request({ tags: {} }))).toBe('deny');
    const allowIfExists = { ...allowRole, Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/rampart:tenant': 'acme' } } };
    expect(decide(stack, { Statement: [allowIfExists] }, request({ tags: {} }))).toBe('allow');
  });

  test('GIVEN a condition on a key the reader does not model THEN an Allow counts as admitting and a Deny as not denying', () => {
    const unknown = { 'aws:SourceVpce': 'vpce-0123' };
    expect(decide(stack, { Statement: [{ ...allowRole, Condition: { StringEquals: unknown } }] }, request({ tags: {} }))).toBe('allow');
    expect(decide(stack, { Statement: [{ ...denyOthers, Condition: { StringNotEquals: unknown } }] }, request())).toBe('none');
  });

  test('GIVEN an Allow to the account root THEN any principal of the account is admitted (the account delegates to identity policies)', () => {
    const root = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };
    expect(decide(stack, { Statement: [root] }, request({ principalArn: 'arn:aws:iam::111111111111:role/any', action: 'kms:Decrypt' }))).toBe(
      'allow',
    );
    expect(decide(stack, { Statement: [root] }, request({ principalArn: 'arn:aws:iam::222222222222:role/any', account: '222222222222' }))).toBe(
      'none',
    );
  });
});
