import { ACCESS_REVIEW } from '../access-review';
import { JUST_IN_TIME } from '../people-access';
import { PLATFORM_BOUNDARY_ACTIONS, PLATFORM_BOUNDARY_SERVICES, SERVICES_WITHOUT_SOURCE_CONTEXT } from '../platform-boundary';
import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** People, images and change: LEAST-PRIV, ACCESS-MFA, ACCESS-JIT, ACCESS-REVIEW, IMAGE-PROVENANCE, VULN-SCAN, IAC-REVIEW. */
export const PEOPLE_IMAGES_CHANGE: readonly ControlEntry[] = [
  {
    id: 'LEAST-PRIV',
    title: 'Every workload identity holds only the permissions it needs',
    status: 'partial',
    policy: [Q.leastPrivilege, Q.phiAudit],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Every role and user of every stack carries a permissions boundary (synth fails without one): the platform boundary ' +
        `(its allowlist is data, lib/promises/platform-boundary.ts: ${PLATFORM_BOUNDARY_SERVICES.map((s) => `${s.prefix}:*`).join(', ')}; ` +
        `${PLATFORM_BOUNDARY_ACTIONS.flatMap((a) => a.actions).join(', ')}) or, in stacks under ` +
        'HIPAA, the HIPAA-eligible-services boundary; either also denies removing a boundary, creating a principal without it and ' +
        'editing it. One boundary per account, region and kind, owned by the platform, enclave or account-baseline stack and named by ' +
        'the tenant stacks there. Every trust of an AWS service is conditioned on aws:SourceAccount (ECS tasks, RDS monitoring, flow ' +
        'logs, CloudTrail), except for the services AWS documents no source context for (the catalog exception below). ' +
        'Key policies let the account administer keys but use them only through the services each key is for, and deny any grant an ' +
        'AWS service does not create for an AWS resource (the statement Control Tower proactive control CT.KMS.PR.3 expects); ' +
        'AWS services are admitted to keys and the alert topic only on behalf of this account (source conditions); task roles start empty; ' +
        'execution roles may write one log group and pull from one repository. ' +
        'No policy grants wildcard administration. On Google Cloud buckets use uniform access and public access prevention, no HMAC keys, and only ' +
        'service agents may use the keys.',
      code: [
        'lib/promises/platform-boundary.ts',
        'lib/app/apply-guards.ts',
        'lib/constructs/keys/key-policy.ts',
        'lib/constructs/compute/hosted-service.ts',
        'lib/organization-policies/boundary-policy.ts',
        'lib/organization-policies/permissions-boundary.ts',
        'lib/organization-policies/require-permissions-boundary.ts',
        'lib/verify/aws/least-privilege.ts',
        'lib/gcp/constructs/buckets.ts',
        'lib/gcp/constructs/backup.ts',
      ],
    },
    packRules: [
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'HIPAA.Security-IAMNoInlinePolicy',
      'HIPAA.Security-IAMPolicyNoStatementsWithAdminAccess',
      'HIPAA.Security-IAMPolicyNoStatementsWithFullAccess',
      'HIPAA.Security-IAMUserNoPolicies',
    ],
    tests: [
      'test/organization-policies/permissions-boundary.test.ts',
      'test/organization-policies/require-permissions-boundary.test.ts',
      'test/constructs/keys/key-ring.test.ts',
      'test/constructs/compute/compute.test.ts',
      'test/verify/aws-people-weakenings.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      "The boundary is a ceiling by service (`s3:*`, `logs:*`, ...), not by resource: least privilege within a service is each role's own policy.",
      'The backup role uses the AWS managed backup and restore policies (acknowledged, with the reason, in the review report).',
      "A tenant stack names its account's boundary by its deterministic name: the owning platform, enclave or account-baseline stack must be deployed first (it is, by the deployment order in the README).",
      '"All systems" covers the identities Rampart creates. People\'s access: ACCESS-MFA, ACCESS-JIT, ACCESS-REVIEW.',
    ],
    exceptions: [
      {
        id: 'LEAST-PRIV-SERVICE-TRUST-WITHOUT-SOURCE-CONTEXT',
        covers:
          'Role trusts of ' +
          SERVICES_WITHOUT_SOURCE_CONTEXT.map((s) => s.principal).join(' and ') +
          " (CDK's custom-resource provider roles, the AWS Backup roles) in every stack",
        reason:
          "AWS documents no aws:SourceAccount or aws:SourceArn for these services when they assume a customer's role, and a condition " +
          'the service never sends would leave the role unusable (backups and deploy-time custom resources failing). The roles still ' +
          'carry the boundary, and IAM lets a service assume a role only when a principal of this account passed it (iam:PassRole).',
      },
    ],
  },
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
        "config does not name an instance), and no account assignment is made: who holds which set is the organization's (ACCESS-JIT is open).",
      'The evidence verifier checks, in the Identity Center stack, that every permission set that can write has sessions of at most an ' +
        'hour and that none carries aws:MultiFactorAuthPresent; in every account with a trail, the MFA rules and the break-glass trust and alarm.',
      'The Config rules report MFA; they do not enforce it. Break-glass principals are IAM users of another account, whose MFA devices ' +
        'that account manages.',
      'The break-glass role is capped by the account boundary like every role: it cannot edit IAM policies or remove boundaries; a ' +
        "repair of IAM itself needs the organization's management-account access.",
      "On Google Cloud, 2-step verification is enforced by the organization's identity provider, outside the project.",
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
      'Approval is who may start an execution (states:StartExecution on the state machine, granted in the management account to the ' +
        'approvers): the state machine has no built-in second-person approval step, and the requester must not hold that permission.',
      'Built only when `identityCenter` names an instance (the default config names none). Assignments made outside Rampart (console, ' +
        'CLI) are not in the templates: the quarterly review lists them (`aws sso-admin list-account-assignments`, README).',
      "An Identity Center session started during the grant lives until it expires (at most the permission set's one hour) after the " +
        'assignment is removed.',
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
      'The review itself is people\'s work (README, "People and access"): nothing in a template shows it happened; its record is the ' +
        'signed review file and the revocations it caused.',
      'The evidence verifier checks an external-access analyzer and an Access Analyzer finding rule to the alert topic in every platform, ' +
        `enclave and account-baseline stack, and an unused-access analyzer of at most ${ACCESS_REVIEW.unusedAccessAgeDays} days in every account.`,
      "Identity Center assignments live in the organization's management account: the report lists the permission sets Rampart " +
        'defines, not who holds them (`aws sso-admin list-account-assignments`, in the procedure).',
    ],
  },
  {
    id: 'IMAGE-PROVENANCE',
    title: 'Services run only images from the scanned in-account registry, at immutable tags',
    status: 'enforced',
    policy: [Q.imageScanning],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave'] },
    realisation: {
      summary:
        "Every service runs from its own stack's ECR repository (immutable tags, scanned on push, KMS-encrypted): the platform at " +
        '`platform.container.imageTag`, the enclave at `hipaa.imageTag`, pulled through VPC endpoints by an execution role that may ' +
        'pull from that one repository only; `HostedService` has no way to run a public image. The image (images/hosted-service) runs ' +
        'as a non-root user with a read-only root filesystem and serves TLS on port 8443. On Google Cloud the Cloud Run service runs ' +
        "`gcp.service.image` from the stack's own Artifact Registry repository (immutable tags, CMEK, in the stack's region), checked by GCP-RUN.",
      code: [
        'lib/constructs/compute/hosted-service.ts',
        'lib/constructs/compute/image-repository.ts',
        'lib/stacks/platform-stack.ts',
        'lib/stacks/enclave-stack.ts',
        'lib/gcp/constructs/service.ts',
        'lib/gcp/policy-suite/rules/cloud-run.ts',
      ],
    },
    tests: [
      'test/constructs/compute/compute.test.ts',
      'test/constructs/compute/hosted-service-private.test.ts',
      'test/stacks/platform-stack.test.ts',
      'test/stacks/enclave-stack.test.ts',
      'test/gcp/service.test.ts',
    ],
    limits: [
      `The evidence verifier (lib/verify) checks that every task definition's image renders to a repository of its own stack, at a tag other than latest.`,
      'Images are referenced by tag (immutable in the repository), not digest, and are not signed. The first deploy of a stack creates ' +
        'its repository: the image must be pushed before the service can start (README, "Service image").',
      'The image itself cannot be built here (no container runtime in CI); what a first deploy must confirm is in the README.',
    ],
  },
  {
    id: 'VULN-SCAN',
    title: 'Container images and dependencies are scanned for vulnerabilities',
    status: 'partial',
    policy: [Q.imageScanning, Q.jamGithubFeed],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'gcp-recordings'] },
    realisation: {
      summary:
        'In every AWS account and region the assembly deploys to, the ECR registry scanning configuration is ENHANCED and continuous ' +
        'for every repository: Amazon Inspector scans each image on push and again as new vulnerabilities are published. Two AWS Config ' +
        'managed rules (INSPECTOR_ECR_SCAN_ENABLED, INSPECTOR_LAMBDA_STANDARD_SCAN_ENABLED) report whether Inspector scans ECR images ' +
        'and Lambda functions, and a non-compliant result goes to on-call; active Inspector findings at or above ' +
        '`platform.vulnerabilityAlertSeverity` (default HIGH) go to the alert topic. Every repository also scans on push, with immutable ' +
        "tags and KMS encryption. On Google Cloud each stack enables its project's Container Scanning API, which scans every image " +
        'pushed to the Artifact Registry repository the Cloud Run service runs from.',
      code: [
        'lib/promises/vulnerability-scanning.ts',
        'lib/constructs/detection/vulnerability-scanning.ts',
        'lib/constructs/compute/image-repository.ts',
        'lib/verify/aws/vulnerability-scanning.ts',
        'lib/gcp/constructs/service.ts',
        'lib/verify/gcp/scanning.ts',
      ],
    },
    tests: [
      'test/constructs/compute/compute.test.ts',
      'test/constructs/detection/vulnerability-scanning.test.ts',
      'test/verify/aws-people-weakenings.test.ts',
      'test/verify/gcp/checks.test.ts',
    ],
    limits: [
      'CloudFormation has no resource that enables Amazon Inspector (no AWS::InspectorV2 type does): the registry configuration turns ' +
        "on Inspector's ECR scanning, but Lambda scanning is a deploy step (`aws inspector2 enable --resource-types LAMBDA`, or the " +
        "organization's delegated administrator auto-enabling it); the Config rules show, and alarm, when it was not done.",
      'The evidence verifier checks the registry configuration, the two Config rules and the findings rule (HIGH and CRITICAL at least) ' +
        'in every platform, enclave and account-baseline stack, scan on push and tag immutability of every repository, and on Google ' +
        'Cloud the Container Scanning API and every repository not opting out of it.',
      'Dependency scanning (the GitHub vulnerability feed) runs on the source repositories, outside infrastructure. Artifact Registry ' +
        'findings are read in the console or Security Command Center; no Google Cloud alert is sent for them yet.',
    ],
  },
  {
    id: 'IAC-REVIEW',
    title: 'Infrastructure changes are code, peer-reviewed, with their security effect shown',
    status: 'open',
    policy: [Q.iac],
    appliesTo: { kinds: [] },
    realisation: {
      summary:
        'Partly in place but not a control yet: everything Rampart builds is code under version control, synthesis is deterministic ' +
        'and offline, each build writes a review report of every control, stack, validator outcome and acknowledgment, and ' +
        '`npm run review -- --assembly NEW --base OLD` compares two builds for a pull request (weaker or stronger controls, stateful ' +
        'deletions and replacements), exiting non-zero on a weakening or data loss unless acknowledged.',
      code: ['lib/report/review-report.ts', 'lib/verify/diff/security-diff.ts', 'lib/report/run-review.ts'],
    },
    tests: [],
    limits: [
      "Peer review is the repository's branch protection, which nothing here shows; no pipeline runs the security diff as a gate yet " +
        '(the pipeline issue).',
      'The policy says Terraform; Rampart uses AWS CDK (CloudFormation) and, for Google Cloud, CDK for Terraform (Terraform JSON).',
    ],
  },
];
