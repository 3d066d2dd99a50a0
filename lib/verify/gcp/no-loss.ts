import { PREVENT_DESTROY_TERRAFORM_TYPES } from '../../nag/stateful-types';
import type { ControlId } from '../../promises/control-ids';
import { observe, type EvidenceKind } from '../evidence';
import type { ControlCheck, Evidence } from '../types';
import { at, durationSeconds, get, num, preventsDestroy, resources } from './terraform';

/** NO-LOSS on Google Cloud: nothing stateful can be destroyed by a deploy, and deleted objects stay restorable a while. */

const PREVENT_DESTROY: EvidenceKind = {
  control: 'NO-LOSS',
  kind: 'gcp-prevent-destroy',
  subject: 'stateful resources Terraform refuses to destroy',
  expected: `lifecycle.prevent_destroy is true on every ${PREVENT_DESTROY_TERRAFORM_TYPES.join(', ')}`,
};

const SQL_PROTECTION: EvidenceKind = {
  control: 'NO-LOSS',
  kind: 'gcp-sql-deletion-protection',
  subject: 'Cloud SQL instances with deletion protection',
  expected: 'deletion_protection (Terraform) and settings.deletion_protection_enabled (Cloud SQL) both true',
};

const DATABASE_ABANDON: EvidenceKind = {
  control: 'NO-LOSS',
  kind: 'gcp-sql-database-kept',
  subject: 'Cloud SQL databases kept when Terraform drops them',
  expected: 'deletion_policy ABANDON or lifecycle.prevent_destroy (the default DELETE drops the database)',
};

const FORCE_DESTROY: EvidenceKind = {
  control: 'NO-LOSS',
  kind: 'gcp-bucket-no-force-destroy',
  subject: 'buckets Terraform cannot empty on destroy',
  expected: 'force_destroy is not true (false is the default)',
};

const SOFT_DELETE: EvidenceKind = {
  control: 'NO-LOSS',
  kind: 'gcp-bucket-soft-delete',
  subject: 'buckets keeping deleted objects restorable',
  expected: 'soft_delete_policy.retention_duration_seconds set above 0',
};

const OVERWRITE: EvidenceKind = {
  control: 'NO-LOSS',
  kind: 'gcp-bucket-overwrite-protection',
  subject: 'buckets where an overwrite or delete is not final',
  expected: 'versioning.enabled true, or a locked retention_policy',
};

const VAULT: EvidenceKind = {
  control: 'NO-LOSS',
  kind: 'gcp-backup-vault-no-force-delete',
  subject: 'backup vaults that cannot be deleted with their backups',
  expected: 'force_delete is not true, and backup_minimum_enforced_retention_duration is set',
};

const noLoss: ControlCheck = (context) => {
  const { stack } = context;
  const evidence: Evidence[] = resources(stack, ...PREVENT_DESTROY_TERRAFORM_TYPES).map((r) =>
    observe(context, PREVENT_DESTROY, at(r, 'lifecycle', 'prevent_destroy'), get(r, 'lifecycle', 'prevent_destroy'), preventsDestroy(r)),
  );
  for (const sql of resources(stack, 'google_sql_database_instance')) {
    const terraform = get(sql, 'deletion_protection');
    const cloudSql = get(sql, 'settings', 'deletion_protection_enabled');
    const place = terraform === true ? at(sql, 'settings', 'deletion_protection_enabled') : at(sql, 'deletion_protection');
    evidence.push(observe(context, SQL_PROTECTION, place, terraform === true ? cloudSql : terraform, terraform === true && cloudSql === true));
  }
  for (const database of resources(stack, 'google_sql_database')) {
    const policy = get(database, 'deletion_policy');
    evidence.push(observe(context, DATABASE_ABANDON, at(database, 'deletion_policy'), policy, policy === 'ABANDON' || preventsDestroy(database)));
  }
  for (const bucket of resources(stack, 'google_storage_bucket')) {
    const force = get(bucket, 'force_destroy');
    evidence.push(observe(context, FORCE_DESTROY, at(bucket, 'force_destroy'), force, force !== true));
    const soft = get(bucket, 'soft_delete_policy', 'retention_duration_seconds');
    evidence.push(observe(context, SOFT_DELETE, at(bucket, 'soft_delete_policy', 'retention_duration_seconds'), soft, (num(soft) ?? 0) > 0));
    const versioned = get(bucket, 'versioning', 'enabled') === true;
    const locked = get(bucket, 'retention_policy', 'is_locked') === true;
    const place = versioned || !locked ? at(bucket, 'versioning', 'enabled') : at(bucket, 'retention_policy', 'is_locked');
    evidence.push(observe(context, OVERWRITE, place, versioned || !locked ? get(bucket, 'versioning', 'enabled') : true, versioned || locked));
  }
  for (const vault of resources(stack, 'google_backup_dr_backup_vault')) {
    const force = get(vault, 'force_delete');
    const enforced = durationSeconds(get(vault, 'backup_minimum_enforced_retention_duration'));
    evidence.push(observe(context, VAULT, at(vault, 'force_delete'), force, force !== true && enforced !== undefined && enforced > 0));
  }
  return evidence;
};

export const NO_LOSS_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'NO-LOSS': [noLoss] };
