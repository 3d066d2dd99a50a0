/**
 * What a role in the HIPAA enclave may ever call: the allowlist behind the enclave's permissions
 * boundary (`HipaaPermissionsBoundary`) and the organization's service control policy
 * (`hipaaServiceAllowlistScp`).
 *
 * Two lists, kept apart on purpose so an auditor can read them separately:
 *
 * - `HIPAA_ELIGIBLE_SERVICES`: services named on AWS's "HIPAA Eligible Services Reference"
 *   (https://aws.amazon.com/compliance/hipaa-eligible-services-reference/, cross-checked with the
 *   whitepaper "Architecting for HIPAA Security and Compliance on AWS", which has one section per
 *   eligible service). Only these may store, process or transmit PHI under the BAA. The list holds
 *   the eligible services the enclave uses, not every eligible service: adding one is a reviewed
 *   change to this file.
 * - `CONTROL_PLANE_ACTIONS`: individual actions of services that are not on the reference but that
 *   the enclave's roles need to work at all. None of them stores or processes PHI; each says why it
 *   is needed. They are listed action by action (never `service:*`), so no data-plane API of a
 *   non-eligible service can slip in.
 *
 * The reference page changes over time (AWS adds services); re-check it when editing this file.
 */

/** One service of the allowlist, by its IAM service prefix (the part before `:` in an action). */
export interface AllowedService {
  /** IAM service prefix, e.g. `s3`, `elasticloadbalancing`. */
  readonly prefix: string;
  /** The service's name as written on the HIPAA Eligible Services Reference. */
  readonly name: string;
  /** Why the enclave uses it, when not obvious from the name. */
  readonly reason?: string;
}

/** Actions of a service that is not HIPAA eligible but holds no PHI; `reason` is mandatory. */
export interface ControlPlaneAction {
  /** Full IAM actions, `prefix:Action`; a trailing `*` only for read-only families (`Get*`). */
  readonly actions: readonly string[];
  readonly name: string;
  readonly reason: string;
}

/** HIPAA-eligible services the enclave may use (AWS HIPAA Eligible Services Reference). */
export const HIPAA_ELIGIBLE_SERVICES: readonly AllowedService[] = [
  { prefix: 's3', name: 'Amazon S3 (incl. S3 Glacier storage classes)' },
  { prefix: 'kms', name: 'AWS Key Management Service' },
  {
    prefix: 'ec2',
    name: 'Amazon EC2 (incl. Amazon EBS and Amazon VPC)',
    reason: 'network, security groups, ENIs of Fargate tasks and Lambda functions, flow logs',
  },
  { prefix: 'ecs', name: 'Amazon Elastic Container Service' },
  { prefix: 'ecr', name: 'Amazon Elastic Container Registry' },
  { prefix: 'elasticloadbalancing', name: 'Elastic Load Balancing' },
  { prefix: 'logs', name: 'Amazon CloudWatch Logs' },
  { prefix: 'cloudwatch', name: 'Amazon CloudWatch', reason: 'metrics and alarms' },
  { prefix: 'events', name: 'Amazon EventBridge (CloudWatch Events)', reason: 'security findings routed to the alert topic' },
  { prefix: 'cloudtrail', name: 'AWS CloudTrail' },
  { prefix: 'backup', name: 'AWS Backup' },
  { prefix: 'rds', name: 'Amazon RDS and Amazon Aurora' },
  { prefix: 'rds-db', name: 'Amazon RDS and Amazon Aurora', reason: 'IAM database authentication (rds-db:connect)' },
  { prefix: 'dynamodb', name: 'Amazon DynamoDB', reason: 'the record key stores (ERASURE)' },
  { prefix: 'secretsmanager', name: 'AWS Secrets Manager' },
  { prefix: 'sns', name: 'Amazon Simple Notification Service' },
  { prefix: 'sqs', name: 'Amazon Simple Queue Service', reason: 'dead-letter queues of Lambda functions and EventBridge targets' },
  { prefix: 'lambda', name: 'AWS Lambda', reason: 'custom-resource providers, secret rotation' },
  { prefix: 'guardduty', name: 'Amazon GuardDuty' },
  { prefix: 'securityhub', name: 'AWS Security Hub' },
  { prefix: 'config', name: 'AWS Config' },
  {
    prefix: 'macie2',
    name: 'Amazon Macie',
    reason: 'the Macie session that looks for personal data stored where it should not be (DETECT-SENSITIVE-DATA)',
  },
  {
    prefix: 'inspector2',
    name: 'Amazon Inspector',
    reason: "enhanced scanning of the enclave's images: ECR registry scanning set to ENHANCED is run by Inspector (VULN-SCAN)",
  },
  { prefix: 'network-firewall', name: 'AWS Network Firewall' },
  { prefix: 'ssm', name: 'AWS Systems Manager', reason: 'parameters read at deploy and run time' },
];

/** Actions of non-eligible services that hold no PHI but without which enclave roles cannot work. */
export const CONTROL_PLANE_ACTIONS: readonly ControlPlaneAction[] = [
  {
    name: 'AWS Security Token Service',
    actions: ['sts:AssumeRole', 'sts:GetCallerIdentity', 'sts:TagSession'],
    reason: 'issues the temporary credentials every role runs with (role chaining by services, session tags); returns identities, never data',
  },
  {
    name: 'AWS Identity and Access Management (pass and read only)',
    actions: ['iam:PassRole', 'iam:GetRole', 'iam:CreateServiceLinkedRole'],
    reason:
      'services are handed their execution roles (ECS task roles, Backup selection role, flow-log role) and create their service-linked roles; IAM holds policies, never data. Role and user creation stays denied by the boundary unless it carries the boundary itself',
  },
  {
    name: 'IAM Access Analyzer (account analyzers and their archive rules)',
    actions: [
      'access-analyzer:CreateAnalyzer',
      'access-analyzer:GetAnalyzer',
      'access-analyzer:ListAnalyzers',
      'access-analyzer:UpdateAnalyzer',
      'access-analyzer:DeleteAnalyzer',
      'access-analyzer:CreateArchiveRule',
      'access-analyzer:GetArchiveRule',
      'access-analyzer:ListArchiveRules',
      'access-analyzer:UpdateArchiveRule',
      'access-analyzer:DeleteArchiveRule',
      'access-analyzer:TagResource',
      'access-analyzer:UntagResource',
      'access-analyzer:ListTagsForResource',
    ],
    reason:
      "CloudFormation manages the account's external-access and unused-access analyzers (ACCESS-REVIEW) with these calls; an analyzer reasons over resource and IAM policies and reports who could reach what, never reading the data itself. Reading findings stays with the people who review them, outside the enclave's roles",
  },
  {
    name: 'AWS Resource Groups Tagging API (read only)',
    actions: ['tag:GetResources'],
    reason: 'AWS Backup selects the resources to protect by tag through this API; it returns ARNs and tags, never data',
  },
];

/** The actions the boundary and the SCP allow: `prefix:*` per eligible service, then the control-plane actions. */
export function allowedActions(): string[] {
  return [...HIPAA_ELIGIBLE_SERVICES.map((s) => `${s.prefix}:*`), ...CONTROL_PLANE_ACTIONS.flatMap((c) => c.actions)];
}
