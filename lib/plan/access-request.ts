import { IDENTITY_STORE_ID, JUST_IN_TIME, PERMISSION_SETS } from '../promises/people-access';
import type { IdentityStackPlan } from './types';

/** What an operator asks for: a write permission set in one production account, for a while, and why. */
export interface AccessRequest {
  readonly account: string;
  /** `Operator` or `PlatformAdministrator`. */
  readonly permissionSet: string;
  /** The requester's identity store user id (`aws identitystore get-user-id`). */
  readonly userId: string;
  readonly minutes: number;
  readonly reason: string;
}

export interface AccessRequestPlan {
  /** Problems with the request, all at once, each naming the option and the value received. */
  readonly errors: readonly string[];
  /** The exact commands, in order: who runs each is in its comment. */
  readonly steps: readonly string[];
  /** The state machine input. */
  readonly input?: Record<string, string | number>;
}

const WRITE_SETS: readonly string[] = Object.values(PERMISSION_SETS)
  .filter((s) => s.writes)
  .map((s) => s.name);

/**
 * ACCESS-JIT: the API steps of one elevation, from the Identity Center stack's plan: the approver
 * starts the state machine, which grants, waits and removes; anyone may watch it. Pure: prints,
 * never calls AWS (the command's --execute is the caller's).
 */
export function accessRequestSteps(plan: IdentityStackPlan, request: AccessRequest): AccessRequestPlan {
  const errors: string[] = [];
  if (!plan.productionAccounts.includes(request.account)) {
    errors.push(
      `--account: not a production account of this deployment (${plan.productionAccounts.join(', ')}), got ${JSON.stringify(request.account)}`,
    );
  }
  if (!WRITE_SETS.includes(request.permissionSet)) {
    errors.push(`--permission-set: expected one of ${WRITE_SETS.join(', ')}, got ${JSON.stringify(request.permissionSet)}`);
  }
  const seconds = request.minutes * 60;
  if (!Number.isInteger(request.minutes) || seconds < JUST_IN_TIME.minSeconds || seconds > JUST_IN_TIME.maxSeconds) {
    errors.push(
      `--minutes: expected a whole number from ${JUST_IN_TIME.minSeconds / 60} to ${JUST_IN_TIME.maxSeconds / 60}, got ${JSON.stringify(request.minutes)}`,
    );
  }
  if (!IDENTITY_STORE_ID.test(request.userId)) {
    errors.push(`--user: expected an identity store user id, got ${JSON.stringify(request.userId)}`);
  }
  if (request.reason.trim().length < 10)
    errors.push(`--reason: say why in at least 10 characters (an incident or change id), got ${JSON.stringify(request.reason)}`);
  if (errors.length > 0) return { errors, steps: [] };

  const input = {
    account: request.account,
    permissionSet: request.permissionSet,
    userId: request.userId,
    durationSeconds: seconds,
    reason: request.reason,
  };
  const arn = `arn:aws:states:${plan.region}:${plan.account}:stateMachine:${plan.stateMachineName}`;
  const region = `--region ${plan.region}`;
  const quoted = `'${JSON.stringify(input).replace(/'/g, "'\\''")}'`;
  return {
    errors,
    input,
    steps: [
      `# 1. An approver (not the requester), in the management account ${plan.account}, starts the elevation:`,
      `aws stepfunctions start-execution ${region} --state-machine-arn ${arn} --input ${quoted}`,
      '# 2. Anyone watches it (the topic mails every step: requested, granted, removed, or refused):',
      `aws stepfunctions describe-execution ${region} --execution-arn <executionArn from step 1> --query '{status: status, started: startDate}'`,
      `aws sso-admin list-account-assignments ${region} --instance-arn ${plan.instanceArn} --account-id ${request.account} --permission-set-arn <${request.permissionSet} ARN: aws sso-admin list-permission-sets>`,
      `# 3. The requester signs in through the AWS access portal and picks account ${request.account}, ${request.permissionSet} (sessions last at most an hour).`,
      `# 4. After ${request.minutes} minutes the state machine deletes the assignment by itself. To end it early, an approver stops the wait and removes it:`,
      `aws stepfunctions stop-execution ${region} --execution-arn <executionArn> --cause "ended early"`,
      `aws sso-admin delete-account-assignment ${region} --instance-arn ${plan.instanceArn} --target-id ${request.account} --target-type AWS_ACCOUNT --permission-set-arn <${request.permissionSet} ARN> --principal-type USER --principal-id ${request.userId}`,
    ],
  };
}
