import { ACCESS_REVIEW } from '../access-review';
import { JUST_IN_TIME } from '../people-access';
import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** People's access: ACCESS-MFA, ACCESS-JIT, ACCESS-REVIEW. */
export const PEOPLE_ACCESS: readonly ControlEntry[] = [
  {
    id: 'ACCESS-MFA',
    title: 'People reach production only with multi-factor authentication',
    status: 'partial',
    policy: [Q.mfa, Q.jam2fa],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-identity'] },
    realisation: {
      summary:
        'In every account with a trail: AWS Config managed rules ROOT_ACCOUNT_MFA_ENABLED, IAM_USER_MFA_ENABLED and ' +
        'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS, whose NON_COMPLIANT results page on-call; the console-sign-in-without-MFA and root-use ' +
        'alarms (DETECT-ACTIVITY); and, when `platform.breakGlassPrincipals` names any, a break-glass role for when IAM Identity Center ' +
        'is unavailable: assumable only by those IAM users or roles with MFA used within the hour, for one-hour sessions, capped by the ' +
        "account's boundary, every AssumeRole of it alarmed. People's everyday access is IAM Identity Center, whose MFA is its own " +
        'sign-in setting (README, "People and access"): when `identityCenter` names the instance, a stack in its (management or ' +
        'delegated administrator) account defines the permission sets read-only Auditor (4 h sessions), Operator and ' +
        'PlatformAdministrator (1 h sessions, because they write), none with an aws:MultiFactorAuthPresent condition.',
      code: [
        'lib/promises/people-access.ts',
        'lib/constructs/access/people-access.ts',
        'lib/constructs/access/permission-sets.ts',
        'lib/stacks/identity-stack.ts',
        'lib/verify/aws/people-access.ts',
      ],
    },
    tests: ['test/constructs/access/people-access.test.ts', 'test/verify/aws-people-weakenings.test.ts', 'test/stacks/identity-stack.test.ts'],
    limits: [
      'Identity Center\'s MFA setting ("every time they sign in") cannot be set or read by CloudFormation: it is a documented step ' +
        'checked by hand at every review (README). The permission sets are built only when `identityCenter` is configured (the default ' +
        "config does not name an instance), and no account assignment is made: who holds which set is the organization's (ACCESS-JIT).",
      'The evidence verifier checks, in the Identity Center stack, that every permission set that can write has sessions of at most an ' +
        'hour and that none carries aws:MultiFactorAuthPresent; in every account with a trail, the MFA rules and the break-glass trust and alarm.',
      'The Config rules report MFA; they do not enforce it. Break-glass principals are IAM users of another account, whose MFA devices ' +
        'that account manages.',
      'The break-glass role is capped by the account boundary like every role: it cannot edit IAM policies or remove boundaries; a ' +
        "repair of IAM itself needs the organization's management-account access.",
      "On Google Cloud, 2-step verification is enforced by the organization's identity provider, outside the project.",
    ],
    exceptions: [
      {
        id: 'ACCESS-MFA-IDENTITY-CENTER-SETTING-MANUAL',
        standing: true,
        covers: "People's sign-in to IAM Identity Center.",
        reason:
          'Identity Center\'s MFA setting ("every time they sign in") cannot be set or read by CloudFormation: it is a documented step checked by hand at every review (README, "People and access"). The Config rules report MFA of the root user and IAM users; they do not enforce it.',
      },
    ],
  },
  {
    id: 'ACCESS-JIT',
    title: 'Production access is granted just in time',
    status: 'partial',
    policy: [Q.jit],
    appliesTo: { kinds: ['aws-identity'] },
    realisation: {
      summary:
        'When `identityCenter` is configured, the Identity Center stack assigns no write permission set standing, and holds the only ' +
        'way to get one: a Step Functions state machine (`<org>-<env>-just-in-time-access`) that checks the request (a production ' +
        `account, Operator or PlatformAdministrator, ${JUST_IN_TIME.minSeconds / 60} to ${JUST_IN_TIME.maxSeconds / 60} minutes, a user id and a reason), ` +
        'creates the account assignment, waits the requested time, deletes it (retrying), and announces the request, the grant, the ' +
        'removal or a failure on its own encrypted topic; every state is logged (level ALL, under its own logs key) and traced. ' +
        '`npm run access:request` prints the exact commands.',
      code: ['lib/constructs/access/just-in-time.ts', 'lib/stacks/identity-stack.ts', 'lib/plan/access-request.ts', 'lib/verify/aws/just-in-time.ts'],
    },
    tests: ['test/stacks/identity-stack.test.ts', 'test/plan/access-request.test.ts'],
    limits: [
      'Built only when `identityCenter` names an instance (the default config names none). Assignments made outside Rampart (console, ' +
        'CLI) are not in the templates: the quarterly review lists them (`aws sso-admin list-account-assignments`, README).',
      "An Identity Center session started during the grant lives until it expires (at most the permission set's one hour) after the " +
        'assignment is removed.',
    ],
    exceptions: [
      {
        id: 'ACCESS-JIT-NO-SECOND-PERSON-STEP',
        standing: true,
        covers: 'Every just-in-time elevation.',
        reason:
          'Approval is who may start an execution (states:StartExecution, granted in the management account to the approvers): the state machine has no built-in second-person approval step, so the requester must not hold that permission, which no template of the workload accounts can show.',
      },
    ],
  },
  {
    id: 'ACCESS-REVIEW',
    title: 'Access is reviewed quarterly and unnecessary permissions revoked',
    status: 'partial',
    policy: [Q.quarterlyReviews],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline'] },
    realisation: {
      summary:
        'IAM Access Analyzer in every account and region the assembly deploys to: an external-access analyzer (zone of trust: the ' +
        'account) in each, and an unused-access analyzer once per account (next to its trail) reporting roles, users, keys and ' +
        `permissions unused for ${ACCESS_REVIEW.unusedAccessAgeDays} days; an EventBridge rule of each stack sends active findings of both to the alert ` +
        'topic. `npm run access:report` lists, from the synthesized output alone, every role, user and permission set, who can assume ' +
        'it and its boundary: the population an auditor samples. The README ("People and access") holds the quarterly review procedure.',
      code: [
        'lib/promises/access-review.ts',
        'lib/constructs/detection/access-analyzers.ts',
        'lib/verify/aws/access-review.ts',
        'lib/report/access-report.ts',
      ],
    },
    tests: ['test/constructs/detection/access-analyzers.test.ts', 'test/report/access-report.test.ts', 'test/verify/aws-people-weakenings.test.ts'],
    limits: [
      'The evidence verifier checks an external-access analyzer and an Access Analyzer finding rule to the alert topic in every platform, ' +
        `enclave and account-baseline stack, and an unused-access analyzer of at most ${ACCESS_REVIEW.unusedAccessAgeDays} days in every account.`,
      "Identity Center assignments live in the organization's management account: the report lists the permission sets Rampart " +
        'defines, not who holds them (`aws sso-admin list-account-assignments`, in the procedure).',
    ],
    exceptions: [
      {
        id: 'ACCESS-REVIEW-PEOPLES-WORK',
        standing: true,
        covers: 'The quarterly access review.',
        reason:
          'The review is people\'s work (README, "People and access"): the templates show the analyzers, the finding rules and what the access report lists, not that the review happened; its record is the signed review file and the revocations it caused.',
      },
    ],
  },
];
