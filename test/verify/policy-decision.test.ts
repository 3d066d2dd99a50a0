import { decide, namesValue, type ProbeRequest } from '../../lib/verify/aws/policy-decision';
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

describe('namesValue (the tenant probes decide the sessions of the tenants a policy does not name once)', () => {
  const likeDeny = {
    ...denyOthers,
    Condition: {
      StringNotLike: { 'aws:PrincipalTag/rampart:tenant': 'acme-*' },
      ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': ['AccessRole', 'Arn'] } },
    },
  };
  const documents = [{ Statement: [allowRole] }, { Statement: [allowRole, denyOthers] }, { Statement: [allowRole, likeDeny] }];

  test('GIVEN condition values THEN a value equal to one (ignoring case), or matched by a wildcard one, is named; values elsewhere are not', () => {
    const named = namesValue(stack, { Statement: [allowRole, likeDeny] });
    expect(['acme', 'ACME', 'acme-eu', ROLE].map(named)).toEqual([true, true, true, true]);
    expect(['globex', 'acme2', 's3:GetObject', '*'].map(named)).toEqual([false, false, false, false]);
    expect(namesValue(stack, undefined)('acme')).toBe(false);
  });

  test('GIVEN any session tag value the document does not name THEN decide gives each the same decision (what makes deciding them once exact)', () => {
    const values = ['globex', 'umbrella', 't0001', 't0999', 'x', 'acme2', 'Acme-', 'ac', ''];
    for (const document of documents) {
      const named = namesValue(stack, document);
      const unnamed = values.filter((v) => !named(v));
      expect(unnamed.length).toBeGreaterThan(5);
      for (const action of ['s3:GetObject', 'kms:Decrypt']) {
        const decisions = new Set(unnamed.map((v) => decide(stack, document, request({ tags: { 'rampart:tenant': v }, action }))));
        expect(decisions.size).toBe(1);
      }
    }
    // A named value is decided on its own: the wildcard Deny spares acme-eu, not globex.
    const deny = { Statement: [likeDeny] };
    expect(decide(stack, deny, request({ principalArn: 'arn:aws:iam::111111111111:role/x', tags: { 'rampart:tenant': 'acme-eu' } }))).toBe('none');
    expect(decide(stack, deny, request({ principalArn: 'arn:aws:iam::111111111111:role/x', tags: { 'rampart:tenant': 'globex' } }))).toBe('deny');
  });
});
