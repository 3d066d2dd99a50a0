import { observe, type EvidenceKind } from '../evidence';
import type { CheckContext, Evidence, Json } from '../types';
import { at, durationSeconds, get, referenced, resources, str, DAY_SECONDS, type TfResource } from './terraform';

/**
 * ERASURE of single records on Google Cloud through a record key store: the Firestore database that
 * holds each record's own data key (lib/gcp/constructs/record-keys.ts). The recordings bucket and
 * Cloud SQL keep tiers longer than the deadline; those hold ciphertext whose key the application
 * deletes here. Proven from the stack's cdk.tf.json: the database keeps a deleted key no longer than
 * the deadline (point-in-time recovery: seven days, fixed by Firestore), it sits in the stack's region
 * under a CMEK key of the stack, and no backup schedule or Backup and DR plan keeps a copy longer.
 */

/** A record key store is a Firestore database whose id ends with this (lib/gcp/constructs/record-keys.ts names it). */
const RECORD_KEY_DATABASE_SUFFIX = '-record-keys';
/** Firestore's point-in-time recovery window when enabled (fixed by the service; one hour when disabled). */
const FIRESTORE_PITR_DAYS = 7;

const RECOVERY: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-record-key-store-recovery-within-deadline',
  subject: 'record key stores (Firestore) whose point-in-time recovery keeps a deleted key no longer than the deadline',
  expected: `point_in_time_recovery_enablement POINT_IN_TIME_RECOVERY_ENABLED (${FIRESTORE_PITR_DAYS} days) within policy.erasure.deadlineDays`,
};

const IN_REGION: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-record-key-store-in-region',
  subject: "record key stores in the stack's region (an EU stack's keys stay in the EU)",
  expected: "location_id is the stack's region",
};

const UNDER_CMEK: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-record-key-store-under-cmek',
  subject: 'record key stores under a CMEK key of the stack',
  expected: 'cmek_config.kms_key_name refers to a google_kms_crypto_key of the stack',
};

const NO_BACKUP: EvidenceKind = {
  control: 'ERASURE',
  kind: 'gcp-record-key-store-no-backup-beyond-deadline',
  subject: 'record key stores no backup schedule or Backup and DR plan keeps longer than the deadline',
  expected: 'every google_firestore_backup_schedule of the database retains at most policy.erasure.deadlineDays; no Backup and DR association',
};

function recordKeyDatabases(context: CheckContext): TfResource[] {
  return resources(context.stack, 'google_firestore_database').filter((db) => (str(get(db, 'name')) ?? '').endsWith(RECORD_KEY_DATABASE_SUFFIX));
}

/** Days a deleted key stays restorable in the database, or undefined when point-in-time recovery is off (unrecoverable store). */
function recordKeyRecoverableDays(db: TfResource): number | undefined {
  return get(db, 'point_in_time_recovery_enablement') === 'POINT_IN_TIME_RECOVERY_ENABLED' ? FIRESTORE_PITR_DAYS : undefined;
}

/** Whether `value` refers to the database (a Terraform reference) or names it (its id or full name). */
function namesDatabase(context: CheckContext, value: Json | undefined, db: TfResource): boolean {
  if (referenced(context.stack, value).some((r) => r.address === db.address)) return true;
  const name = str(get(db, 'name'));
  const text = str(value);
  return name !== undefined && text !== undefined && (text === name || text.endsWith(`/databases/${name}`));
}

/** One observation per backup schedule or Backup and DR association of the database, or one on the database when it has none. */
function backupEvidence(context: CheckContext, db: TfResource, deadline: number): Evidence[] {
  const what = { ...NO_BACKUP, expected: `${NO_BACKUP.expected}: ${deadline} days` };
  const evidence: Evidence[] = [];
  for (const schedule of resources(context.stack, 'google_firestore_backup_schedule').filter((s) => namesDatabase(context, get(s, 'database'), db))) {
    const retention = get(schedule, 'retention');
    const seconds = durationSeconds(retention);
    evidence.push(
      observe(context, what, at(schedule, 'retention'), retention, seconds !== undefined && seconds <= deadline * DAY_SECONDS, 'contradicted'),
    );
  }
  for (const association of resources(context.stack, 'google_backup_dr_backup_plan_association')) {
    if (namesDatabase(context, get(association, 'resource'), db)) {
      evidence.push(observe(context, what, at(association, 'resource'), get(association, 'resource'), false, 'contradicted'));
    }
  }
  // None at all: the database itself is the evidence (its name, as the template holds it).
  return evidence.length > 0 ? evidence : [observe(context, what, at(db, 'name'), get(db, 'name'), true)];
}

/** Every proof about every record key store of the stack. */
export function recordKeyStoreEvidence(context: CheckContext): Evidence[] {
  const deadline = context.metadata.policy.erasure.deadlineDays;
  return recordKeyDatabases(context).flatMap((db) => {
    const days = recordKeyRecoverableDays(db);
    const recovery = observe(
      context,
      { ...RECOVERY, expected: `${RECOVERY.expected}: ${deadline} days` },
      at(db, 'point_in_time_recovery_enablement'),
      get(db, 'point_in_time_recovery_enablement'),
      days !== undefined && days <= deadline,
      'contradicted',
    );
    const location = get(db, 'location_id');
    const inRegion = observe(
      context,
      { ...IN_REGION, expected: `${IN_REGION.expected} (${context.stack.region})` },
      at(db, 'location_id'),
      location,
      location === context.stack.region,
    );
    const keyName = get(db, 'cmek_config', 'kms_key_name');
    const key = referenced(context.stack, keyName).find((r) => r.type === 'google_kms_crypto_key');
    const underCmek = observe(context, UNDER_CMEK, at(db, 'cmek_config', 'kms_key_name'), keyName, key !== undefined);
    return [recovery, inRegion, underCmek, ...backupEvidence(context, db, deadline)];
  });
}

/** The stack's record key store that erases a record's key within the deadline, with its window. */
export function shreddingKeyDatabase(context: CheckContext): { readonly address: string; readonly days: number } | undefined {
  const deadline = context.metadata.policy.erasure.deadlineDays;
  for (const db of recordKeyDatabases(context)) {
    const days = recordKeyRecoverableDays(db);
    if (days !== undefined && days <= deadline) return { address: db.address, days };
  }
  return undefined;
}
