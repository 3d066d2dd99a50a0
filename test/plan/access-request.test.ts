import { loadConfig } from '../../lib/config/loader';
import { awsPart } from '../../lib/config/aws-part';
import { accessRequestSteps } from '../../lib/plan/access-request';
import { identityPlan } from '../../lib/plan/identity-plans';

const plan = identityPlan(awsPart(loadConfig('test/fixtures/config/good/identity-center.yaml'))!)!;
const USER = '90676d47-1a2b-4c3d-8e9f-0123456789ab';

describe('npm run access:request (lib/plan/access-request.ts)', () => {
  test('GIVEN a valid request THEN the approver starts the named state machine with exactly this input, and the steps say how it ends', () => {
    const result = accessRequestSteps(plan, {
      account: '222222222222',
      permissionSet: 'PlatformAdministrator',
      userId: USER,
      minutes: 30,
      reason: 'CHG-42 rotate the enclave certificate',
    });
    expect(result.errors).toEqual([]);
    expect(result.input).toEqual({
      account: '222222222222',
      permissionSet: 'PlatformAdministrator',
      userId: USER,
      durationSeconds: 1800,
      reason: 'CHG-42 rotate the enclave certificate',
    });
    expect(result.steps[1]).toBe(
      `aws stepfunctions start-execution --region us-east-1 --state-machine-arn arn:aws:states:us-east-1:999999999999:stateMachine:example-saas-prod-just-in-time-access --input '${JSON.stringify(result.input)}'`,
    );
    expect(result.steps.join('\n')).toContain('aws sso-admin delete-account-assignment');
  });

  test('GIVEN an unknown account, a read-only set, 5 minutes, a bad user id and no reason THEN every problem is named with its option and value', () => {
    const result = accessRequestSteps(plan, { account: '999999999999', permissionSet: 'Auditor', userId: 'alice', minutes: 5, reason: '' });
    expect(result.errors).toEqual([
      '--account: not a production account of this deployment (111111111111, 222222222222, 333333333333, 444444444444), got "999999999999"',
      '--permission-set: expected one of Operator, PlatformAdministrator, got "Auditor"',
      '--minutes: expected a whole number from 15 to 240, got 5',
      '--user: expected an identity store user id, got "alice"',
      '--reason: say why in at least 10 characters (an incident or change id), got ""',
    ]);
    expect(result.steps).toEqual([]);
  });

  test('GIVEN a reason with a quote THEN the printed input stays one shell argument', () => {
    const result = accessRequestSteps(plan, {
      account: '111111111111',
      permissionSet: 'Operator',
      userId: USER,
      minutes: 15,
      reason: "INC-7 can't deploy",
    });
    expect(result.steps[1]).toContain(`"reason":"INC-7 can'\\''t deploy"`);
  });
});
