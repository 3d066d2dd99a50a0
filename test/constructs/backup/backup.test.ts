import { Template } from 'aws-cdk-lib/assertions';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { BackupVault, BackupVaultProps } from '../../../lib/constructs/backup/vault';
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
