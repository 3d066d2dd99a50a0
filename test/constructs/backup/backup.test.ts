import * as backup from 'aws-cdk-lib/aws-backup';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { backupServiceLinkedRoleArn, KeyRing } from '../../../lib/constructs/keys/key-ring';
import { BackupVault, BackupVaultProps, stagingVaultLock } from '../../../lib/constructs/backup/vault';
import { FourTierBackupPlan, FourTierBackupPlanProps } from '../../../lib/constructs/backup/four-tier-plan';
import { backupVaultArn, backupVaultName } from '../../../lib/plan/naming';
import { RampartChecks } from '../../../lib/nag/rampart-pack';
import { BackupFourTiers } from '../../../lib/nag/rules/BackupFourTiers';
import { BackupKeySeparate } from '../../../lib/nag/rules/BackupKeySeparate';
import { testStack, unacknowledgedFindings } from '../../helpers';

const RESOURCE_ARNS = ['arn:aws:rds:us-east-1:111111111111:cluster:db', 'arn:aws:s3:::org-data'];

function build(vaultProps: Partial<BackupVaultProps> = {}, planProps: Partial<FourTierBackupPlanProps> = {}) {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const vault = new BackupVault(stack, 'BackupVault', {
    backupVaultName: backupVaultName('org-prod'),
    encryptionKey: keys.backup,
    dataKeys: [keys.data],
    ...vaultProps,
  });
  new FourTierBackupPlan(stack, 'BackupPlan', {
    backupPlanName: 'org-prod-four-tier',
    vault: vault.vault,
    drVaultArn: backupVaultArn('us-west-2', '111111111111', backupVaultName('org-prod')),
    resourceArns: RESOURCE_ARNS,
    ...planProps,
  });
  return { stack, keys, template: Template.fromStack(stack), resources: Template.fromStack(stack).toJSON().Resources as Record<string, any> };
}

describe('naming', () => {
  test('GIVEN a prefix THEN the vault name and DR ARN are deterministic', () => {
    expect(backupVaultName('org/prod')).toBe('org-prod-vault');
    expect(backupVaultArn('us-west-2', '111111111111', 'org-prod-vault')).toBe('arn:aws:backup:us-west-2:111111111111:backup-vault:org-prod-vault');
  });
  test('GIVEN a prefix with invalid characters THEN it throws naming it', () => {
    expect(() => backupVaultName('org.prod')).toThrow('got prefix "org.prod"');
  });
});

describe('BackupVault + FourTierBackupPlan', () => {
  describe('GIVEN the defaults', () => {
    const { stack, resources, template } = build();
    const vault = resources.BackupVault;
    const plan = Object.values(template.findResources('AWS::Backup::BackupPlan'))[0] as any;
    const rules = plan.Properties.BackupPlan.BackupPlanRule as any[];

    test('THEN the vault is encrypted with the backup key, retained under its pinned id', () => {
      expect(vault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': ['BackupKey', 'Arn'] });
      expect(vault.Properties.BackupVaultName).toBe('org-prod-vault');
      expect(vault).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    test('THEN Vault Lock is in compliance mode: 1..365 days, changeable for 3 days', () => {
      expect(vault.Properties.LockConfiguration).toEqual({ MinRetentionDays: 1, MaxRetentionDays: 365, ChangeableForDays: 3 });
    });

    test('THEN every principal is denied deleting recovery points', () => {
      expect(vault.Properties.AccessPolicy.Statement).toEqual([
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: expect.arrayContaining(['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle']),
        }),
      ]);
    });

    test('THEN the plan has exactly the four tiers, each copied to the DR vault with the same lifecycle', () => {
      const drArn = 'arn:aws:backup:us-west-2:111111111111:backup-vault:org-prod-vault';
      expect(rules.map((r) => [r.RuleName, r.ScheduleExpression, r.Lifecycle.DeleteAfterDays])).toEqual([
        ['hourly', 'cron(0 * * * ? *)', 2],
        ['daily', 'cron(0 5 * * ? *)', 7],
        ['weekly', 'cron(0 5 ? * SUN *)', 28],
        ['monthly', 'cron(0 5 1 * ? *)', 365],
      ]);
      for (const rule of rules) {
        expect(rule.TargetBackupVault).toEqual({ 'Fn::GetAtt': ['BackupVault', 'BackupVaultName'] });
        expect(rule.CopyActions).toEqual([{ DestinationBackupVaultArn: drArn, Lifecycle: { DeleteAfterDays: rule.Lifecycle.DeleteAfterDays } }]);
      }
    });

    test('THEN the selection covers the given resources with a role holding the backup and restore policies', () => {
      const selection = Object.values(template.findResources('AWS::Backup::BackupSelection'))[0] as any;
      expect(selection.Properties.BackupSelection.Resources).toEqual(RESOURCE_ARNS);
      const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as any;
      const policies = JSON.stringify(role.Properties.ManagedPolicyArns);
      for (const p of [
        'AWSBackupServiceRolePolicyForBackup',
        'AWSBackupServiceRolePolicyForRestores',
        'AWSBackupServiceRolePolicyForS3Backup',
        'AWSBackupServiceRolePolicyForS3Restore',
      ]) {
        expect(policies).toContain(p);
      }
    });

    test('THEN no validation pack has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });

    test('THEN the new Rampart rules BackupFourTiers and BackupKeySeparate pass', () => {
      expect(new RampartChecks(undefined, { rules: [BackupFourTiers, BackupKeySeparate] }).validateScope(stack).violations).toEqual([]);
    });
  });

  describe('GIVEN the DR region (no copy target)', () => {
    test('THEN the same construct builds the copy-target vault with the DR backup key', () => {
      const stack = testStack('us-west-2');
      const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
      new BackupVault(stack, 'BackupVault', { backupVaultName: backupVaultName('org-prod'), encryptionKey: keys.backup, dataKeys: [keys.data] });
      const vault = Template.fromStack(stack).toJSON().Resources.BackupVault;
      expect(vault.Properties.BackupVaultName).toBe('org-prod-vault');
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  describe('throws', () => {
    test('WHEN the vault key is the data key (KEY-SEPARATE)', () => {
      const stack = testStack();
      const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
      expect(() => new BackupVault(stack, 'V', { backupVaultName: 'v1', encryptionKey: keys.data, dataKeys: [keys.data] })).toThrow(
        'encryptionKey must be the backup key, not a data key (KEY-SEPARATE); got the data key Test/Keys/DataKey/Key',
      );
    });
    test('WHEN maxRetentionDays is below the monthly tier', () => {
      expect(() => build({ maxRetentionDays: 100 })).toThrow(
        'maxRetentionDays must be a whole number >= 365 (the monthly tier keeps 365 days), got 100',
      );
    });
    test('WHEN the vault name is invalid', () => {
      expect(() => build({ backupVaultName: 'a.b' })).toThrow('backupVaultName must be 2..50 of A-Z a-z 0-9 - _, got "a.b"');
    });
    test('WHEN no resources are selected', () => {
      expect(() => build({}, { resourceArns: [] })).toThrow('resourceArns must name at least one resource to back up, got []');
    });
    test('WHEN the DR copy is omitted without a reason', () => {
      expect(() => build({}, { drVaultArn: undefined })).toThrow('drVaultArn is required unless withoutDrCopy.reason explains');
    });
    test('WHEN the DR copy is omitted with a blank reason', () => {
      expect(() => build({}, { drVaultArn: undefined, withoutDrCopy: { reason: ' ' } })).toThrow(
        'FourTierBackupPlan Test/BackupPlan: withoutDrCopy.reason must explain the exception in at least 40 characters, got " "',
      );
    });
    test('WHEN both a DR vault and a reason for none are given', () => {
      expect(() => build({}, { withoutDrCopy: { reason: 'x'.repeat(40) } })).toThrow('give either drVaultArn or withoutDrCopy, not both');
    });
  });

  test('GIVEN no DR copy with a reason THEN the rules have no copy actions', () => {
    const { template } = build(
      {},
      { drVaultArn: undefined, withoutDrCopy: { reason: 'EU residency: recovery points must stay in eu-west-1 only.' } },
    );
    const plan = Object.values(template.findResources('AWS::Backup::BackupPlan'))[0] as any;
    for (const rule of plan.Properties.BackupPlan.BackupPlanRule) expect(rule.CopyActions).toBeUndefined();
  });
});

/** The Aurora path: each tier's recovery point is staged for a day, then kept as copies under the backup key. */
function buildStaged(planProps: Partial<FourTierBackupPlanProps> = {}, extend?: (stack: Stack, plan: FourTierBackupPlan) => void) {
  const stack = testStack();
  const roleName = 'org-prod-us-east-1-db-backup';
  const keys = new KeyRing(stack, 'Keys', {
    aliasPrefix: 'org/prod',
    backupKeyRdsCopyRoles: [`arn:aws:iam::111111111111:role/${roleName}`, backupServiceLinkedRoleArn('111111111111', 'aws')],
  });
  const vault = new BackupVault(stack, 'BackupVault', { backupVaultName: 'org-prod-vault', encryptionKey: keys.backup, dataKeys: [keys.data] });
  const staging = new BackupVault(stack, 'DatabaseStagingVault', {
    ...stagingVaultLock(1),
    backupVaultName: 'org-prod-db-staging',
    encryptionKey: keys.backup,
    dataKeys: [keys.data],
  });
  const plan = new FourTierBackupPlan(stack, 'DatabaseBackupPlan', {
    backupPlanName: 'org-prod-db-four-tiers',
    vault: vault.vault,
    staging: { vault: staging.vault },
    roleName,
    drVaultArn: backupVaultArn('us-west-2', '111111111111', 'org-prod-vault'),
    resourceArns: [RESOURCE_ARNS[0]],
    ...planProps,
  });
  extend?.(stack, plan);
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON().Resources as Record<string, any> };
}

describe('FourTierBackupPlan with staging (Aurora: recovery points that keep the source key)', () => {
  describe('GIVEN a staging vault, the tier vault and the DR vault', () => {
    const { stack, template, resources } = buildStaged();
    const plan = Object.values(template.findResources('AWS::Backup::BackupPlan'))[0] as any;
    const rules = plan.Properties.BackupPlan.BackupPlanRule as any[];
    const drArn = 'arn:aws:backup:us-west-2:111111111111:backup-vault:org-prod-vault';

    test('THEN every tier writes a one-day recovery point into the staging vault', () => {
      expect(rules.map((r) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual([
        ['hourly', 1],
        ['daily', 1],
        ['weekly', 1],
        ['monthly', 1],
      ]);
      for (const rule of rules) expect(rule.TargetBackupVault).toEqual({ 'Fn::GetAtt': ['DatabaseStagingVault', 'BackupVaultName'] });
    });

    test('THEN every tier is kept its days as copies in the tier vault and the DR vault, never in the staging vault', () => {
      const keep = { hourly: 2, daily: 7, weekly: 28, monthly: 365 } as Record<string, number>;
      for (const rule of rules) {
        expect(rule.CopyActions).toEqual([
          { DestinationBackupVaultArn: { 'Fn::GetAtt': ['BackupVault', 'BackupVaultArn'] }, Lifecycle: { DeleteAfterDays: keep[rule.RuleName] } },
          { DestinationBackupVaultArn: drArn, Lifecycle: { DeleteAfterDays: keep[rule.RuleName] } },
        ]);
      }
    });

    test('THEN the staging vault is locked (1..2 days) under the backup key and denies deletion, like the tier vault', () => {
      const vault = resources.DatabaseStagingVault;
      expect(vault.Properties).toMatchObject({
        BackupVaultName: 'org-prod-db-staging',
        EncryptionKeyArn: { 'Fn::GetAtt': ['BackupKey', 'Arn'] },
        LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 2, ChangeableForDays: 3 },
      });
      expect(vault).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(JSON.stringify(vault.Properties.AccessPolicy)).toContain('backup:DeleteRecoveryPoint');
    });

    test('THEN the plan role has the deterministic name the backup key admits RDS for', () => {
      const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as any;
      expect(role.Properties.RoleName).toBe('org-prod-us-east-1-db-backup');
    });

    test('THEN RDS may use the backup key only for the named roles, and never create grants outside AWS resources', () => {
      const statements = resources.BackupKey.Properties.KeyPolicy.Statement as any[];
      const rds = statements.filter((st) => JSON.stringify(st.Condition ?? {}).includes('rds.us-east-1.amazonaws.com'));
      expect(rds.map((st) => st.Sid)).toEqual(['AuroraCopiesThroughRdsForBackupRoles', 'AuroraCopiesThroughRdsForBackupRolesGrants']);
      for (const st of rds) {
        expect(st.Condition.ArnEquals['aws:PrincipalArn']).toEqual([
          'arn:aws:iam::111111111111:role/org-prod-us-east-1-db-backup',
          'arn:aws:iam::111111111111:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup',
        ]);
        expect(st.Condition.StringEquals['kms:CallerAccount']).toBe('111111111111');
      }
      expect(rds[1].Condition.Bool).toEqual({ 'kms:GrantIsForAWSResource': 'true' });
      // The data key is unchanged: RDS uses it for every principal of the account, as before.
      const dataRds = JSON.stringify(resources.DataKey.Properties.KeyPolicy);
      expect(dataRds).not.toContain('aws:PrincipalArn');
    });

    test('THEN no validation pack has an unacknowledged finding and the Rampart backup rules pass', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
      expect(new RampartChecks(undefined, { rules: [BackupFourTiers, BackupKeySeparate] }).validateScope(stack).violations).toEqual([]);
    });
  });

  test("GIVEN a second plan sharing the first plan's role THEN one role backs up both, and no further acknowledgment is recorded", () => {
    const { stack, template } = buildStaged({}, (scope, first) => {
      new FourTierBackupPlan(scope, 'BucketPlan', {
        backupPlanName: 'org-prod-four-tiers',
        vault: backup.BackupVault.fromBackupVaultName(scope, 'BucketVault', 'org-prod-vault'),
        role: first.role,
        withoutDrCopy: { reason: 'EU residency: recovery points must stay in eu-west-1 only.' },
        resourceArns: [RESOURCE_ARNS[1]],
      });
    });
    template.resourceCountIs('AWS::IAM::Role', 1);
    const roles = Object.values(template.findResources('AWS::Backup::BackupSelection')).map((sel: any) =>
      JSON.stringify(sel.Properties.BackupSelection.IamRoleArn),
    );
    expect(roles).toHaveLength(2);
    expect(new Set(roles).size).toBe(1);
    expect(unacknowledgedFindings(stack)).toEqual([]);
  });

  test('GIVEN no DR vault (EU residency) THEN each tier is copied into the tier vault only', () => {
    const { template } = buildStaged({
      drVaultArn: undefined,
      withoutDrCopy: { reason: 'EU residency: recovery points must stay in eu-west-1 only.' },
    });
    const plan = Object.values(template.findResources('AWS::Backup::BackupPlan'))[0] as any;
    for (const rule of plan.Properties.BackupPlan.BackupPlanRule) {
      expect(rule.CopyActions).toEqual([
        { DestinationBackupVaultArn: { 'Fn::GetAtt': ['BackupVault', 'BackupVaultArn'] }, Lifecycle: expect.any(Object) },
      ]);
    }
  });

  describe('throws', () => {
    test('WHEN the staging vault is the tier vault', () => {
      const stack = testStack();
      const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
      const vault = new BackupVault(stack, 'BackupVault', { backupVaultName: 'org-prod-vault', encryptionKey: keys.backup, dataKeys: [keys.data] });
      expect(
        () =>
          new FourTierBackupPlan(stack, 'P', {
            backupPlanName: 'p',
            vault: vault.vault,
            staging: { vault: vault.vault },
            withoutDrCopy: { reason: 'EU residency: recovery points must stay in eu-west-1 only.' },
            resourceArns: RESOURCE_ARNS,
          }),
      ).toThrow('staging.vault must be a vault of its own, not the tier vault Test/BackupVault/Vault');
    });
    test('WHEN the staging point would outlive the shortest tier', () => {
      const stack = testStack();
      const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
      const vault = new BackupVault(stack, 'BackupVault', { backupVaultName: 'org-prod-vault', encryptionKey: keys.backup, dataKeys: [keys.data] });
      const staging = new BackupVault(stack, 'S', { ...stagingVaultLock(2), backupVaultName: 's-vault', encryptionKey: keys.backup });
      expect(
        () =>
          new FourTierBackupPlan(stack, 'P', {
            backupPlanName: 'p',
            vault: vault.vault,
            staging: { vault: staging.vault, days: 2 },
            withoutDrCopy: { reason: 'EU residency: recovery points must stay in eu-west-1 only.' },
            resourceArns: RESOURCE_ARNS,
          }),
      ).toThrow('staging.days must be a whole number from 1 to 1 (below the shortest tier), got 2');
    });
    test('WHEN both a role to share and a role name are given', () => {
      expect(() =>
        buildStaged({}, (scope, first) => {
          new FourTierBackupPlan(scope, 'Other', {
            backupPlanName: 'other',
            vault: backup.BackupVault.fromBackupVaultName(scope, 'OtherVault', 'org-prod-vault'),
            role: first.role,
            roleName: 'x',
            withoutDrCopy: { reason: 'EU residency: recovery points must stay in eu-west-1 only.' },
            resourceArns: RESOURCE_ARNS,
          });
        }),
      ).toThrow('give either role or roleName, not both (got roleName "x")');
    });
    test('WHEN the role name is not an IAM name', () => {
      expect(() => buildStaged({ roleName: 'db backup' })).toThrow('roleName must be 1..64 of A-Z a-z 0-9 + = , . @ _ -, got "db backup"');
    });
    test('WHEN RDS copy roles are given as an empty list THEN the backup key stays usable through AWS Backup only', () => {
      const stack = testStack();
      new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod', backupKeyRdsCopyRoles: [] });
      expect(JSON.stringify(Template.fromStack(stack).toJSON().Resources.BackupKey.Properties.KeyPolicy)).not.toContain('rds.');
    });
  });
});
