import { partitionOf } from '../config/regions';
import type { OffboardingStep } from './offboarding-plan';
import type { OffboardingContext as Ctx } from './offboarding-context';
import { dropSharedDatabaseSchemaStep } from './shared-database-step';

/** Days the longest backup tier keeps a recovery point (policy.backupTiers). */
function longestTierDays(ctx: Ctx): number {
  return Math.max(...ctx.policy.backupTiers.map((tier) => tier.keepDays));
}

/**
 * Shell variables holding the tenant's key ARNs, recorded in step 1: data, backup, logs, and the record
 * key store's own key (every tenant's: KeyRing recordKeysKey).
 */
const TENANT_KEY_VARS = ['DATA_KEY', 'BACKUP_KEY', 'LOGS_KEY', 'RECORD_KEYS_KEY'] as const;

const KEY_COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five'];

function keysFile(ctx: Ctx): string {
  return `offboard-${ctx.tenant.id}-keys.txt`;
}

/** Every later step re-reads the key ARNs recorded in step 1: aliases vanish with the stack. */
function readKeys(ctx: Ctx): string {
  return `read ${TENANT_KEY_VARS.join(' ')} < ${keysFile(ctx)}`;
}

export function steps(ctx: Ctx): OffboardingStep[] {
  const { tenant, account, region, names, stackName, graceDays: g, window, totalDays } = ctx;
  const r = `--region ${region}`;
  const keyVars: readonly string[] = TENANT_KEY_VARS;
  const keyCount = KEY_COUNT_WORDS[keyVars.length];
  const id = tenant.id;
  const inAccount = { account, region };
  // Applied to the bucket as written, so the region's partition; the expected key ARNs below stay a
  // literal `arn:aws:kms:...`: text for the person running the step, not a value anything applies.
  const bucketArn = `arn:${partitionOf(region)}:s3:::${names.dataBucketName}`;
  const describeKey = (v: string) =>
    `aws kms describe-key ${r} --key-id "$${v}" --query 'KeyMetadata.[KeyId,Origin,KeyState,DeletionDate]' --output text`;
  const denyWritesPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OffboardingDenyWrites',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:PutObject', 's3:RestoreObject', 's3:ReplicateObject'],
        Resource: `${bucketArn}/*`,
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'DenyOutdatedTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
      },
    ],
  });
  const countVersions = (bucket: string) =>
    `aws s3api list-object-versions ${r} --bucket ${bucket} --query 'length([Versions, DeleteMarkers][][].Key)' --output text`;
  const emptyAllVersions = [
    `while [ "$(${countVersions(names.logsBucketName)})" != "0" ]; do`,
    `  aws s3api delete-objects ${r} --bucket ${names.logsBucketName} --delete "$(aws s3api list-object-versions ${r} --bucket ${names.logsBucketName} --max-items 1000 --query '{Objects: [Versions, DeleteMarkers][][].{Key: Key, VersionId: VersionId}, Quiet: \`true\`}' --output json)"`,
    'done',
  ];

  const list: OffboardingStep[] = [
    {
      id: 'record-baseline',
      title: `Record the request and the evidence baseline${g > 0 ? `; grace period of ${g} days starts` : ''}`,
      day: 0,
      ...inAccount,
      commands: [
        `aws sts get-caller-identity --query Account --output text   # must print ${account}`,
        `DATA_KEY=$(aws kms describe-key ${r} --key-id ${names.dataKeyAlias} --query KeyMetadata.Arn --output text)`,
        `BACKUP_KEY=$(aws kms describe-key ${r} --key-id ${names.backupKeyAlias} --query KeyMetadata.Arn --output text)`,
        `LOGS_KEY=$(aws kms describe-key ${r} --key-id ${names.logsKeyAlias} --query KeyMetadata.Arn --output text)`,
        `RECORD_KEYS_KEY=$(aws kms describe-key ${r} --key-id ${names.recordKeysKeyAlias} --query KeyMetadata.Arn --output text)`,
        `echo "${keyVars.map((v) => `$${v}`).join(' ')}" > ${keysFile(ctx)}`,
        `aws cloudformation describe-stack-resources ${r} --stack-name ${stackName} > offboard-${id}-stack-resources.json`,
        `aws backup get-backup-plan ${r} --backup-plan-id "$(aws backup list-backup-plans ${r} --query "BackupPlansList[?BackupPlanName=='${names.backupPlanName}'].BackupPlanId" --output text)" > offboard-${id}-backup-plan.json`,
        `aws backup list-recovery-points-by-backup-vault ${r} --backup-vault-name ${names.vaultName} --query 'RecoveryPoints[].[RecoveryPointArn,CreationDate,EncryptionKeyArn]' --output text > offboard-${id}-recovery-points.txt`,
      ],
      why:
        `The key aliases are deleted with the stack, so the key ARNs are recorded now: every later step and the final proof use them. ` +
        `The stack's resource list, the backup plan and the recovery points are the inventory the auditor checks the erasure against.` +
        (g > 0 ? ` Nothing is deleted during the ${g}-day grace period (tenancy.offboarding.graceDays, e.g. the contractual export window).` : ''),
      verify: [
        { run: `cat ${keysFile(ctx)}`, expect: `${keyCount} key ARNs, arn:aws:kms:${region}:${account}:key/...` },
        {
          run: `cut -f3 offboard-${id}-recovery-points.txt | sort -u`,
          expect: 'only the two tenant key ARNs (no copy of the data under another key)',
        },
        { run: `grep -c CopyActions offboard-${id}-backup-plan.json`, expect: '0 (no rule copies recovery points to a vault under another key)' },
        ...(tenant.byok ? [{ run: describeKey('DATA_KEY'), expect: 'Origin EXTERNAL (BYOK), KeyState Enabled' }] : []),
      ],
    },
    {
      id: 'stop-backups',
      title: 'Stop new backups: delete the backup selection and the backup plan',
      day: g,
      ...inAccount,
      commands: [
        `PLAN_ID=$(aws backup list-backup-plans ${r} --query "BackupPlansList[?BackupPlanName=='${names.backupPlanName}'].BackupPlanId" --output text)`,
        `for SEL in $(aws backup list-backup-selections ${r} --backup-plan-id "$PLAN_ID" --query 'BackupSelectionsList[].SelectionId' --output text); do aws backup delete-backup-selection ${r} --backup-plan-id "$PLAN_ID" --selection-id "$SEL"; done`,
        `aws backup delete-backup-plan ${r} --backup-plan-id "$PLAN_ID"`,
      ],
      why:
        `First, so that no new recovery point is created after erasure starts: the vault is COMPLIANCE-locked, and a recovery point taken later would live up to ${longestTierDays(ctx)} days. ` +
        'Any recovery point that already exists is encrypted under a tenant key and is shredded with it.',
      verify: [
        { run: `aws backup list-backup-plans ${r} --query "BackupPlansList[?BackupPlanName=='${names.backupPlanName}']"`, expect: '[]' },
        {
          run: `aws backup list-backup-jobs ${r} --by-backup-vault-name ${names.vaultName} --by-state RUNNING --query 'length(BackupJobs)'`,
          expect: '0',
        },
      ],
    },
    {
      id: 'stop-writes',
      title: 'Stop writes to the data bucket and its access logging',
      day: g,
      ...inAccount,
      commands: [
        `aws s3api put-bucket-logging ${r} --bucket ${names.dataBucketName} --bucket-logging-status '{}'`,
        `aws s3api put-bucket-policy ${r} --bucket ${names.dataBucketName} --policy '${denyWritesPolicy}'`,
      ],
      why: 'No new object (and no new access-log record about the tenant) may appear after the logs bucket is emptied. The policy keeps the TLS-only statements of the deployed policy and adds an explicit deny on writes for every principal; it replaces the stack-managed policy, which is deleted with the stack.',
      verify: [
        {
          run: `aws s3api get-bucket-policy ${r} --bucket ${names.dataBucketName} --query Policy --output text`,
          expect: 'contains the OffboardingDenyWrites statement',
        },
        { run: `aws s3api get-bucket-logging ${r} --bucket ${names.dataBucketName}`, expect: 'no LoggingEnabled' },
      ],
    },
  ];

  const dropSchema = dropSharedDatabaseSchemaStep(ctx);
  if (dropSchema !== undefined) list.push(dropSchema);

  if (tenant.byok) {
    list.push({
      id: 'delete-imported-key-material',
      title: 'BYOK: delete the imported key material of the data key',
      day: g,
      ...inAccount,
      commands: [readKeys(ctx), `aws kms delete-imported-key-material ${r} --key-id "$DATA_KEY"`],
      why:
        'Takes effect immediately: AWS no longer holds the customer-supplied material, so nothing encrypted under the data key can be decrypted from this moment, without waiting for the deletion window. ' +
        'It comes before disabling and scheduling deletion, so the material is gone today whatever happens to the window. The customer destroys its own copy of the material and attests it.',
      verify: [
        { run: describeKey('DATA_KEY'), expect: 'KeyState PendingImport' },
        {
          run: `aws cloudtrail lookup-events ${r} --lookup-attributes AttributeKey=EventName,AttributeValue=DeleteImportedKeyMaterial --max-results 5`,
          expect: 'one event for the data key, today',
        },
      ],
    });
  }

  const keysToDisable = keyVars.filter((v) => !(tenant.byok && v === 'DATA_KEY'));
  list.push(
    {
      id: 'disable-keys',
      title: tenant.byok
        ? 'Disable the backup, logs and record-keys keys (the data key has no material any more)'
        : `Disable the ${keyCount} tenant keys`,
      day: g,
      ...inAccount,
      commands: [readKeys(ctx), ...keysToDisable.map((v) => `aws kms disable-key ${r} --key-id "$${v}"`)],
      why: 'A disabled key refuses every cryptographic operation at once: the data bucket, the flow logs and every recovery point become unreadable today, while the deletion window still allows recovery from a mistaken request (enable-key, cancel-key-deletion).',
      verify: [
        ...keysToDisable.map((v) => ({ run: describeKey(v), expect: 'KeyState Disabled' })),
        {
          run: `aws s3api get-object ${r} --bucket ${names.dataBucketName} --key "$(aws s3api list-objects-v2 ${r} --bucket ${names.dataBucketName} --max-items 1 --query 'Contents[0].Key' --output text)" /dev/null`,
          expect: `fails with a KMS error (key ${tenant.byok ? 'pending import' : 'disabled'}): the data is unreadable`,
        },
      ],
    },
    {
      id: 'empty-logs-bucket',
      title: 'Empty the SSE-S3 access-log bucket, every version',
      day: g,
      ...inAccount,
      commands: emptyAllVersions,
      why: `${names.logsBucketName} receives the data bucket's server access logs (requesters, object keys, times). S3 log delivery requires SSE-S3, so it is not under a tenant key and crypto-shredding does not reach it: it is erased by deleting every object version and delete marker.`,
      verify: [{ run: countVersions(names.logsBucketName), expect: '0' }],
    },
    {
      id: 'schedule-key-deletion',
      title: `Schedule deletion of the ${keyCount} tenant keys (${window}-day window)`,
      day: g,
      ...inAccount,
      commands: [readKeys(ctx), ...keyVars.map((v) => `aws kms schedule-key-deletion ${r} --key-id "$${v}" --pending-window-in-days ${window}`)],
      why:
        `The erasure itself: when the keys are deleted on day ${totalDays} every copy encrypted under them (data bucket versions, flow logs, all backup tiers in the locked vault) is permanently undecryptable. ` +
        `The ${window}-day window (tenancy.offboarding.keyDeletionWindowDays) is the last chance to cancel a mistaken request; grace + window = ${totalDays} ≤ ${ctx.deadlineDays} days.`,
      verify: keyVars.map((v) => ({ run: describeKey(v), expect: `KeyState PendingDeletion, DeletionDate ${window} days from today` })),
    },
    {
      id: 'remove-from-config',
      title: `Remove tenant "${id}" from the config and merge`,
      day: g,
      commands: [
        `# delete the "- id: ${id}" entry under tenants: in the deployed config (config/*.yaml), then`,
        'npm run synth   # must pass; the summary no longer lists the stack',
        `git commit -m "Offboard tenant ${id}" -- config/   # merge before the next step, so no pipeline run recreates the stack`,
      ],
      why: 'The config is the source of truth: as long as the tenant is in it, the pipeline would recreate the stack with fresh keys and start backing up again.',
      verify: [{ run: 'npm run synth', expect: `exit 0; the summary does not list ${ctx.stackPath}` }],
    },
    {
      id: 'delete-stack',
      title: `Delete the CloudFormation stack ${stackName}`,
      day: g,
      ...inAccount,
      commands: [
        `aws cloudformation update-termination-protection ${r} --stack-name ${stackName} --no-enable-termination-protection`,
        `aws cloudformation delete-stack ${r} --stack-name ${stackName}`,
        `aws cloudformation wait stack-delete-complete ${r} --stack-name ${stackName}`,
      ],
      why:
        'Removes the network, roles and key aliases. Stateful resources are RETAINED by design (keys, buckets, log group, vault): they remain as ciphertext under keys pending deletion. ' +
        'Resources already deleted in earlier steps (backup plan and selection) count as deleted; if the deletion still fails on one, re-run delete-stack with --retain-resources naming it.',
      verify: [
        { run: `aws cloudformation describe-stacks ${r} --stack-name ${stackName}`, expect: `error: Stack with id ${stackName} does not exist` },
        {
          run: `aws cloudformation list-stacks ${r} --stack-status-filter DELETE_COMPLETE --query "StackSummaries[?StackName=='${stackName}'].DeletionTime"`,
          expect: 'the deletion time',
        },
      ],
    },
    {
      id: 'sweep-late-access-logs',
      title: 'Sweep access logs delivered late into the logs bucket',
      day: g + 1,
      ...inAccount,
      commands: emptyAllVersions,
      why: 'S3 server access logs are delivered best effort, usually within a few hours; records written before logging was turned off can arrive after the first emptying.',
      verify: [{ run: countVersions(names.logsBucketName), expect: '0' }],
    },
    {
      id: 'verify-keys-deleted',
      title: 'After the window: prove the keys are gone (erasure complete)',
      day: totalDays,
      ...inAccount,
      commands: [
        readKeys(ctx),
        ...keyVars.map((v) => `aws kms describe-key ${r} --key-id "$${v}"`),
        `aws cloudtrail lookup-events ${r} --lookup-attributes AttributeKey=EventName,AttributeValue=DeleteKey --max-results 10 > offboard-${id}-deletekey-events.json`,
      ],
      why:
        `Day ${totalDays} (grace ${ctx.graceDays} + window ${window}) ≤ ${ctx.deadlineDays}: from now on the retained bucket, log group and every recovery point are ciphertext without a key. ` +
        `The remaining recovery points expire by their lifecycle (last one ${longestTierDays(ctx)} days after backups stopped); the retained bucket and log group may be deleted to save cost.`,
      verify: [
        { expect: `all ${keyCount} describe-key calls fail with NotFoundException` },
        {
          run: `grep -c '"EventName": "DeleteKey"' offboard-${id}-deletekey-events.json`,
          expect: `at least ${keyVars.length}: one DeleteKey event per tenant key, by kms.amazonaws.com`,
        },
        {
          run: `aws backup list-recovery-points-by-backup-vault ${r} --backup-vault-name ${names.vaultName} --query 'RecoveryPoints[].EncryptionKeyArn' --output text | tr '\\t' '\\n' | sort -u`,
          expect: 'nothing, or only deleted tenant key ARNs (backup key; data key for database snapshots)',
        },
      ],
    },
  );
  return list;
}
