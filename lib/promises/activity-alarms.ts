/**
 * DETECT-ACTIVITY: what people do that an on-call engineer must hear about within minutes, as
 * CloudWatch Logs metric filters on the account trail's log group (CIS AWS Foundations Benchmark
 * section 4, "Monitoring"; Security Hub controls CloudWatch.1-14). The patterns are those the
 * benchmark and Security Hub publish, so Security Hub's own CIS checks find them; the two that are
 * not CIS (backup vaults and plans, break-glass use) say so.
 *
 * The construct (lib/constructs/detection/activity-alarms.ts) builds one filter and one alarm per
 * entry; the evidence verifier requires each, by pattern, in every account with a trail.
 */

export interface ActivityAlarm {
  /** Metric name and the suffix of logical ids, e.g. `RootUse`. */
  readonly id: string;
  /** What the alarm means, for the alarm description and the review. */
  readonly title: string;
  /** CIS AWS Foundations v1.4/v3 recommendation and Security Hub control, or why it is Rampart's own. */
  readonly reference: string;
  /** CloudWatch Logs filter pattern over CloudTrail records. */
  readonly pattern: string;
}

const anyOf = (names: readonly string[]) => names.map((n) => `($.eventName=${n})`).join('||');

export const ACTIVITY_ALARMS: readonly ActivityAlarm[] = [
  {
    id: 'RootUse',
    title: 'the root user was used',
    reference: 'CIS 4.3, Security Hub CloudWatch.1',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    title: 'an IAM user signed in to the console without MFA',
    reference: 'CIS 4.2, Security Hub CloudWatch.3',
    pattern:
      '{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes") && ($.userIdentity.type="IAMUser") && ($.responseElements.ConsoleLogin="Success")}',
  },
  {
    id: 'ConsoleSignInFailures',
    title: 'a console sign-in failed',
    reference: 'CIS 4.6, Security Hub CloudWatch.6',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    id: 'IamPolicyChanges',
    title: 'an IAM policy was created, changed, attached or detached',
    reference: 'CIS 4.4, Security Hub CloudWatch.4',
    pattern: `{${anyOf([
      'DeleteGroupPolicy',
      'DeleteRolePolicy',
      'DeleteUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'PutUserPolicy',
      'CreatePolicy',
      'DeletePolicy',
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ])}}`,
  },
  {
    id: 'CloudTrailChanges',
    title: 'a trail was created, changed, stopped or deleted',
    reference: 'CIS 4.5, Security Hub CloudWatch.5',
    pattern: `{${anyOf(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])}}`,
  },
  {
    id: 'KmsKeyDisabledOrDeleted',
    title: 'a customer-managed key was disabled or scheduled for deletion',
    reference: 'CIS 4.7, Security Hub CloudWatch.7',
    pattern: `{($.eventSource=kms.amazonaws.com) && (${anyOf(['DisableKey', 'ScheduleKeyDeletion'])})}`,
  },
  {
    id: 'S3BucketPolicyChanges',
    title: 'a bucket policy, ACL, CORS, lifecycle or replication setting changed',
    reference: 'CIS 4.8, Security Hub CloudWatch.8',
    pattern: `{($.eventSource=s3.amazonaws.com) && (${anyOf([
      'PutBucketAcl',
      'PutBucketPolicy',
      'PutBucketCors',
      'PutBucketLifecycle',
      'PutBucketReplication',
      'DeleteBucketPolicy',
      'DeleteBucketCors',
      'DeleteBucketLifecycle',
      'DeleteBucketReplication',
    ])})}`,
  },
  {
    id: 'ConfigChanges',
    title: 'AWS Config recording or delivery changed',
    reference: 'CIS 4.9, Security Hub CloudWatch.9',
    pattern: `{($.eventSource=config.amazonaws.com) && (${anyOf([
      'StopConfigurationRecorder',
      'DeleteDeliveryChannel',
      'PutDeliveryChannel',
      'PutConfigurationRecorder',
    ])})}`,
  },
  {
    id: 'SecurityGroupChanges',
    title: 'a security group or rule was created, changed or deleted',
    reference: 'CIS 4.10, Security Hub CloudWatch.10',
    pattern: `{${anyOf([
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
    ])}}`,
  },
  {
    id: 'NetworkAclChanges',
    title: 'a network ACL or entry was created, changed or deleted',
    reference: 'CIS 4.11, Security Hub CloudWatch.11',
    pattern: `{${anyOf([
      'CreateNetworkAcl',
      'CreateNetworkAclEntry',
      'DeleteNetworkAcl',
      'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ])}}`,
  },
  {
    id: 'NetworkGatewayChanges',
    title: 'an internet or customer gateway was created, attached, detached or deleted',
    reference: 'CIS 4.12, Security Hub CloudWatch.12',
    pattern: `{${anyOf([
      'CreateCustomerGateway',
      'DeleteCustomerGateway',
      'AttachInternetGateway',
      'CreateInternetGateway',
      'DeleteInternetGateway',
      'DetachInternetGateway',
    ])}}`,
  },
  {
    id: 'RouteTableChanges',
    title: 'a route or route table was created, changed or deleted',
    reference: 'CIS 4.13, Security Hub CloudWatch.13',
    pattern: `{($.eventSource=ec2.amazonaws.com) && (${anyOf([
      'CreateRoute',
      'CreateRouteTable',
      'ReplaceRoute',
      'ReplaceRouteTableAssociation',
      'DeleteRouteTable',
      'DeleteRoute',
      'DisassociateRouteTable',
    ])})}`,
  },
  {
    id: 'VpcChanges',
    title: 'a VPC or peering connection was created, changed or deleted',
    reference: 'CIS 4.14, Security Hub CloudWatch.14',
    pattern: `{${anyOf([
      'CreateVpc',
      'DeleteVpc',
      'ModifyVpcAttribute',
      'AcceptVpcPeeringConnection',
      'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection',
      'AttachClassicLinkVpc',
      'DetachClassicLinkVpc',
      'DisableVpcClassicLink',
      'EnableVpcClassicLink',
    ])}}`,
  },
  {
    id: 'OrganizationsChanges',
    title: 'the organization, its accounts, units or policies (SCPs) changed',
    reference: 'CIS 4.15',
    pattern: `{($.eventSource=organizations.amazonaws.com) && (${anyOf([
      'AcceptHandshake',
      'AttachPolicy',
      'CreateAccount',
      'CreateOrganizationalUnit',
      'CreatePolicy',
      'DeclineHandshake',
      'DeleteOrganization',
      'DeleteOrganizationalUnit',
      'DeletePolicy',
      'DetachPolicy',
      'DisablePolicyType',
      'EnablePolicyType',
      'InviteAccountToOrganization',
      'LeaveOrganization',
      'MoveAccount',
      'RemoveAccountFromOrganization',
      'UpdatePolicy',
      'UpdateOrganizationalUnit',
    ])})}`,
  },
  {
    id: 'BackupVaultOrPlanChanges',
    title: 'a backup vault, its lock, access policy or notifications, a plan, a selection or a recovery point changed or was deleted',
    reference: "Rampart's own (BACKUP-TIERS, NO-LOSS): not a CIS recommendation",
    pattern: `{($.eventSource=backup.amazonaws.com) && (${anyOf([
      'DeleteBackupVault',
      'PutBackupVaultAccessPolicy',
      'DeleteBackupVaultAccessPolicy',
      'PutBackupVaultLockConfiguration',
      'DeleteBackupVaultLockConfiguration',
      'PutBackupVaultNotifications',
      'DeleteBackupVaultNotifications',
      'UpdateBackupPlan',
      'DeleteBackupPlan',
      'DeleteBackupSelection',
      'DeleteRecoveryPoint',
      'UpdateRecoveryPointLifecycle',
    ])})}`,
  },
];

/** Seconds each alarm sums its metric over: one matching event in this window alarms. */
export const ACTIVITY_ALARM_PERIOD_SECONDS = 300;
