import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** Audit and detection: AUDIT, DETECT, DETECT-EVERY-ACCOUNT. */
export const AUDIT_DETECTION: readonly ControlEntry[] = [
  {
    id: 'AUDIT',
    title: 'All production access is logged into a locked archive',
    status: 'partial',
    policy: [Q.accessLogged, Q.phiAudit],
    numbers: (policy) => ({ retentionDays: policy.auditLogs.retentionDays, hipaaRetentionDays: policy.auditLogs.hipaaRetentionDays }),
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Each account has one multi-region CloudTrail (in its primary region; the EU account and the enclave have their own) with log ' +
        'file validation, KMS encryption, every management event, S3 data events on every bucket of the account except the log buckets ' +
        '(so tenant and PHI buckets are covered without a platform change) and Insights, delivered to a KMS-encrypted archive under ' +
        'Object Lock in compliance mode (the retention numbers; the HIPAA one for the enclave) and to an encrypted log group. S3 server ' +
        "access logs, load balancer access logs, VPC flow logs, WAF and firewall logs and the database's connection logs are kept too. " +
        'On Google Cloud, data-access audit logs for Cloud Storage and Cloud KMS are routed to a locked, CMEK-encrypted log bucket.',
      code: [
        'lib/constructs/audit/trail.ts',
        'lib/constructs/audit/log-archive.ts',
        'lib/constructs/storage/secure-bucket.ts',
        'lib/constructs/edge/public-ingress.ts',
        'lib/constructs/data/database.ts',
        'lib/gcp/constructs/audit.ts',
      ],
    },
    packRules: [
      'HIPAA.Security-CloudTrailCloudWatchLogsEnabled',
      'HIPAA.Security-CloudTrailEncryptionEnabled',
      'HIPAA.Security-CloudTrailLogFileValidationEnabled',
      'AwsSolutions-S1',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'AwsSolutions-ELB2',
      'HIPAA.Security-ELBLoggingEnabled',
      'HIPAA.Security-WAFv2LoggingEnabled',
      'HIPAA.Security-RDSLoggingEnabled',
      'HIPAA.Security-CloudWatchLogGroupRetentionPeriod',
      'AwsSolutions-ECS7',
    ],
    tests: [
      'test/constructs/audit/trail.test.ts',
      'test/constructs/audit/log-archive.test.ts',
      'test/stacks/platform-stack.test.ts',
      'test/stacks/enclave-stack.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      'A tenant with its own `account` gets no trail from Rampart (see DETECT-EVERY-ACCOUNT); in the default config that is the BYOK ' +
        "and HIPAA tenant, whose bucket access is therefore not recorded until the organization's baseline is deployed there.",
      '"Monitored" is thin: events reach an encrypted log group and CloudTrail Insights, but alerts go out only for high-severity ' +
        'GuardDuty and Security Hub findings; no alarm watches sign-ins, root use or reads of PHI.',
      "People's access (SSO, MFA, just-in-time roles) is not built (ACCESS-MFA, ACCESS-JIT), so the trail records whatever principal " +
        "calls AWS, not a named engineer's session.",
      'No rule checks that every account holding a stack has a trail recording its buckets; the packs check the trails that exist.',
    ],
    exceptions: [
      {
        id: 'AUDIT-OWN-ACCOUNT-TENANTS',
        covers: 'Every tenant stack placed in an account of its own (`tenants[].account`) where no other stack of the build brings a trail.',
        reason:
          "Rampart builds the account trail in platform and enclave accounts only. A tenant in its own account has no trail from Rampart, so access to its data is not recorded until the organization's baseline (or the account baseline tracked in issue 12, item 6) is deployed there.",
      },
    ],
  },
  {
    id: 'DETECT',
    title: 'Automated detection around the clock, with high-severity findings sent to on-call',
    status: 'partial',
    policy: [Q.detection247, Q.triage],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline'] },
    realisation: {
      summary:
        'In every platform and enclave account and region: GuardDuty with every protection plan, publishing findings at its most ' +
        'frequent interval; Security Hub with the AWS Foundational, CIS, NIST 800-53 and PCI DSS standards; an AWS Config recorder of ' +
        'every supported resource type; EventBridge rules that send high and critical GuardDuty and Security Hub findings to an SNS ' +
        'topic encrypted under its own key, subscribed by `platform.alertEmail`.',
      code: ['lib/constructs/detection/guardduty.ts', 'lib/constructs/audit/security-monitoring.ts', 'lib/constructs/audit/trail.ts'],
    },
    tests: [
      'test/nag/rules/GuardDutyProtection.test.ts',
      'test/constructs/detection/guardduty.test.ts',
      'test/constructs/audit/security-monitoring.test.ts',
    ],
    limits: [
      'Alerts are emails to one address: no paging, on-call rotation or acknowledgment tracking, and the subscription must be confirmed ' +
        "by hand after the first deploy. The triage deadline is people's work; nothing in a template shows it is met.",
      'Medium and low findings are not sent; they wait in Security Hub.',
      'Google Cloud has no log-based alerting yet (docs/gcp.md); a tenant in its own account has no detection from Rampart.',
    ],
  },
  {
    id: 'DETECT-EVERY-ACCOUNT',
    title: 'Every account that holds customer data has detection and an audit trail',
    status: 'partial',
    policy: [Q.detection247, Q.accessLogged],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant'] },
    realisation: {
      summary:
        'The platform stacks bring GuardDuty, Security Hub and AWS Config to every platform and EU region, and the account trail to each ' +
        "account's primary region; the enclave brings its own. A tenant placed in the platform, EU or enclave account is covered by that " +
        "account's baseline (the trails record data events on every bucket of the account).",
      code: ['lib/stacks/platform-stack.ts', 'lib/stacks/enclave-stack.ts', 'lib/config/placement.ts'],
    },
    tests: ['test/stacks/platform-stack.test.ts', 'test/stacks/enclave-stack.test.ts'],
    limits: [
      `The evidence verifier (lib/verify) checks, for every stack of the assembly, that its account has a trail and its account and region a GuardDuty detector ` +
        'somewhere in the same build; a stack in an account with neither fails the main job unless the exception below is accepted.',
      'A tenant with its own `account` gets none of them from Rampart (README, "Tenants": deploy the organization\'s baseline there ' +
        'first). In the default config the BYOK and HIPAA tenant is such a tenant, so detection and audit do not reach its data today.',
    ],
    exceptions: [
      {
        id: 'DETECT-EVERY-ACCOUNT-OWN-ACCOUNT-TENANTS',
        covers: 'Every tenant stack placed in an account of its own where no other stack of the build brings GuardDuty and a trail.',
        reason:
          "Detection (GuardDuty, Security Hub, AWS Config) and the trail come with platform and enclave stacks only; a tenant in its own account gets none from Rampart, so nothing watches that account until the organization's baseline is deployed there.",
      },
    ],
  },
];
