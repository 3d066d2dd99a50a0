import { Template } from 'aws-cdk-lib/assertions';
import { LogArchive } from '../../../lib/constructs/audit/log-archive';
import { SecurityMonitoring } from '../../../lib/constructs/audit/security-monitoring';
import { AuditTrail } from '../../../lib/constructs/audit/trail';
import { FourTierBackupPlan } from '../../../lib/constructs/backup/four-tier-plan';
import { backupVaultArn, backupVaultName } from '../../../lib/plan/naming';
import { BackupVault } from '../../../lib/constructs/backup/vault';
import { DataBucket } from '../../../lib/constructs/data/data-bucket';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { RampartChecks } from '../../../lib/nag/rampart-pack';
import { isolatedVpc, testDatabase, testStack, unacknowledgedFindings } from '../../helpers';

/** The way the platform stack is expected to compose the data, backup and audit constructs. */
describe('GIVEN database, data bucket, vault, four-tier plan, trail and monitoring in one regional stack', () => {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const vpc = isolatedVpc(stack, { maxAzs: 3 });
  const { database: db } = testDatabase(stack, vpc, keys);
  const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: keys.logs, bucketName: 'org-logs', accessLogsBucketName: 'org-access-logs' });
  const data = new DataBucket(stack, 'DataBucket', { bucketName: 'org-data', encryptionKey: keys.data, accessLogsBucket: archive.accessLogsBucket });
  const vault = new BackupVault(stack, 'BackupVault', {
    backupVaultName: backupVaultName('org-prod'),
    encryptionKey: keys.backup,
    dataKeys: [keys.data],
  });
  const plan = new FourTierBackupPlan(stack, 'BackupPlan', {
    backupPlanName: 'org-prod-four-tier',
    vault: vault.vault,
    drVaultArn: backupVaultArn('us-west-2', '111111111111', backupVaultName('org-prod')),
    resourceArns: [db.clusterArn, data.bucket.bucketArn],
  });
  const trail = new AuditTrail(stack, 'AuditTrail', {
    trailName: 'org-prod',
    archiveBucket: archive.bucket,
    encryptionKey: keys.logs,
    dataEventsOnEveryBucketExcept: [archive.bucket, archive.accessLogsBucket],
  });
  const monitoring = new SecurityMonitoring(stack, 'SecurityMonitoring', {
    alertEmail: 'oncall@example.com',
    alertsKeyAlias: 'alias/org/prod/alerts',
    archiveBucket: archive.bucket,
    archiveKey: keys.logs,
    recordGlobalResources: true,
  });

  test('THEN the backup selection names the cluster and the data bucket', () => {
    const [selection] = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupSelection')) as any[];
    expect(JSON.stringify(selection.Properties.BackupSelection.Resources)).toMatch(/DatabaseCluster.*DataBucket/);
  });

  test('THEN none of these constructs has an unacknowledged finding in any pack (incl. every Rampart rule)', () => {
    for (const scope of [db, data, vault, plan, trail, monitoring]) expect(unacknowledgedFindings(scope)).toEqual([]);
    // The test VPC (another engineer's construct) is the only source of findings left in the stack.
    expect(unacknowledgedFindings(stack).filter((f) => !f.constructPath.startsWith('Test/Vpc/'))).toEqual([]);
    expect(new RampartChecks().validateScope(stack).violations).toEqual([]);
  });
});
