import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** Audit and detection: AUDIT, DETECT, DETECT-EVERY-ACCOUNT, DETECT-ACTIVITY (DETECT-SENSITIVE-DATA: sensitive-data.ts). */
export const AUDIT_DETECTION: readonly ControlEntry[] = [
  {
    id: 'AUDIT',
    title: 'All production access is logged into a locked archive',
    status: 'partial',
    policy: [Q.accessLogged, Q.phiAudit],
    numbers: (policy) => ({ retentionDays: policy.auditLogs.retentionDays, hipaaRetentionDays: policy.auditLogs.hipaaRetentionDays }),
    appliesTo: { kinds: ['aws-pipeline', 'aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Each account has one multi-region CloudTrail (in its primary region; the EU account and the enclave have their own; an account ' +
        "that holds only tenants with their own `account` gets it from its account baseline, in the account's home region) with log " +
        'file validation, KMS encryption, every management event, S3 data events on every bucket of the account except the log buckets ' +
        '(so tenant and PHI buckets are covered without a platform change) and Insights, delivered to a KMS-encrypted archive under ' +
        'Object Lock in compliance mode (the retention numbers; the HIPAA one for the enclave and for an account baseline whose account ' +
        "holds PHI) and to an encrypted log group. The baseline's keys and archive are its own, never a tenant's, so offboarding a tenant " +
        'never reaches them. S3 server ' +
        "access logs, load balancer access logs, VPC flow logs, WAF and firewall logs and the database's connection logs are kept too. " +
        'On Google Cloud, data-access audit logs for Cloud Storage and Cloud KMS are routed to a locked, CMEK-encrypted log bucket.',
      code: [
        'lib/constructs/audit/trail.ts',
        'lib/constructs/audit/log-archive.ts',
        'lib/stacks/account-baseline-stack.ts',
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
      'test/stacks/account-baseline-stack.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      "The evidence verifier checks that every stack's account has a multi-region, validated, encrypted, logging trail, and the packs " +
        'check the trails that exist; neither reads the data-event selectors, which the stack tests hold to "every bucket but the log ' +
        'buckets".',
      "An account baseline's trail leaves out only its own region's log buckets: in an account with baselines in several regions, " +
        "Config and access-log deliveries into the other regions' archives are recorded as data events too (volume, not a gap).",
    ],
    exceptions: [
      {
        id: 'AUDIT-NO-ALARM-ON-PHI-READS',
        standing: true,
        covers: "Reads of PHI: S3 data events on the enclave's PHI bucket and HIPAA tenants' data buckets.",
        reason:
          "Every read is recorded in the locked trail and GuardDuty's S3 protection flags anomalous access, but no alarm fires on a read itself: reading PHI is the application's normal work, and telling an unusual read from a normal one needs the application's context.",
      },
      {
        id: 'AUDIT-NO-NAMED-SESSIONS',
        standing: true,
        covers: 'Every trail of the assembly.',
        reason:
          "The trail names the principal that calls AWS, which is a named engineer's session only once people reach production through IAM Identity Center. Rampart builds the permission sets only where `identityCenter` names an instance (the default config names none), and cannot remove other ways in that the organization grants.",
      },
    ],
  },
  {
    id: 'DETECT',
    title: 'Automated detection around the clock: high and critical findings page on-call, medium ones reach a digest',
    status: 'partial',
    policy: [Q.detection247, Q.triage, Q.jamReviewIssues],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'gcp-recordings'] },
    realisation: {
      summary:
        'In every platform, enclave and account-baseline account and region (an account baseline covers each account and region where ' +
        'Rampart places a stack and no platform or enclave stack is): GuardDuty with every protection plan, publishing findings at its most ' +
        'frequent interval; Security Hub with the AWS Foundational, CIS, NIST 800-53 and PCI DSS standards; an AWS Config recorder of ' +
        'every supported resource type. Findings are routed by severity by EventBridge rules, to three SNS topics under the alerts key ' +
        '(TLS only, each admitting EventBridge for its own rules of this account alone): high and critical GuardDuty (7 and above), ' +
        'Security Hub (HIGH, CRITICAL) and Amazon Inspector findings (at or above `platform.vulnerabilityAlertSeverity`), every active ' +
        'Access Analyzer finding and every activity alarm go to the alert topic (mailed to `platform.alertEmail`) and to the page topic, ' +
        'whose HTTPS subscription is `platform.alerts.pagingEndpoint` (an incident tool or chat webhook that pages a person); medium ' +
        'ones (GuardDuty 4 to below 7, Security Hub MEDIUM, Inspector MEDIUM when below the paging threshold) go to the digest topic, ' +
        'mailed to `platform.alerts.digestEmail` (default: the alert address) and never paged. On Google Cloud each recordings ' +
        "stack counts the requests its Cloud Armor policy denies (a log-based metric on the load balancer's request logs, logged " +
        'at a sample rate of 1) and alerts when more than `gcp.alerts.armorDeniedRequests` are denied in five minutes, to an email ' +
        'channel (`gcp.alerts.email`) and a webhook channel that pages (`gcp.alerts.pagingEndpoint`).',
      code: [
        'lib/gcp/constructs/log-alerts.ts',
        'lib/gcp/constructs/alert-channels.ts',
        'lib/promises/gcp-log-alerts.ts',
        'lib/verify/gcp/detection.ts',
        'lib/constructs/detection/guardduty.ts',
        'lib/constructs/audit/security-monitoring.ts',
        'lib/promises/alert-routing.ts',
        'lib/verify/aws/alert-routing.ts',
        'lib/constructs/audit/trail.ts',
        'lib/stacks/account-baseline-stack.ts',
      ],
    },
    tests: [
      'test/nag/rules/GuardDutyProtection.test.ts',
      'test/constructs/detection/guardduty.test.ts',
      'test/constructs/audit/security-monitoring.test.ts',
      'test/stacks/account-baseline-stack.test.ts',
      'test/verify/aws-alert-routing-weakenings.test.ts',
      'test/gcp/log-alerts.test.ts',
      'test/verify/gcp/checks.test.ts',
    ],
    limits: [
      'The evidence verifier checks, in every stack with detection, that high findings of GuardDuty, Security Hub, and of Inspector and ' +
        'Access Analyzer where the stack routes them, reach an encrypted topic with an https subscription, that every alarm acting on ' +
        'the alert topic acts on such a topic too, and that medium findings of each source reach an encrypted topic with a subscription.',
      'Amazon Macie findings are routed the same way (High pages, Medium to the digest); DETECT-SENSITIVE-DATA holds them and their ' + 'evidence.',
      'On Google Cloud the verifier checks, for every backend behind a Cloud Armor policy, request logging at a sample rate of 1 and an ' +
        "enabled alert policy on a log-based metric whose filter is exactly the catalog's query for that policy's denials, and that " +
        'every Rampart alert policy notifies an enabled email channel and an enabled paging channel of the stack, with auto-close set.',
      'Google Cloud has no counterpart of GuardDuty or Security Hub findings in the recordings stacks (Security Command Center is ' +
        'an organization-level service Rampart does not enable): Cloud Armor denials are the detection signal there, and medium ' +
        'findings have no digest.',
    ],
    exceptions: [
      {
        id: 'DETECT-TRIAGE-IS-PEOPLES-WORK',
        standing: true,
        covers: 'The alert, page and digest topics of every stack with detection.',
        reason:
          "A template can route a finding to a paging endpoint, not show that anyone answers it: the email and HTTPS subscriptions must be confirmed once after the first deploy (SNS delivers nothing before), the on-call rotation, escalation and acknowledgment live in the incident tool behind `platform.alerts.pagingEndpoint`, and triage within the deadline is people's work.",
      },
      {
        id: 'DETECT-LOW-SEVERITY-IN-HUB',
        standing: true,
        covers: 'Low and informational GuardDuty, Security Hub and Inspector findings; the digest is a mailbox, not a summary.',
        reason:
          "Findings below medium are not routed anywhere: they wait in Security Hub until someone looks. Medium findings are mailed one by one as they arrive to the digest address; no daily summary is built, and reading them is people's work.",
      },
      {
        id: 'DETECT-GCP-UNVERIFIED-DELIVERY',
        standing: true,
        covers: "The Google Cloud recordings stacks' alert policies and notification channels.",
        reason:
          "A template can name the channels, not show that Cloud Monitoring delivers to them: a webhook channel's URL is only called " +
          'when an incident opens, and whether the project-scoped metric counts the EU request logs that the regional log storage ' +
          'excludes from `_Default` is shown only by a real denial (README, "Google Cloud": the first-deploy checks send one).',
      },
    ],
  },
  {
    id: 'DETECT-EVERY-ACCOUNT',
    title: 'Every account that holds customer data has detection and an audit trail',
    status: 'partial',
    policy: [Q.detection247, Q.accessLogged],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'aws-pipeline'] },
    realisation: {
      summary:
        'The platform stacks bring GuardDuty, Security Hub and AWS Config to every platform and EU region, and the account trail to each ' +
        "account's primary region; the enclave brings its own. Every other account and region where the plan places a stack (today: " +
        "tenants with their own `account`, and the deployment account in the pipeline's region and in every region it deploys to, where " +
        'CodePipeline keeps a support stack of artifacts and keys) gets an account baseline, planned before its tenants: the same detection and alerts, its own ' +
        "logs and alerts keys and locked archive, and, in the account's home region (its first, or the one holding EU data), the " +
        "multi-region trail. A tenant in the platform, EU or enclave account is covered by that account's stacks; every trail records " +
        'data events on every bucket of its account.',
      code: [
        'lib/plan/account-baseline-plans.ts',
        'lib/stacks/account-baseline-stack.ts',
        'lib/stacks/platform-stack.ts',
        'lib/stacks/enclave-stack.ts',
        'lib/config/placement.ts',
      ],
    },
    tests: [
      'test/plan/account-baseline-plans.test.ts',
      'test/stacks/account-baseline-stack.test.ts',
      'test/stacks/platform-stack.test.ts',
      'test/stacks/enclave-stack.test.ts',
      'test/verify/aws-weakenings.test.ts',
    ],
    limits: [
      'The evidence verifier (lib/verify) checks, for every stack of the assembly, that its account has a multi-region, validated trail ' +
        'and its account and region an enabled GuardDuty detector somewhere in the same build; a stack without either fails the main job.',
      'An account and region hold one GuardDuty detector and one Security Hub hub: where the organization already enables them (a ' +
        'delegated administrator), the stack that brings them fails to deploy (README, "Deploying").',
    ],
    exceptions: [
      {
        id: 'DETECT-EVERY-ACCOUNT-PLACED-REGIONS-ONLY',
        standing: true,
        covers: 'The regions of each account where Rampart places no stack.',
        reason:
          'Detection runs in the regions where Rampart places a stack, not in every region of each account: activity in another region ' +
          'is recorded by the multi-region trail but not analysed by GuardDuty. A stack per region of every account would be a stack ' +
          "Rampart has no other use for; deny unused regions with a service control policy (the EU account's region-deny policy does) " +
          'or enable detection organization-wide.',
      },
    ],
  },
  {
    id: 'DETECT-ACTIVITY',
    title: 'What people do in every account reaches on-call within minutes',
    status: 'partial',
    policy: [Q.accessLogged, Q.detection247, Q.triage, Q.jamReviewIssues],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'gcp-recordings'] },
    realisation: {
      summary:
        "In every account with a trail, next to its multi-region trail: a CloudWatch Logs metric filter and an alarm on the trail's log " +
        'group for each activity of lib/promises/activity-alarms.ts (CIS AWS Foundations section 4 and Security Hub CloudWatch.1-14 ' +
        'patterns: root use, console sign-in without MFA, failed console sign-ins, IAM policy, CloudTrail, KMS disable or deletion, ' +
        "bucket policy, Config, security group, network ACL, gateway, route table, VPC and Organizations changes; and Rampart's own for " +
        'backup vaults, plans and recovery points). One matching event in five minutes alarms to the alert topic (encrypted under the ' +
        "alerts key, which admits CloudWatch for this account's alarms only). Global services deliver their events in the trail's " +
        'region, so one set covers every region of the account. On Google Cloud the stack that owns the project adds a log-match ' +
        'alert policy on its Admin Activity audit logs for each change of lib/promises/gcp-log-alerts.ts (IAM policy of the project ' +
        'or of any resource in it, service account keys, custom roles), naming who, which method and which resource, to the ' +
        "stack's email and paging channels; Admin Activity entries go through `_Required`, which no exclusion can drop.",
      code: [
        'lib/promises/activity-alarms.ts',
        'lib/constructs/detection/activity-alarms.ts',
        'lib/verify/aws/activity-alarms.ts',
        'lib/promises/gcp-log-alerts.ts',
        'lib/gcp/constructs/log-alerts.ts',
        'lib/verify/gcp/detection.ts',
      ],
    },
    tests: [
      'test/constructs/detection/activity-alarms.test.ts',
      'test/verify/aws-people-weakenings.test.ts',
      'test/gcp/log-alerts.test.ts',
      'test/verify/gcp/checks.test.ts',
    ],
    limits: [
      "The evidence verifier checks, in every account with a trail, one metric filter with each catalog pattern on the trail's log group " +
        "and an alarm on its metric whose action is the stack's alert topic.",
      'Alarms go to the alert topic (email) and the page topic (the paging endpoint) like every high finding (DETECT); the alarm ' +
        "names the activity, the event itself is read in the trail's log group.",
      'On Google Cloud the verifier checks, for every recordings stack, that its project (by this stack or another of the assembly) ' +
        "has an enabled alert policy for each catalog change whose log query is exactly the catalog's, notifying an enabled email " +
        'and paging channel, with the notification rate limit and auto-close a log-match policy needs.',
    ],
    exceptions: [
      {
        id: 'DETECT-ACTIVITY-GCP-NOTIFICATION-LIMITS',
        standing: true,
        covers: "The Google Cloud recordings stacks' IAM change alerts.",
        reason:
          'Cloud Monitoring sends at most one notification per five minutes and 20 a day for each log-match alert policy: a burst of ' +
          'changes notifies once, and the changes after the daily cap notify nobody (each is still in the Admin Activity audit log ' +
          'and the locked audit bucket).',
      },
      {
        id: 'DETECT-ACTIVITY-IDENTITY-CENTER-SIGN-INS',
        standing: true,
        covers: 'Console sign-ins through IAM Identity Center.',
        reason:
          "They are not an IAM user's ConsoleLogin event in the workload accounts, so the sign-in-without-MFA alarm cannot see them; MFA for them is Identity Center's own setting (ACCESS-MFA), which no template can set or show.",
      },
    ],
  },
];
