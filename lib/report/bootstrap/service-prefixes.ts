/**
 * The IAM service prefix CloudFormation calls to manage each AWS resource namespace Rampart uses
 * (`AWS::<Namespace>::<Type>`), from the service authorization reference. A namespace missing here
 * fails `npm run bootstrap-commands` (and its test), so a new resource type cannot deploy with a
 * policy that silently lacks its service.
 */
export const SERVICE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  AccessAnalyzer: ['access-analyzer'],
  Backup: ['backup', 'backup-storage'],
  CertificateManager: ['acm'],
  CloudTrail: ['cloudtrail'],
  CloudWatch: ['cloudwatch'],
  CodeBuild: ['codebuild'],
  CodePipeline: ['codepipeline', 'codestar-connections', 'codeconnections'],
  Config: ['config'],
  DynamoDB: ['dynamodb'],
  EC2: ['ec2'],
  // Enhanced registry scanning (AWS::ECR::RegistryScanningConfiguration) turns on Amazon Inspector.
  ECR: ['ecr', 'inspector2'],
  ECS: ['ecs'],
  ElasticLoadBalancingV2: ['elasticloadbalancing'],
  Events: ['events'],
  GuardDuty: ['guardduty'],
  IAM: ['iam'],
  KMS: ['kms'],
  Lambda: ['lambda'],
  Logs: ['logs'],
  Macie: ['macie2'],
  NetworkFirewall: ['network-firewall'],
  RDS: ['rds'],
  Route53: ['route53'],
  S3: ['s3'],
  SNS: ['sns'],
  SSO: ['sso'],
  StepFunctions: ['states'],
  SecretsManager: ['secretsmanager'],
  SecurityHub: ['securityhub'],
  Shield: ['shield'],
  WAFv2: ['wafv2'],
};

/**
 * What a template needs beyond its resources' services: CDK's custom resources run a Lambda function
 * (`Custom::*`), and the Secrets Manager rotation transform creates its rotation function through
 * Lambda and CloudFormation itself.
 */
export const EXTRA_PREFIXES = {
  customResource: ['lambda'],
  transform: ['lambda', 'cloudformation', 'serverlessrepo'],
} as const;

/** `AWS::S3::Bucket` -> `S3`; `Custom::X` and `AWS::CDK::Metadata` need no service of their own. */
export function namespaceOf(type: string): string | undefined {
  const [provider, namespace] = type.split('::');
  return provider === 'AWS' && namespace !== 'CDK' ? namespace : undefined;
}
