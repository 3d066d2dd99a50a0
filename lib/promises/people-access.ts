/**
 * ACCESS-MFA: the evidence of MFA in every account and the break-glass role, as data the config,
 * the construct and the verifier share.
 */

/** AWS Config managed rules that report MFA on the root user and on IAM users (console included). */
export const MFA_CONFIG_RULES = ['ROOT_ACCOUNT_MFA_ENABLED', 'IAM_USER_MFA_ENABLED', 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS'] as const;

/** `<org>-<env>-break-glass`: the break-glass role's name in every account with a trail. */
export const BREAK_GLASS_ROLE_SUFFIX = 'break-glass';

/** Seconds a break-glass session lasts at most, and how recent its MFA must be (one hour). */
export const BREAK_GLASS_SESSION_SECONDS = 3600;

/** A named IAM user or role of a (security) account: never an account root, never a wildcard. */
export const BREAK_GLASS_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/;

/** An IAM Identity Center identity store group or user id: a UUID, optionally prefixed by ten hex digits and a dash. */
export const IDENTITY_STORE_ID = /^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** CloudWatch Logs filter for every AssumeRole of the break-glass role `roleArn` (console switch-role included). */
export function breakGlassUsePattern(roleArn: string): string {
  return `{($.eventSource="sts.amazonaws.com") && ($.eventName="AssumeRole") && ($.requestParameters.roleArn="${roleArn}")}`;
}

/**
 * The Identity Center permission sets people reach production through (ACCESS-MFA): who they are
 * for, how long a session lasts (ISO 8601; a set that can write lasts at most an hour), and the AWS
 * managed policies they carry. The operator's own write actions are in the construct.
 */
export const PERMISSION_SETS = {
  auditor: { name: 'Auditor', writes: false, sessionDuration: 'PT4H', managedPolicies: ['SecurityAudit', 'ReadOnlyAccess'] },
  operator: { name: 'Operator', writes: true, sessionDuration: 'PT1H', managedPolicies: ['ReadOnlyAccess'] },
  platformAdmin: { name: 'PlatformAdministrator', writes: true, sessionDuration: 'PT1H', managedPolicies: ['AdministratorAccess'] },
} as const;
export type PermissionSetRole = keyof typeof PERMISSION_SETS;

/** The longest session a permission set that can write may have (ISO 8601). */
export const WRITE_SESSION_MAX = 'PT1H';

/**
 * ACCESS-JIT: a write permission set is assigned in a production account only for a bounded time,
 * by the just-in-time state machine, and removed by it.
 */
export const JUST_IN_TIME = {
  /** The longest elevation the state machine accepts (seconds). */
  maxSeconds: 4 * 3600,
  /** The shortest (seconds). */
  minSeconds: 15 * 60,
  /** `<org>-<env>-just-in-time-access`: the state machine's name. */
  stateMachineSuffix: 'just-in-time-access',
} as const;
