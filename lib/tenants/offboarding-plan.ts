import { cloudFormationStackName, stackId, stageId, TenantResourceNames, tenantResourceNames } from '../app/naming';
import { RampartConfig, TenantConfig } from '../config/schema';
import { BACKUP_TIERS } from '../constructs/backup/four-tier-plan';
import { ERASURE_DEADLINE_DAYS } from '../config/erasure';
import { tenantPlacement } from '../config/placement';
import { KEY_DELETION_WINDOW_BOUNDS } from '../config/tenancy-schema';

/**
 * Control ERASURE: a tenant's data is gone from every system, backups included, within
 * ERASURE_DEADLINE_DAYS of the offboarding request.
 *
 * The tenant's backup vault is COMPLIANCE-locked (nobody can delete a recovery point before its
 * retention ends) and its weekly (28 d) and monthly (365 d) tiers outlive the 30-day promise, so
 * deletion cannot erase them in time. Every copy of the tenant's data is encrypted under one of the
 * tenant's three KMS keys (data bucket and RDS snapshot copies under the data key, flow logs under the logs key; S3
 * recovery points under the vault's backup key), so deleting the tenant's keys makes every copy permanently
 * undecryptable: crypto-shredding. The one store not under a tenant key, the SSE-S3 access-log
 * bucket (S3 log delivery cannot write to SSE-KMS), is emptied explicitly.
 *
 * `offboardingPlan` is pure: it computes names from the config (lib/app/naming.ts), never calls AWS,
 * and returns the ordered procedure with exact commands, so the printed plan is reviewable before
 * anyone runs it and is the auditor's checklist afterwards.
 */

/** One step of the procedure. Day offsets count from the offboarding request (day 0). */
export interface OffboardingStep {
  /** Stable identifier, e.g. `schedule-key-deletion`. */
  readonly id: string;
  readonly title: string;
  /** Day (from the request) on which the step runs. */
  readonly day: number;
  /** AWS account the commands run in; undefined for a repository change. */
  readonly account?: string;
  /** Region the commands target (every AWS command carries `--region`). */
  readonly region?: string;
  /** Shell commands, in order, ready to paste (bash, AWS CLI v2). */
  readonly commands: readonly string[];
  /** Why this step exists and why at this point in the order. */
  readonly why: string;
  /** The evidence: commands to run (or files to read) and what their output must show. */
  readonly verify: readonly Verification[];
}

/** One check for the auditor: `run` (a command; omitted for a file or a manual check) must show `expect`. */
export interface Verification {
  readonly run?: string;
  readonly expect: string;
}

/** One place the tenant's data exists, and how (and when) it is erased. */
export interface CopyErasure {
  readonly copy: string;
  readonly encryption: string;
  readonly retention: string;
  readonly erasedBy: 'deletion' | 'crypto-shredding';
  /** Day (from the request) by which this copy is erased or unreadable for good. */
  readonly erasedOnDay: number;
  readonly note: string;
}

/** Something that is NOT erased by this procedure, and why that is acceptable or what to do. */
export interface Residual {
  readonly what: string;
  readonly why: string;
  readonly action: string;
}

export interface OffboardingPlan {
  readonly tenantId: string;
  readonly plan: TenantConfig['plan'];
  readonly byok: boolean;
  readonly enclave: boolean;
  readonly account: string;
  readonly region: string;
  /** CLI selection path, e.g. `prod-us-east-1/tenant-acme`. */
  readonly stackPath: string;
  /** CloudFormation stack name. */
  readonly stackName: string;
  readonly names: TenantResourceNames;
  /** Days between the request and the start of erasure (tenancy.offboarding.graceDays). */
  readonly graceDays: number;
  /** KMS pending window of the three tenant keys (tenancy.offboarding.keyDeletionWindowDays). */
  readonly keyDeletionWindowDays: number;
  /** graceDays + keyDeletionWindowDays: the day the keys are gone and erasure is complete. */
  readonly totalDays: number;
  readonly deadlineDays: number;
  readonly steps: readonly OffboardingStep[];
  readonly copies: readonly CopyErasure[];
  readonly residuals: readonly Residual[];
}

/**
 * The offboarding (erasure) procedure for one tenant of `config`.
 * Throws when the tenant id is unknown (the message lists the known ids) or when the configured
 * grace period and key deletion window cannot meet the erasure deadline (the loader already rejects
 * such a config; the check keeps a hand-built config from printing a non-compliant plan).
 */
export function offboardingPlan(config: RampartConfig, tenantId: string): OffboardingPlan {
  const tenant = config.tenants.find((t) => t.id === tenantId);
  if (tenant === undefined) {
    const known = config.tenants.map((t) => t.id);
    throw new UnknownTenantError(tenantId, known);
  }
  const { graceDays, keyDeletionWindowDays: window } = config.tenancy.offboarding;
  if (!Number.isInteger(window) || window < KEY_DELETION_WINDOW_BOUNDS.min || window > KEY_DELETION_WINDOW_BOUNDS.max) {
    throw new OffboardingConfigError(`tenancy.offboarding.keyDeletionWindowDays: KMS accepts ${KEY_DELETION_WINDOW_BOUNDS.min}..${KEY_DELETION_WINDOW_BOUNDS.max} days, got ${window}`);
  }
  const totalDays = graceDays + window;
  if (totalDays > ERASURE_DEADLINE_DAYS) {
    throw new OffboardingConfigError(
      `tenancy.offboarding: graceDays (${graceDays}) + keyDeletionWindowDays (${window}) = ${totalDays} days, over the ${ERASURE_DEADLINE_DAYS}-day erasure deadline`,
    );
  }

  const { account, region, enclave } = tenantPlacement(config, tenant);
  const names = tenantResourceNames(config, tenant.id, account);
  const stackName = cloudFormationStackName(config, region, 'tenant', tenant.id);
  const stackPath = `${stageId(config, region)}/${stackId('tenant', tenant.id)}`;
  const ctx: Ctx = { tenant, account, region, names, stackName, stackPath, graceDays, window, totalDays };

  return {
    tenantId: tenant.id,
    plan: tenant.plan,
    byok: tenant.byok,
    enclave,
    account,
    region,
    stackPath,
    stackName,
    names,
    graceDays,
    keyDeletionWindowDays: window,
    totalDays,
    deadlineDays: ERASURE_DEADLINE_DAYS,
    steps: steps(ctx),
    copies: copies(ctx),
    residuals: residuals(ctx),
  };
}

/** A config that cannot be offboarded as asked (the CLI prints the message and exits 2). */
export class OffboardingConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OffboardingConfigError';
  }
}

/** Thrown by `offboardingPlan` for an id that is not in the config. */
export class UnknownTenantError extends OffboardingConfigError {
  constructor(
    public readonly tenantId: string,
    public readonly knownIds: readonly string[],
  ) {
    super(
      `unknown tenant id "${tenantId}"; the config has ${knownIds.length === 0 ? 'no tenants' : `these tenant ids: ${knownIds.join(', ')}`}`,
    );
    this.name = 'UnknownTenantError';
  }
}

interface Ctx {
  readonly tenant: TenantConfig;
  readonly account: string;
  readonly region: string;
  readonly names: TenantResourceNames;
  readonly stackName: string;
  readonly stackPath: string;
  readonly graceDays: number;
  readonly window: number;
  readonly totalDays: number;
}

/** Shell variables holding the tenant's key ARNs (data, backup, logs), recorded in step 1. */
const TENANT_KEY_VARS = ['DATA_KEY', 'BACKUP_KEY', 'LOGS_KEY'];

function keysFile(ctx: Ctx): string {
  return `offboard-${ctx.tenant.id}-keys.txt`;
}

/** Every later step re-reads the key ARNs recorded in step 1: aliases vanish with the stack. */
function readKeys(ctx: Ctx): string {
  return `read DATA_KEY BACKUP_KEY LOGS_KEY < ${keysFile(ctx)}`;
}

function steps(ctx: Ctx): OffboardingStep[] {
  const { tenant, account, region, names, stackName, graceDays: g, window, totalDays } = ctx;
  const r = `--region ${region}`;
  const id = tenant.id;
  const inAccount = { account, region };
  const describeKey = (v: string) => `aws kms describe-key ${r} --key-id "$${v}" --query 'KeyMetadata.[KeyId,Origin,KeyState,DeletionDate]' --output text`;
  const denyWritesPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OffboardingDenyWrites',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:PutObject', 's3:RestoreObject', 's3:ReplicateObject'],
        Resource: `arn:aws:s3:::${names.dataBucketName}/*`,
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${names.dataBucketName}`, `arn:aws:s3:::${names.dataBucketName}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'DenyOutdatedTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${names.dataBucketName}`, `arn:aws:s3:::${names.dataBucketName}/*`],
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
        `echo "$DATA_KEY $BACKUP_KEY $LOGS_KEY" > ${keysFile(ctx)}`,
        `aws cloudformation describe-stack-resources ${r} --stack-name ${stackName} > offboard-${id}-stack-resources.json`,
        `aws backup get-backup-plan ${r} --backup-plan-id "$(aws backup list-backup-plans ${r} --query "BackupPlansList[?BackupPlanName=='${names.backupPlanName}'].BackupPlanId" --output text)" > offboard-${id}-backup-plan.json`,
        `aws backup list-recovery-points-by-backup-vault ${r} --backup-vault-name ${names.vaultName} --query 'RecoveryPoints[].[RecoveryPointArn,CreationDate,EncryptionKeyArn]' --output text > offboard-${id}-recovery-points.txt`,
      ],
      why:
        `The key aliases are deleted with the stack, so the key ARNs are recorded now: every later step and the final proof use them. ` +
        `The stack's resource list, the backup plan and the recovery points are the inventory the auditor checks the erasure against.` +
        (g > 0 ? ` Nothing is deleted during the ${g}-day grace period (tenancy.offboarding.graceDays, e.g. the contractual export window).` : ''),
      verify: [
        { run: `cat ${keysFile(ctx)}`, expect: `two key ARNs, arn:aws:kms:${region}:${account}:key/...` },
        { run: `cut -f3 offboard-${id}-recovery-points.txt | sort -u`, expect: 'only the two tenant key ARNs (no copy of the data under another key)' },
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
        'First, so that no new recovery point is created after erasure starts: the vault is COMPLIANCE-locked, and a recovery point taken later would live up to 365 days. ' +
        'Any recovery point that already exists is encrypted under a tenant key and is shredded with it.',
      verify: [
        { run: `aws backup list-backup-plans ${r} --query "BackupPlansList[?BackupPlanName=='${names.backupPlanName}']"`, expect: '[]' },
        { run: `aws backup list-backup-jobs ${r} --by-backup-vault-name ${names.vaultName} --by-state RUNNING --query 'length(BackupJobs)'`, expect: '0' },
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
      why:
        'No new object (and no new access-log record about the tenant) may appear after the logs bucket is emptied. The policy keeps the TLS-only statements of the deployed policy and adds an explicit deny on writes for every principal; it replaces the stack-managed policy, which is deleted with the stack.',
      verify: [
        { run: `aws s3api get-bucket-policy ${r} --bucket ${names.dataBucketName} --query Policy --output text`, expect: 'contains the OffboardingDenyWrites statement' },
        { run: `aws s3api get-bucket-logging ${r} --bucket ${names.dataBucketName}`, expect: 'no LoggingEnabled' },
      ],
    },
  ];

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
        { run: `aws cloudtrail lookup-events ${r} --lookup-attributes AttributeKey=EventName,AttributeValue=DeleteImportedKeyMaterial --max-results 5`, expect: 'one event for the data key, today' },
      ],
    });
  }

  const keysToDisable = tenant.byok ? ['BACKUP_KEY', 'LOGS_KEY'] : TENANT_KEY_VARS;
  list.push(
    {
      id: 'disable-keys',
      title: tenant.byok ? 'Disable the backup and logs keys (the data key has no material any more)' : 'Disable the three tenant keys',
      day: g,
      ...inAccount,
      commands: [readKeys(ctx), ...keysToDisable.map((v) => `aws kms disable-key ${r} --key-id "$${v}"`)],
      why:
        'A disabled key refuses every cryptographic operation at once: the data bucket, the flow logs and every recovery point become unreadable today, while the deletion window still allows recovery from a mistaken request (enable-key, cancel-key-deletion).',
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
      why:
        `${names.logsBucketName} receives the data bucket's server access logs (requesters, object keys, times). S3 log delivery requires SSE-S3, so it is not under a tenant key and crypto-shredding does not reach it: it is erased by deleting every object version and delete marker.`,
      verify: [{ run: countVersions(names.logsBucketName), expect: '0' }],
    },
    {
      id: 'schedule-key-deletion',
      title: `Schedule deletion of the three tenant keys (${window}-day window)`,
      day: g,
      ...inAccount,
      commands: [readKeys(ctx), ...TENANT_KEY_VARS.map((v) => `aws kms schedule-key-deletion ${r} --key-id "$${v}" --pending-window-in-days ${window}`)],
      why:
        `The erasure itself: when the keys are deleted on day ${totalDays} every copy encrypted under them (data bucket versions, flow logs, all backup tiers in the locked vault) is permanently undecryptable. ` +
        `The ${window}-day window (tenancy.offboarding.keyDeletionWindowDays) is the last chance to cancel a mistaken request; grace + window = ${totalDays} ≤ ${ERASURE_DEADLINE_DAYS} days.`,
      verify: TENANT_KEY_VARS.map((v) => ({ run: describeKey(v), expect: `KeyState PendingDeletion, DeletionDate ${window} days from today` })),
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
        { run: `aws cloudformation list-stacks ${r} --stack-status-filter DELETE_COMPLETE --query "StackSummaries[?StackName=='${stackName}'].DeletionTime"`, expect: 'the deletion time' },
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
        `aws kms describe-key ${r} --key-id "$DATA_KEY"`,
        `aws kms describe-key ${r} --key-id "$BACKUP_KEY"`,
        `aws kms describe-key ${r} --key-id "$LOGS_KEY"`,
        `aws cloudtrail lookup-events ${r} --lookup-attributes AttributeKey=EventName,AttributeValue=DeleteKey --max-results 10 > offboard-${id}-deletekey-events.json`,
      ],
      why:
        `Day ${totalDays} (grace ${ctx.graceDays} + window ${window}) ≤ ${ERASURE_DEADLINE_DAYS}: from now on the retained bucket, log group and every recovery point are ciphertext without a key. ` +
        'The remaining recovery points expire by their lifecycle (last one 365 days after backups stopped); the retained bucket and log group may be deleted to save cost.',
      verify: [
        { expect: 'all three describe-key calls fail with NotFoundException' },
        { run: `grep -c '"EventName": "DeleteKey"' offboard-${id}-deletekey-events.json`, expect: 'at least 3: one DeleteKey event per tenant key, by kms.amazonaws.com' },
        {
          run: `aws backup list-recovery-points-by-backup-vault ${r} --backup-vault-name ${names.vaultName} --query 'RecoveryPoints[].EncryptionKeyArn' --output text | tr '\\t' '\\n' | sort -u`,
          expect: 'nothing, or only deleted tenant key ARNs (backup key; data key for database snapshots)',
        },
      ],
    },
  );
  return list;
}

function copies(ctx: Ctx): CopyErasure[] {
  const { graceDays: g, totalDays, names, tenant } = ctx;
  const dataKey = `tenant data key ${names.dataKeyAlias}${tenant.byok ? ' (BYOK, material deleted on day ' + g + ')' : ''}`;
  const shreddedOn = tenant.byok ? g : totalDays;
  const backupKey = `tenant backup key ${names.backupKeyAlias}`;
  const logsKey = `tenant logs key ${names.logsKeyAlias}`;
  return [
    {
      copy: `data bucket ${names.dataBucketName}, every object version`,
      encryption: `SSE-KMS, ${dataKey}`,
      retention: 'plan retention (retained bucket)',
      erasedBy: 'crypto-shredding',
      erasedOnDay: shreddedOn,
      note: `unreadable from day ${g} (key disabled), key deleted on day ${totalDays}`,
    },
    {
      copy: 'VPC flow-log log group',
      encryption: `SSE-KMS, ${logsKey}`,
      retention: 'log group retention (retained)',
      erasedBy: 'crypto-shredding',
      erasedOnDay: totalDays,
      note: `unreadable from day ${g}, key deleted on day ${totalDays}`,
    },
    ...BACKUP_TIERS.map((tier): CopyErasure => {
      const expires = g + tier.keepDays;
      const expiresFirst = expires < totalDays;
      return {
        copy: `backup tier ${tier.name} in vault ${names.vaultName} (COMPLIANCE lock)`,
        encryption: `S3 recovery points under ${backupKey}; RDS/Aurora snapshot copies under the source (data) key`,
        retention: `${tier.keepDays} days`,
        erasedBy: expiresFirst ? 'deletion' : 'crypto-shredding',
        erasedOnDay: Math.min(expires, totalDays),
        note: expiresFirst
          ? `last recovery point (taken by day ${g}) expires by lifecycle by day ${expires}; shredded on day ${totalDays} in any case`
          : `last recovery point taken by day ${g}; the lock forbids deleting it before day ${expires}; shredded on day ${totalDays}`,
      };
    }),
    {
      copy: `access-log bucket ${names.logsBucketName}, every object version`,
      encryption: 'SSE-S3 (S3 log delivery cannot use SSE-KMS)',
      retention: 'bucket lifecycle',
      erasedBy: 'deletion',
      erasedOnDay: g + 1,
      note: `emptied on day ${g}, late deliveries swept on day ${g + 1}`,
    },
  ];
}

function residuals(ctx: Ctx): Residual[] {
  const list: Residual[] = [
    {
      what: "Platform CloudTrail records about the tenant's resources (API calls naming its buckets, keys, stack; object keys of data events) in the platform's Object-Locked log archive",
      why:
        'The archive is the audit trail the AUDIT control promises and is locked in COMPLIANCE mode for 365 days; it holds metadata about operations, not the tenant\'s stored content. Keeping it is a legal obligation (GDPR Art. 17(3)(b) and (e): compliance with a legal obligation, establishment of legal claims).',
      action: 'Name this exemption in the erasure certificate; the records expire with the archive lifecycle. Tenants must not put personal data in object keys (documented in the tenant agreement).',
    },
    {
      what: `CloudTrail event history in account ${ctx.account} (90 days, managed by AWS)`,
      why: 'Read-only by design, metadata only, deleted by AWS after 90 days.',
      action: 'None; it is also part of the evidence of this procedure (DeleteKey, ScheduleKeyDeletion events).',
    },
    {
      what: 'Platform load balancer and WAF logs of requests by the tenant\'s users (client IPs, paths), in the platform log archive',
      why: 'Security logs kept for the detection and audit controls under the same legal-obligation and legitimate-interest exemption; not the tenant\'s stored data.',
      action: 'Expire with the archive lifecycle; list them in the erasure certificate.',
    },
    {
      what: 'Retained, undecryptable resources: data bucket, flow-log log group, backup vault with its remaining recovery points',
      why: `NO-LOSS retains stateful resources when a stack is deleted; after day ${ctx.totalDays} they are ciphertext without a key. The locked vault cannot be emptied before its last recovery point expires (${ctx.graceDays + Math.max(...BACKUP_TIERS.map((t) => t.keepDays))} days after the request).`,
      action: 'Optional cost clean-up after the keys are deleted: delete the data bucket and the log group; delete the vault once it is empty.',
    },
    {
      what: 'The tenant entry in the config repository history (id, plan, CIDR)',
      why: 'Configuration, not customer data.',
      action: 'None.',
    },
  ];
  if (ctx.tenant.byok) {
    list.splice(1, 0, {
      what: 'The customer\'s own copy of the imported key material (BYOK)',
      why: 'It never was in AWS\'s custody except as imported material, which was deleted on the first erasure day.',
      action: 'Ask the customer for a written attestation that its copy is destroyed (or retained under its own policy) and file it with the evidence.',
    });
  }
  return list;
}
