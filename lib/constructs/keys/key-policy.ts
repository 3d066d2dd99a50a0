import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Least-privilege key policies as small pure functions.
 *
 * - Administration: the account root, so that IAM (and break-glass) can always manage the key
 *   and it can never become unmanageable, but only administrative actions: no data-plane use.
 * - Use: principals of this account only, and only through the AWS services the key is for
 *   (`kms:ViaService`), so a stolen role cannot decrypt data outside S3, RDS, AWS Backup, ...
 * - Service principals that encrypt on their own behalf (CloudWatch Logs, CloudTrail) get
 *   statements scoped by encryption context to this account.
 */

/**
 * Administration without data-plane use. Deliberately not `kms:Create*`: that includes
 * kms:CreateGrant, with which an administrator could grant itself Decrypt outside the
 * service-scoped statements below.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
  'kms:ImportKeyMaterial',
] as const;

const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

export function adminStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'KeyAdministrationByThisAccount',
    principals: [new iam.AccountRootPrincipal()],
    actions: [...KEY_ADMIN_ACTIONS],
    resources: ['*'],
  });
}

/**
 * `s3` -> `s3.us-east-1.amazonaws.com`. A literal suffix (not AWS::URLSuffix) so reviewers read the
 * endpoint in the template; Rampart only accepts commercial-partition regions.
 */
function viaServiceEndpoint(stack: Stack, service: string): string {
  return `${service}.${stack.region}.amazonaws.com`;
}

/**
 * Who among the account's principals may use a key, when not all of them may (a pooled tenant's data
 * key, control ISOLATION): only `principalArns` (`aws:PrincipalArn`, the role of a role session), and
 * `sessionTag.principalArn` only in a session tagged `sessionTag.key` = `sessionTag.value`.
 */
export interface KeyUsers {
  readonly principalArns: readonly string[];
  readonly sessionTag?: { readonly principalArn: string; readonly key: string; readonly value: string };
}

export function useThroughServicesStatements(stack: Stack, services: readonly string[], users?: KeyUsers): iam.PolicyStatement[] {
  const conditions = {
    StringEquals: {
      'kms:CallerAccount': stack.account,
      'kms:ViaService': services.map((s) => viaServiceEndpoint(stack, s)),
    },
    ...(users === undefined ? {} : { ArnEquals: { 'aws:PrincipalArn': [...users.principalArns] } }),
  };
  return [
    new iam.PolicyStatement({
      sid: 'UseOnlyThroughDesignatedServices',
      principals: [new iam.AnyPrincipal()],
      actions: USE_ACTIONS,
      resources: ['*'],
      conditions,
    }),
    new iam.PolicyStatement({
      sid: 'GrantsOnlyForAwsResources',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      resources: ['*'],
      conditions: { ...conditions, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
    ...(users?.sessionTag === undefined ? [] : [denyWithoutSessionTagStatement(users.sessionTag)]),
  ];
}

/**
 * A Deny (which no Allow overrides) of every use of the key by `principalArn` unless its session
 * carries `aws:PrincipalTag/<key>` = `value`: attribute-based access on the key itself, so a session
 * of the same role tagged for another tenant cannot decrypt.
 */
export function denyWithoutSessionTagStatement(tag: NonNullable<KeyUsers['sessionTag']>): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyUseWithoutTheTenantSessionTag',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: [...USE_ACTIONS, 'kms:CreateGrant'],
    resources: ['*'],
    conditions: { ArnEquals: { 'aws:PrincipalArn': tag.principalArn }, StringNotEquals: { [`aws:PrincipalTag/${tag.key}`]: tag.value } },
  });
}

/**
 * Use of the key through one more AWS service, but only by the named roles of this account
 * (`aws:PrincipalArn`), e.g. RDS encrypting an Aurora snapshot copy under the backup key when AWS
 * Backup copies a recovery point into a vault under it: the service may use the key for those
 * roles' requests and for nobody else's, so no one can create a database under it.
 */
export function useThroughServiceByRolesStatements(stack: Stack, sid: string, service: string, roleArns: readonly string[]): iam.PolicyStatement[] {
  if (roleArns.length === 0) throw new Error(`useThroughServiceByRolesStatements(${sid}): roleArns must name at least one role, got []`);
  const conditions = {
    StringEquals: { 'kms:CallerAccount': stack.account, 'kms:ViaService': viaServiceEndpoint(stack, service) },
    ArnEquals: { 'aws:PrincipalArn': [...roleArns] },
  };
  return [
    new iam.PolicyStatement({ sid, principals: [new iam.AnyPrincipal()], actions: USE_ACTIONS, resources: ['*'], conditions }),
    new iam.PolicyStatement({
      sid: `${sid}Grants`,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      resources: ['*'],
      conditions: { ...conditions, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
  ];
}

/**
 * Grants only through an AWS service acting for a principal (AWS Control Tower's proactive control
 * CT.KMS.PR.3 expects this statement, so an organization that enables it can deploy): a Deny wins
 * over every Allow, so no principal, the account root included, can create a grant for itself.
 */
export function denyDirectGrantsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyGrantsNotForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': 'false' } },
  });
}

/** CloudWatch Logs encrypts log groups itself; scope it to log groups of this account and region. */
export function cloudWatchLogsStatement(stack: Stack): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'CloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  });
}

/** CloudTrail encrypts log files itself; only trails of this account, only in this account's name. */
export function cloudTrailStatements(stack: Stack): iam.PolicyStatement[] {
  const trailsOfThisAccount = `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`;
  return [
    new iam.PolicyStatement({
      sid: 'CloudTrailEncryptsLogsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailsOfThisAccount },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }),
    new iam.PolicyStatement({
      sid: 'CloudTrailDescribesKey',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  ];
}
