/**
 * LEAST-PRIV: the platform's own permissions boundary, as data. Every role Rampart creates outside
 * the HIPAA scope carries a boundary built from these lists (`PlatformPermissionsBoundary`), and the
 * evidence verifier checks every role's boundary against them, so a reviewer reads the ceiling of
 * every non-PHI role here, and the catalog (LEAST-PRIV's numbers) quotes it.
 *
 * A boundary grants nothing: a role's effective permissions are its own least-privilege policies
 * intersected with the boundary. The ceiling is the AWS services the platform runs on, never IAM
 * administration, Organizations, or a service Rampart does not use.
 */

/** One service the boundary admits, by IAM prefix, with why the platform's roles need it. */
export interface BoundaryService {
  readonly prefix: string;
  readonly reason: string;
}

/** Services whose actions a platform role may ever be granted. Adding one is a reviewed change. */
export const PLATFORM_BOUNDARY_SERVICES: readonly BoundaryService[] = [
  { prefix: 's3', reason: 'data, log and backup buckets' },
  { prefix: 'kms', reason: 'the customer-managed keys' },
  { prefix: 'ec2', reason: 'VPC, security groups, ENIs of Fargate tasks and Lambda functions, flow logs' },
  { prefix: 'ecs', reason: 'the Fargate service' },
  { prefix: 'ecr', reason: 'image pulls from the stack’s own repository' },
  { prefix: 'elasticloadbalancing', reason: 'the load balancers' },
  { prefix: 'logs', reason: 'CloudWatch Logs: flow logs, trail, container and function logs' },
  { prefix: 'cloudwatch', reason: 'metrics and alarms (AWS Backup reads S3 metrics)' },
  { prefix: 'events', reason: 'EventBridge: alerts, AWS Backup’s managed S3 rules' },
  { prefix: 'cloudtrail', reason: 'the audit trail' },
  { prefix: 'backup', reason: 'AWS Backup' },
  { prefix: 'rds', reason: 'Aurora, its enhanced monitoring and its backups' },
  { prefix: 'secretsmanager', reason: 'database credentials and their rotation' },
  { prefix: 'sns', reason: 'the alert topic' },
  { prefix: 'sqs', reason: 'dead-letter queues of functions and EventBridge targets' },
  { prefix: 'lambda', reason: 'custom-resource providers' },
  { prefix: 'sso', reason: 'just-in-time access: the state machine creates and deletes one account assignment' },
  { prefix: 'xray', reason: 'traces of the just-in-time state machine' },
  { prefix: 'guardduty', reason: 'threat detection' },
  { prefix: 'securityhub', reason: 'findings' },
  { prefix: 'config', reason: 'AWS Config' },
  { prefix: 'network-firewall', reason: 'egress filtering' },
  { prefix: 'ssm', reason: 'parameters read at deploy and run time' },
];

/** Single actions of other services the platform's roles cannot work without; each says why. */
export const PLATFORM_BOUNDARY_ACTIONS: readonly { readonly actions: readonly string[]; readonly reason: string }[] = [
  { actions: ['sts:AssumeRole', 'sts:GetCallerIdentity', 'sts:TagSession'], reason: 'temporary credentials of every role' },
  {
    actions: ['iam:PassRole', 'iam:GetRole', 'iam:CreateServiceLinkedRole'],
    reason: 'services are handed their roles and create their service-linked roles; creating roles stays denied without this boundary',
  },
  { actions: ['tag:GetResources'], reason: 'AWS Backup selections by tag' },
  {
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
    reason: 'the record key stores (ERASURE): services and pooled tenants’ access roles read, write and delete one record’s key at a time',
  },
  { actions: ['rds-db:connect'], reason: 'IAM database authentication: services and pooled tenants’ access roles connect as a named database user' },
];

/** The actions the platform boundary admits: `prefix:*` per service, then the single actions. */
export function platformBoundaryActions(): string[] {
  return [...PLATFORM_BOUNDARY_SERVICES.map((s) => `${s.prefix}:*`), ...PLATFORM_BOUNDARY_ACTIONS.flatMap((a) => a.actions)];
}

/**
 * Sids of the statements every Rampart boundary carries besides its allowlist (the platform's and
 * the HIPAA one): the verifier requires each of them on every role's boundary.
 */
export const BOUNDARY_GUARD_SIDS = [
  'DenyOutsideAllowlist',
  'DenyRemovingBoundaries',
  'DenyPrincipalsWithoutThisBoundary',
  'DenyChangingThisBoundary',
] as const;

/** Condition keys that tie a service principal's trust to this account (confused-deputy prevention). */
export const SOURCE_CONDITION_KEYS = ['aws:SourceAccount', 'aws:SourceArn'] as const;

/**
 * Service principals whose role trust carries no source condition, because AWS does not document
 * that the service sends aws:SourceAccount or aws:SourceArn when it assumes a customer's role: a
 * condition it never sends would leave the role unusable (backups or custom resources failing at
 * deploy). Catalog exception LEAST-PRIV-SERVICE-TRUST-WITHOUT-SOURCE-CONTEXT covers exactly these.
 */
export const SERVICES_WITHOUT_SOURCE_CONTEXT: readonly { readonly principal: string; readonly reason: string }[] = [
  {
    principal: 'lambda.amazonaws.com',
    reason:
      "Lambda's execution-role page documents no aws:SourceAccount or aws:SourceArn on the AssumeRole it makes (CDK's custom-resource provider roles)",
  },
  {
    principal: 'backup.amazonaws.com',
    reason: "AWS Backup's service-role pages show the trust with no condition and document none for the role it assumes",
  },
];
