import type { ControlEntry } from '../types';
import { Q } from './quotes';

/**
 * The copies of an Aurora cluster that stay under its data key (catalog exception
 * KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES), with the longest each may live, in days. The constructs
 * build to these bounds and the evidence verifier judges the templates against them.
 * - `stagingDays`: a tier's recovery point in the staging vault, until AWS Backup's copies into the
 *   vaults under a backup key exist (AWS Backup's shortest retention).
 * - `automatedBackupDays`: Aurora's own automated backups (point-in-time recovery, 1..35 days; Aurora
 *   cannot turn them off).
 */
export const AURORA_DATA_KEY_COPY_DAYS = { stagingDays: 1, automatedBackupDays: 7 } as const;

/** Encryption at rest and keys: ENC-REST, KEY-ROTATE, KEY-SEPARATE, BYOK (TLS is in transport.ts). */
export const ENCRYPTION: readonly ControlEntry[] = [
  {
    id: 'ENC-REST',
    title: 'Everything stored is encrypted at rest with AES-256',
    status: 'enforced',
    policy: [Q.aes256AtRest, Q.phiEncrypted, Q.jamEncryption],
    appliesTo: { kinds: ['aws-pipeline', 'aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Customer-managed symmetric KMS keys (AES-256-GCM) encrypt every data store Rampart creates: S3 buckets (SSE-KMS), Aurora ' +
        'storage, Performance Insights and secrets, ECR images, CloudWatch log groups, SNS topics and backup vaults. Constructs take ' +
        'the key as a required prop, so a store cannot be created unencrypted. On Google Cloud, buckets, log buckets and Cloud SQL ' +
        'use Cloud KMS keys (GOOGLE_SYMMETRIC_ENCRYPTION, AES-256-GCM) defined in the stack.',
      code: [
        'lib/constructs/keys/key-ring.ts',
        'lib/constructs/keys/rampart-key.ts',
        'lib/constructs/storage/secure-bucket.ts',
        'lib/constructs/data/data-bucket.ts',
        'lib/constructs/data/database.ts',
        'lib/constructs/logging/retained-log-group.ts',
        'lib/constructs/compute/image-repository.ts',
        'lib/constructs/backup/vault.ts',
        'lib/gcp/constructs/keys.ts',
        'lib/gcp/constructs/buckets.ts',
        'lib/gcp/constructs/database.ts',
      ],
    },
    packRules: [
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'AwsSolutions-RDS2',
      'HIPAA.Security-RDSStorageEncrypted',
      'HIPAA.Security-CloudWatchLogGroupEncrypted',
      'HIPAA.Security-SNSEncryptedKMS',
      'HIPAA.Security-SecretsManagerUsingKMSKey',
      'HIPAA.Security-CloudTrailEncryptionEnabled',
      'AwsSolutions-EC26',
    ],
    tests: [
      'test/constructs/keys/key-ring.test.ts',
      'test/constructs/storage/secure-bucket.test.ts',
      'test/constructs/data/database.test.ts',
      'test/constructs/audit/log-archive.test.ts',
      'test/gcp/stacks.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      "Access-log buckets (the log archive's and each tenant's) use SSE-S3, which is AES-256 under AWS-managed keys: S3 server access " +
        'log delivery writes only to SSE-S3 buckets. Each is acknowledged with that reason and holds access logs only.',
      'Fargate task storage and the Cloud SQL enhanced backups in the Backup and DR vault are encrypted with provider-managed keys ' +
        '(AES-256), not customer-managed ones; Google offers CMEK for standard backups only.',
      'The public packs check that a customer-managed key is configured, not the algorithm; AES-256 follows from KMS symmetric keys ' +
        '(SYMMETRIC_DEFAULT) and Cloud KMS GOOGLE_SYMMETRIC_ENCRYPTION, which GCP-KEY-ROTATION checks.',
    ],
  },
  {
    id: 'KEY-ROTATE',
    title: 'Every customer-managed key rotates automatically',
    status: 'enforced',
    policy: [Q.kmsRotation],
    numbers: (policy) => ({ awsMaxDays: policy.keyRotation.awsMaxDays, gcpMaxDays: policy.keyRotation.gcpMaxDays }),
    appliesTo: { kinds: ['aws-pipeline', 'aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        "RampartKey turns automatic rotation on with an explicit period no longer than the policy's AWS maximum and refuses anything " +
        'else; Cloud KMS keys carry a rotation_period no longer than the Google Cloud maximum.',
      code: ['lib/constructs/keys/rampart-key.ts', 'lib/constructs/keys/key-ring.ts', 'lib/gcp/constructs/keys.ts'],
    },
    packRules: ['AwsSolutions-KMS5', 'NIST.800.53.R5-KMSBackingKeyRotationEnabled', 'PCI.DSS.321-KMSBackingKeyRotationEnabled'],
    tests: [
      'test/nag/rules/KeyRotation.test.ts',
      'test/constructs/keys/rampart-key.test.ts',
      'test/stacks/platform-stack.test.ts',
      'test/gcp/stacks.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      "The policy names no period. The maximum periods (see numbers) are Rampart's reading: KMS's yearly default on AWS, Google's " +
        'recommendation for CMEK on Google Cloud.',
      "Keys managed by AWS or Google (SSE-S3, Fargate storage, Cloud SQL enhanced backups) rotate on the provider's schedule, which " +
        'no template shows.',
    ],
    exceptions: [
      {
        id: 'KEY-ROTATE-BYOK-IMPORTED-MATERIAL',
        covers: 'The data key of every tenant with `byok: true` (Origin EXTERNAL), in its tenant stack.',
        reason:
          'AWS KMS cannot rotate imported key material. Rotation is the customer importing new material before the current material ' +
          'expires (README, "Bring your own key"); the expiry alarm warns ahead. AwsSolutions-KMS5 and the compliance packs\' ' +
          'KMSBackingKeyRotationEnabled are acknowledged on that key alone, with this reason.',
      },
    ],
  },
  {
    id: 'KEY-SEPARATE',
    title: 'Backups are encrypted under keys separate from the data they protect',
    status: 'partial',
    policy: [Q.backupsSeparateKeys],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Each account and region (and each tenant) has separate data, backup and logs keys; every backup vault is encrypted with the ' +
        'backup key, whose policy admits use through AWS Backup, and BackupVault throws when handed a data key. AWS Backup encrypts a ' +
        "recovery point of S3 with the vault's key, but an Aurora snapshot keeps the cluster's key (the data key), so each platform " +
        'stack backs its database up with a staged plan: every tier writes a recovery point kept ' +
        `${AURORA_DATA_KEY_COPY_DAYS.stagingDays} day into a locked staging vault and copies it into the region's vault and, in the US ` +
        "regions, into the peer region's vault, each copy kept the tier's days. AWS Backup encrypts a copy with the destination vault's " +
        'key (see the limits for copies within one Region), so the tiers the policy keeps are held under backup keys. The backup key lets ' +
        'RDS write those snapshot copies only for the backup roles of its region and of the peer region, named in its policy, and AWS ' +
        "Backup's service-linked role. The evidence verifier follows every tier of every backed-up store " +
        'through its plan, copy actions and vault keys (in the peer stack too). On Google Cloud the backup bucket has its own key and ' +
        'transfer jobs re-encrypt every copy with it.',
      code: [
        'lib/constructs/keys/key-ring.ts',
        'lib/constructs/keys/key-policy.ts',
        'lib/constructs/backup/vault.ts',
        'lib/constructs/backup/four-tier-plan.ts',
        'lib/stacks/platform-stack.ts',
        'lib/verify/aws/recovery-points.ts',
        'lib/gcp/constructs/keys.ts',
        'lib/gcp/constructs/backup.ts',
      ],
    },
    tests: [
      'test/nag/rules/BackupKeySeparate.test.ts',
      'test/constructs/keys/key-ring.test.ts',
      'test/constructs/backup/backup.test.ts',
      'test/verify/aws-weakenings.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      "A record key store's point-in-time recovery (DynamoDB 7 days; Firestore's fixed 7 days) is kept under the key of the store " +
        'itself, the data key (a BYOK tenant: its record-keys key): neither service can put it under another. It is deliberately not ' +
        'a backup tier: it must end within the erasure deadline (ERASURE), which a separate, longer-kept copy would defeat.',
      'A restore from a copy under the backup key creates a cluster under the key the restore names: restores must name the data key, ' +
        'or the restored database would be live data under the backup key.',
      'Cloud SQL enhanced backups (Backup and DR vault) use a Google-managed key: separate from the database key, but not one the ' +
        'customer controls.',
      'Rampart-BackupKeySeparate compares the vault key with the keys of data resources in the same stack; the key a recovery point ' +
        'ends up under at run time is what describe-recovery-point reports.',
    ],
    exceptions: [
      {
        id: 'KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES',
        covers:
          `In each platform stack, the Aurora cluster's backups that stay under its data key: its automated backups (point-in-time ` +
          `recovery, kept ${AURORA_DATA_KEY_COPY_DAYS.automatedBackupDays} days) and each tier's recovery point in the staging vault ` +
          `(kept ${AURORA_DATA_KEY_COPY_DAYS.stagingDays} day, while AWS Backup copies it into the vaults under the backup keys).`,
        reason:
          "An Aurora snapshot keeps the cluster's key: AWS Backup re-encrypts only the resource types it fully manages, so the recovery " +
          'point a backup job writes is under the data key, and Aurora cannot turn its automated backups off (1 to 35 days). Only a copy ' +
          `ends up under another key. The staging point lives AWS Backup's shortest retention; the automated backups are kept ` +
          `${AURORA_DATA_KEY_COPY_DAYS.automatedBackupDays} days for point-in-time recovery. The evidence verifier fails either kept longer.`,
      },
      {
        id: 'KEY-SEPARATE-SAME-REGION-COPY-UNCONFIRMED',
        standing: true,
        covers:
          "The Aurora tiers copied into a vault of the same account and Region (the EU database's tiers and the US databases' " +
          "in-region tiers): that each copy ends up under the destination vault's backup key.",
        reason:
          "AWS Backup's documentation states that cross-Region and cross-account copies are encrypted with the destination vault's key; " +
          'it does not state it for a copy into another vault of the same account and Region, and no template can show the key a copy ' +
          "ends up under. The US databases' tiers are also kept as cross-Region copies in the peer region. A first deploy must confirm " +
          'the same-Region case (README, "Backups and their keys": describe-recovery-point shows the copy\'s EncryptionKeyArn).',
      },
    ],
  },
  {
    id: 'BYOK',
    title: 'Enterprise customers can bring their own encryption key',
    status: 'partial',
    policy: [Q.byok],
    appliesTo: { kinds: ['aws-tenant'] },
    realisation: {
      summary:
        'An enterprise tenant with `byok: true` gets a data key with Origin EXTERNAL whose material the customer imports (with an expiry ' +
        'date) and can delete; its data bucket is encrypted under it, and an alarm mails on-call before the material expires or while ' +
        'none is imported. The import procedure is the README runbook; config validation allows `byok` on enterprise tenants only.',
      code: [
        'lib/constructs/keys/rampart-key.ts',
        'lib/constructs/keys/key-ring.ts',
        'lib/constructs/keys/key-material-expiry-alarm.ts',
        'lib/stacks/tenant-stack.ts',
      ],
    },
    tests: ['test/constructs/keys/key-ring.test.ts', 'test/constructs/keys/key-material-expiry-alarm.test.ts', 'test/stacks/tenant-stack.test.ts'],
    limits: [
      `The evidence verifier (lib/verify) checks that every SSE-KMS bucket of a BYOK tenant is under a key with Origin EXTERNAL.`,
      'Not built on Google Cloud (the screen-recording policy does not promise it).',
    ],
    exceptions: [
      {
        id: 'BYOK-BACKUPS-AND-LOGS-UNDER-AWS-MATERIAL',
        standing: true,
        covers: "A BYOK tenant's recovery points (tenant backup key), flow logs (tenant logs key) and record key store (its record-keys key).",
        reason:
          "Only the data bucket is under the customer's material. DynamoDB cannot create a table under a key without material, so the " +
          'record key store has a key of its own. The backup key must never encrypt live data (KEY-SEPARATE), and a vault ' +
          'under imported material would turn unreadable (and AWS Backup jobs fail) the moment the material expires or the customer ' +
          'withdraws it. So withdrawing the material makes the live data unreadable but not the backups, until offboarding deletes the ' +
          "tenant's keys within the erasure deadline.",
      },
      {
        id: 'BYOK-MATERIAL-STEPS-MANUAL',
        standing: true,
        covers: 'Importing, renewing and withdrawing key material for a BYOK tenant.',
        reason:
          'CloudFormation creates the key with Origin EXTERNAL but cannot import material; the import, its renewal before the expiry ' +
          'the alarm watches, and a withdrawal are steps of the README runbook, and no template can show that they happened.',
      },
    ],
  },
];
