import * as sso from 'aws-cdk-lib/aws-sso';
import { Construct } from 'constructs';
import { PERMISSION_SETS, type PermissionSetRole } from '../../promises/people-access';

export interface PermissionSetsProps {
  /** The Identity Center instance (`arn:aws:sso:::instance/ssoins-...`). */
  readonly instanceArn: string;
}

/**
 * The operator's write actions beyond read-only: run, roll and stop the service, fail the database
 * over, start backups and restores, and silence or test an alarm. Nothing that changes IAM, keys,
 * networks, trails or backup vaults.
 */
const OPERATOR_ACTIONS = [
  'ecs:UpdateService',
  'ecs:StopTask',
  'rds:FailoverDBCluster',
  'rds:RebootDBInstance',
  'backup:StartBackupJob',
  'backup:StartRestoreJob',
  'cloudwatch:SetAlarmState',
  'cloudwatch:DisableAlarmActions',
  'cloudwatch:EnableAlarmActions',
] as const;

/**
 * ACCESS-MFA: the permission sets people reach production through, in the Identity Center
 * instance: a read-only auditor (4 h sessions), an operator and a platform administrator (1 h
 * sessions, because they can write). MFA is Identity Center's sign-in setting (README): no
 * permission set carries an aws:MultiFactorAuthPresent condition. No assignment is made here: who
 * holds a set in which account is granted just in time (ACCESS-JIT) or by the organization's admins.
 */
export class PermissionSets extends Construct {
  public readonly sets: Readonly<Record<PermissionSetRole, sso.CfnPermissionSet>>;

  constructor(scope: Construct, id: string, props: PermissionSetsProps) {
    super(scope, id);
    const build = (role: PermissionSetRole, description: string, inlinePolicy?: object) => {
      const set = PERMISSION_SETS[role];
      return new sso.CfnPermissionSet(this, set.name, {
        instanceArn: props.instanceArn,
        name: set.name,
        description,
        sessionDuration: set.sessionDuration,
        managedPolicies: set.managedPolicies.map((name) => `arn:aws:iam::aws:policy/${name}`),
        ...(inlinePolicy === undefined ? {} : { inlinePolicy }),
      });
    };
    this.sets = {
      auditor: build('auditor', 'Read-only auditor: security configuration and metadata, no data-plane reads, no writes'),
      operator: build('operator', 'Operator: read-only plus service, database failover, backup and alarm operations; 1 h sessions', {
        Version: '2012-10-17',
        Statement: [{ Sid: 'OperateTheService', Effect: 'Allow', Action: [...OPERATOR_ACTIONS], Resource: '*' }],
      }),
      platformAdmin: build('platformAdmin', 'Platform administrator: full administration, granted just in time; 1 h sessions'),
    };
  }
}
