import * as backup from 'aws-cdk-lib/aws-backup';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { BackupVault } from '../../../lib/constructs/backup/vault';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { BackupKeySeparate } from '../../../lib/nag/rules/BackupKeySeparate';
import { cfnOf, testStack } from '../../helpers';

function ringWithDataBucket() {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  new s3.Bucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: keys.data });
  return { stack, keys };
}

describe('Rampart-BackupKeySeparate (KEY-SEPARATE)', () => {
  test('GIVEN a vault under the backup key while the data bucket uses the data key THEN compliant', () => {
    const { stack, keys } = ringWithDataBucket();
    const vault = new BackupVault(stack, 'Vault', { backupVaultName: 'v1', encryptionKey: keys.backup });
    expect(BackupKeySeparate.check(cfnOf(vault.vault))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN a vault under the key that also encrypts the data bucket THEN non-compliant', () => {
    const { stack, keys } = ringWithDataBucket();
    const vault = new backup.BackupVault(stack, 'Vault', { encryptionKey: keys.data });
    expect(BackupKeySeparate.check(cfnOf(vault))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a vault without a customer-managed key THEN non-compliant', () => {
    const { stack } = ringWithDataBucket();
    expect(BackupKeySeparate.check(cfnOf(new backup.BackupVault(stack, 'Vault')))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN another resource type THEN not applicable', () => {
    const { stack } = ringWithDataBucket();
    expect(BackupKeySeparate.check(cfnOf(stack.node.findChild('Data')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
