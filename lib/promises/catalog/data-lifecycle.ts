import type { ControlEntry } from '../types';
import { Q } from './quotes';

/**
 * ERASURE: days of point-in-time recovery of a record key store (AWS DynamoDB; Google Cloud Firestore,
 * whose window is fixed at seven days): how long a deleted record key stays restorable. A stack uses
 * the smaller of this and the erasure deadline.
 */
export const RECORD_KEY_STORE_RECOVERY_DAYS = 7;

/** Data lifecycle: BACKUP-TIERS, RETENTION, ERASURE, WORKSPACE-DELETION, NO-LOSS. */
export const DATA_LIFECYCLE: readonly ControlEntry[] = [
  {
    id: 'BACKUP-TIERS',
    title: 'Backups in the published tiers: hourly, daily, weekly, monthly',
    status: 'enforced',
    policy: [Q.jamBackups, Q.jamHourly, Q.jamDaily, Q.jamWeekly, Q.jamMonthly],
    numbers: (policy) =>
      Object.fromEntries(
        policy.backupTiers.flatMap((tier) => [
          [`${tier.name}.every`, tier.every],
          [`${tier.name}.keepDays`, tier.keepDays],
        ]),
      ),
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        "An AWS Backup plan with exactly one rule per tier (each kept its tier's days) protects the platform's data bucket, the " +
        "enclave's PHI bucket and each tenant's data bucket, into a vault under the backup key with a compliance-mode Vault Lock and a " +
        "policy denying recovery-point deletion. The platform's Aurora cluster has a plan with the same tiers whose rules keep each " +
        "recovery point one day in a staging vault, locked the same way, and the tier as a copy in the region's vault (KEY-SEPARATE). " +
        "The two US platform regions copy every tier into each other's vault with the same retention; the EU platform, the enclave and " +
        'tenants keep every tier in their region. On Google Cloud, one ' +
        'Storage Transfer Service job per tier copies the recordings bucket into a locked backup bucket that deletes each tier by age, ' +
        'and Cloud SQL has a Backup and DR plan with the same tiers.',
      code: [
        'lib/constructs/backup/four-tier-plan.ts',
        'lib/constructs/backup/vault.ts',
        'lib/gcp/tiers.ts',
        'lib/gcp/constructs/backup.ts',
        'lib/gcp/constructs/lifecycle.ts',
        'lib/gcp/constructs/database.ts',
      ],
    },
    tests: [
      'test/nag/rules/BackupFourTiers.test.ts',
      'test/constructs/backup/backup.test.ts',
      'test/constructs/backup/composition.test.ts',
      'test/gcp/constructs.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      'Storage Transfer Service repeats by interval, so the monthly bucket tier runs every thirty days rather than on calendar months.',
      "Cloud SQL's hourly rule runs every six hours (the least the Backup and DR API accepts); point-in-time recovery covers the hours " + 'between.',
      'Every tier keeps what existed when it ran, so a deleted record lives on in the longer tiers as ciphertext; ERASURE makes it ' +
        'unreadable by deleting its key from the record key store, which is deliberately in no backup plan.',
      'A template shows the schedule, not that restores work; restore drills are operations.',
    ],
  },
  {
    id: 'RETENTION',
    title: "Customer data is kept for its plan's retention, then expires",
    status: 'partial',
    policy: [Q.retentionByPlan, Q.starter, Q.pro, Q.enterprise, Q.shorterRetention],
    numbers: (policy) => ({
      starterDays: policy.retention.starterDays,
      proDays: policy.retention.proDays,
      enterpriseMinDays: policy.retention.enterpriseMinDays,
      enterpriseMaxDays: policy.retention.enterpriseMaxDays,
    }),
    appliesTo: { kinds: ['aws-tenant'] },
    realisation: {
      summary:
        "A tenant's data bucket and its access-log bucket expire objects after the plan's retention (enterprise: the tenant's " +
        '`retentionDays`, required there and bounded by the config); its flow logs are kept the shortest CloudWatch Logs period at ' +
        'least as long. Every tenant resource carries its plan as a cost-allocation tag.',
      code: ['lib/plan/tenant-plans.ts', 'lib/constructs/tenant/retention.ts', 'lib/stacks/tenant-stack.ts', 'lib/constructs/data/data-bucket.ts'],
    },
    tests: [
      'test/plan/tenant-retention.test.ts',
      'test/constructs/tenant/retention.test.ts',
      'test/stacks/tenant-stack.test.ts',
      'test/constructs/data/data-bucket.test.ts',
    ],
    limits: [
      `The evidence verifier (lib/verify) checks every tenant bucket's expiry against the retention days its template declares for the tenant's plan.`,
      'Enterprise retention is bounded by enterpriseMaxDays: "indefinite retention" is not offered. A shorter period "at any time" ' +
        'is a config change and a deploy, not a switch the customer holds.',
    ],
    exceptions: [
      {
        id: 'RETENTION-EXPIRED-OBJECTS-IN-BACKUP-TIERS',
        standing: true,
        covers: 'Objects a tenant bucket has expired, while the weekly and monthly recovery points taken before still hold them.',
        reason:
          'A recovery point is a copy taken at one time and kept for its tier; AWS Backup cannot remove single objects from it. An ' +
          'expired object stays readable only through a restore until its tier ages out, and is erased within the deadline only by ' +
          "offboarding's key deletion (ERASURE).",
      },
      {
        id: 'RETENTION-PLATFORM-STORES-NO-PLAN',
        standing: true,
        covers: "The platform's shared data bucket and Aurora database (customers without a tenant stack).",
        reason:
          'The shared bucket expires after one `platform.data.expireAfterDays` for everyone and the database has no expiry: records of ' +
          'customers served only by the shared platform follow no plan, because no template knows which customer a row belongs to. ' +
          'Retention by plan is kept for tenants with a stack (this control is scoped to them); the application must expire shared rows.',
      },
    ],
  },
  {
    id: 'ERASURE',
    title: 'Deleted data is gone from every system, backups included, within the deadline',
    status: 'partial',
    policy: [Q.erasure],
    numbers: (policy) => ({
      deadlineDays: policy.erasure.deadlineDays,
      includesBackups: policy.erasure.includesBackups,
      recordKeyStoreRecoveryDays: Math.min(RECORD_KEY_STORE_RECOVERY_DAYS, policy.erasure.deadlineDays),
    }),
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Single records, backups included: every platform stack, the enclave and every tenant on AWS has a record key store, a ' +
        "DynamoDB table (`<org>-<env>[-hipaa|-<tenant>]-record-keys`) under the stack's data key (a tenant's own) with " +
        `point-in-time recovery of ${RECORD_KEY_STORE_RECOVERY_DAYS} days (at most the deadline), in no AWS Backup plan, without ` +
        'streams or replicas elsewhere, deletion-protected and retained; each Google Cloud stack has a Firestore database ' +
        '(`<prefix>-record-keys`) in its region under its own CMEK key, with point-in-time recovery (seven days) and no backup ' +
        "schedule. The application keeps each record's own data key only there (shared responsibility below), so the stores that " +
        'hold records keep their tiers (the monthly one for a year) while those tiers hold ciphertext whose key is gone within the ' +
        "deadline once the application deletes it. Whole tenants on AWS: every copy of a tenant's data (bucket versions, flow logs, " +
        "all backup tiers, its record key store) is under one of the tenant's own keys and no copy leaves its vault, so deleting those " +
        'keys erases everything once the KMS pending window ends; config validation refuses an offboarding grace period plus ' +
        'key-deletion window longer than the deadline, and `npm run tenant:offboard` prints the runbook. Data buckets delete ' +
        'noncurrent versions and lock objects no longer than the deadline allows. On Google Cloud, noncurrent recording versions ' +
        'expire within the deadline and every workspace deletion schedule is mirrored on every backup tier (daysSinceCustomTime). ' +
        'The evidence verifier proves from the templates of the whole assembly that no copy of a key store outlives the deadline.',
      code: [
        'lib/constructs/data/record-key-store.ts',
        'lib/gcp/constructs/record-keys.ts',
        'lib/verify/aws/record-key-store.ts',
        'lib/verify/gcp/record-keys.ts',
        'lib/stacks/tenant-stack.ts',
        'lib/constructs/keys/key-ring.ts',
        'lib/constructs/data/data-bucket.ts',
        'lib/config/tenant-rules.ts',
        'lib/offboarding/offboarding-plan.ts',
        'lib/gcp/constructs/lifecycle.ts',
      ],
    },
    tests: [
      'test/constructs/data/record-key-store.test.ts',
      'test/verify/aws-weakenings.test.ts',
      'test/verify/gcp/checks.test.ts',
      'test/config/tenant-rules.test.ts',
      'test/offboarding/offboarding-plan.test.ts',
      'test/stacks/tenant-stack.test.ts',
      'test/gcp/constructs.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      'A template shows where record keys may live and that no copy of a key store outlives the deadline; it cannot show that the ' +
        'application encrypts every record under a key kept only there, or deletes the key on erasure (the shared responsibility ' +
        'below). A record written without its own key is erased from the backups only when its longest tier expires.',
      'Copies made outside the templates can outlive the deadline and no template shows them: an AWS Organizations backup policy ' +
        'that selects the key store (it must exclude the `*-record-keys` tables), a DynamoDB on-demand backup or export to S3, a ' +
        'Firestore export or backup schedule created by hand.',
      'Deleting a DynamoDB table with point-in-time recovery on leaves a system backup of it for the recovery period. Deletion ' +
        "protection and the Retain policies keep a deploy from deleting a key store; a tenant's store is under the tenant's data key, " +
        'which offboarding deletes.',
      "A key store's short recovery window is the price of erasure: losing or corrupting it loses every record it keys, and a fault " +
        'noticed after the window cannot be undone from backups.',
    ],
    sharedResponsibility: [
      "The application encrypts each record it may have to erase (a database row's personal fields, each object or recording) with " +
        'a data key of that record alone (or of a period whose records are erased together), e.g. from KMS GenerateDataKey or 256 ' +
        "random bits, and keeps that key only in its stack's record key store (AWS: the DynamoDB table `<org>-<env>[-hipaa|-<tenant>]" +
        '-record-keys`, item key `recordId`; Google Cloud: the Firestore database `<prefix>-record-keys`): never beside the record, ' +
        'nor in logs, caches, messages, exports or any other store.',
      `To erase a record, the application deletes its key from the record key store within the erasure deadline minus the store's ` +
        `recovery window (${RECORD_KEY_STORE_RECOVERY_DAYS} days) of the request, and deletes the record from the live store; the ` +
        'backup tiers keep ciphertext that no surviving key opens.',
      "In the two US platform regions the application writes each key to both regions' key stores and deletes it from both: the " +
        "DR region's copies of the tiers can only be read with the key there.",
      'Restores go through the application, which reads each record key from the key store: a restored record whose key is gone ' +
        'stays unreadable, and must never be re-keyed from another copy.',
    ],
    exceptions: [
      {
        id: 'ERASURE-SHREDDING-IS-A-RUNBOOK',
        standing: true,
        covers: "Offboarding's crypto-shredding on AWS: deleting a tenant's keys once its grace period ends.",
        reason:
          "The templates show which keys hold every copy of a tenant's data and that every tier is within reach of their deletion; they " +
          'cannot show that the keys were deleted. Shredding is a runbook people execute (`npm run tenant:offboard` prints it and the ' +
          "evidence to keep; the deployment pipeline's offboarding stage signs it off after an approval naming the tenant, and runs " +
          'none of its commands), and its timeline is guarded by config validation, not by any deployed resource.',
      },
      {
        id: 'ERASURE-PHI-ACCESS-LOGS',
        covers: "The enclave's access-log bucket: S3 server access logs of the PHI bucket and the private load balancer's access logs.",
        reason:
          'Access to PHI is a HIPAA audit record (45 CFR 164.312(b)); these logs name the requester and the object read, so the enclave ' +
          'keeps them with its audit logs for the HIPAA retention instead of deleting them at the erasure deadline. They hold who ' +
          "accessed which object, never the object's content, and stay in the enclave account under TLS-only, non-public access.",
      },
    ],
  },
  {
    id: 'WORKSPACE-DELETION',
    title: "Each workspace's recordings are deleted on its own schedule, backups included",
    status: 'enforced',
    policy: [Q.jamSchedule, Q.jamScheduleByUs],
    numbers: (policy) => ({ mirroredOnTiers: policy.backupTiers.map((tier) => tier.name) }),
    appliesTo: { kinds: ['gcp-recordings'] },
    realisation: {
      summary:
        'Recordings of workspace `<id>` live under `workspaces/<id>/`; `gcp.workspaces` gives each its `deleteAfterDays`, and the ' +
        "recordings bucket has one Delete rule per distinct schedule, counted from upload. Transfer jobs keep each recording's creation " +
        "time as the copy's customTime, and the backup bucket deletes the copies at the same age in every tier.",
      code: ['lib/gcp/constructs/lifecycle.ts', 'lib/gcp/constructs/backup.ts', 'lib/gcp/stacks/recordings-stack.ts'],
    },
    tests: ['test/gcp/constructs.test.ts', 'test/gcp/policy-suite.test.ts', 'test/gcp/stacks.test.ts', 'test/gcp/config.test.ts'],
    limits: [
      'A schedule is a config entry: implementing a customer\'s schedule is a config change and a deploy, as the policy says ("contact us").',
      'Cloud Storage runs lifecycle rules asynchronously (up to a day), and soft delete and noncurrent-version retention add their days ' +
        "before the bytes are gone; the backup bucket's locked retention can hold a copy up to the shortest tier's age.",
      "The number of distinct schedules is bounded by Cloud Storage's lifecycle-rule limit (the config enforces it).",
      "A workspace's schedule deletes its recordings in Cloud Storage and every backup copy; it does not reach the metadata database. " +
        "Deleting the workspace's rows in Cloud SQL on the same schedule is the application's responsibility (a template cannot delete " +
        'rows), and rows the application deletes remain in the Backup and DR backups and point-in-time-recovery logs until each expires.',
    ],
  },
  {
    id: 'NO-LOSS',
    title: "No deployment ever destroys stored data (Rampart's own promise)",
    status: 'enforced',
    policy: [Q.soc2, Q.jamBackups],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Every stateful resource is retained on delete and on replacement under a logical id pinned to its construct id; stacks have ' +
        'termination protection; Aurora, load balancers and firewalls have deletion protection; vaults and log archives are locked. On ' +
        'Google Cloud key rings, keys, buckets, log buckets, Cloud SQL and backup vaults carry prevent_destroy, databases deletion ' +
        'protection, buckets soft delete and never force_destroy.',
      code: [
        'lib/constructs/pin-logical-id.ts',
        'lib/nag/stateful-types.ts',
        'lib/constructs/storage/secure-bucket.ts',
        'lib/constructs/backup/vault.ts',
        'lib/gcp/constructs/buckets.ts',
      ],
    },
    packRules: [
      'AwsSolutions-RDS10',
      'HIPAA.Security-RDSInstanceDeletionProtectionEnabled',
      'HIPAA.Security-ELBDeletionProtectionEnabled',
      'NIST.800.53.R5-ELBDeletionProtectionEnabled',
    ],
    tests: ['test/nag/rules/NoLoss.test.ts', 'test/constructs/keys/rampart-key.test.ts', 'test/gcp/policy-suite.test.ts'],
    limits: [
      'It guards against deployments, not against deletion by console or API; only the locked vaults, locked buckets and Object Lock ' +
        'resist that.',
      'Resources retained after leaving the app stay billed and must be cleaned up by hand (offboarding lists them).',
      'No sentence of the policies names it: it keeps their availability and backup promises from being undone by a refactor.',
    ],
  },
];
