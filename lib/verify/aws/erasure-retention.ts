import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json } from '../types';
import { accessLogDestinations, deleteAfter, keptDaysAnywhere, logDestinations, planRules } from './data-lifecycle';
import { storeKey } from './store-keys';
import { keyStoreRecoverableDays, recordKeyStoreEvidence, recordKeyStores } from './record-key-store';
import { asArray, isObject, referencedLogicalId, resources } from './template';

/** RETENTION and ERASURE (per-tenant crypto-shredding and the tiers a deleted record outlives), from CloudFormation templates. */

const kinds = {
  retention: {
    control: 'RETENTION',
    kind: 'bucket-expiry',
    subject: "tenant buckets expiring at the plan's retention",
    expected: 'an enabled lifecycle rule with ExpirationInDays = the retention days',
  },
  ownKey: {
    control: 'ERASURE',
    kind: 'tenant-store-under-tenant-key',
    subject: "tenant data stores under a key of the tenant's own stack (shredded by offboarding)",
    expected: 'the KMS key is a resource of the tenant stack',
  },
  window: {
    control: 'ERASURE',
    kind: 'key-deletion-within-deadline',
    subject: 'tenant keys whose deletion completes within the erasure deadline',
    expected: 'grace days + PendingWindowInDays <= the deadline',
  },
  noCopyOut: {
    control: 'ERASURE',
    kind: 'no-copy-out-of-tenant',
    subject: "tenant backup rules keeping every copy in the tenant's vaults",
    expected: "no CopyActions, or copies only into a vault of the tenant's stack under one of its keys (a silo database's tiers)",
  },
  accessLogs: {
    control: 'ERASURE',
    kind: 'access-logs-within-deadline',
    subject: "buckets of access logs (requester IPs, object keys, URLs of the customers' users) expiring within the erasure deadline",
    expected: 'an enabled lifecycle rule with ExpirationInDays <= the erasure deadline',
  },
  tierVsDeadline: {
    control: 'ERASURE',
    kind: 'tier-within-deadline',
    subject: 'backup tiers that a deleted record leaves, or whose copy of it becomes unreadable, within the erasure deadline',
    expected:
      "DeleteAfterDays of the rule and of every copy <= the erasure deadline, or the stack's record key store keeps a deleted record key " +
      'no longer than the deadline (the tier then holds ciphertext whose key is gone)',
  },
} satisfies Record<string, EvidenceKind>;

const retention: ControlCheck = (context) => {
  const days = context.metadata.tenant?.retentionDays;
  if (days === undefined) return [];
  return resources(context.stack, 'AWS::S3::Bucket').map((b) => {
    const rules = isObject(b.props.LifecycleConfiguration) ? asArray(b.props.LifecycleConfiguration.Rules).filter(isObject) : [];
    const expiry = rules.find((r) => r.Status === 'Enabled' && typeof r.ExpirationInDays === 'number');
    const place = { resource: b.id, pointer: pointer('Resources', b.id, 'Properties', 'LifecycleConfiguration') };
    return observe(
      context,
      { ...kinds.retention, expected: `${kinds.retention.expected} (${days})` },
      place,
      expiry?.ExpirationInDays,
      expiry?.ExpirationInDays === days,
    );
  });
};

/** The stack's record key store that erases a record's key within the deadline, with the days a deleted key stays restorable. */
function shreddingKeyStore(context: CheckContext): { readonly id: string; readonly days: number } | undefined {
  const { deadlineDays } = context.metadata.policy.erasure;
  const stores = recordKeyStores(context.stack).map((t) => ({ id: t.id, days: keyStoreRecoverableDays(t) }));
  const found = stores.find((s) => s.days !== undefined && s.days <= deadlineDays);
  return found === undefined ? undefined : { id: found.id, days: found.days as number };
}

function tierDeadline(context: CheckContext): Evidence[] {
  const { deadlineDays, includesBackups } = context.metadata.policy.erasure;
  if (!includesBackups) return [];
  const grace = context.metadata.tenant?.graceDays ?? 0;
  const keyStore = shreddingKeyStore(context);
  return resources(context.stack, 'AWS::Backup::BackupPlan').flatMap((plan) =>
    planRules(plan).map((rule, i) => {
      // A deleted record stays in the recovery point and in every copy of it until each expires,
      // readable unless its own data key, kept only in the record key store, is gone by then.
      const kept = keptDaysAnywhere(rule);
      const within = typeof kept === 'number' && grace + kept <= deadlineDays;
      const ok = within || (typeof kept === 'number' && keyStore !== undefined);
      const days: Json | undefined =
        within || keyStore === undefined || typeof kept !== 'number'
          ? kept
          : { keptDays: kept, recordKeyStore: keyStore.id, deletedKeyRestorableDays: keyStore.days };
      const copied = kept !== deleteAfter(rule);
      const place = {
        resource: plan.id,
        pointer: pointer(
          'Resources',
          plan.id,
          'Properties',
          'BackupPlan',
          'BackupPlanRule',
          i,
          ...(copied ? ['CopyActions'] : ['Lifecycle', 'DeleteAfterDays']),
        ),
      };
      return observe(
        context,
        { ...kinds.tierVsDeadline, expected: `${kinds.tierVsDeadline.expected} (${deadlineDays} days)` },
        place,
        days,
        ok,
        'contradicted',
      );
    }),
  );
}

/**
 * Stores whose key erasure deletes (store-keys.ts reads each one's key); a silo tenant's database:
 * its storage, snapshots and point-in-time backups are under its key.
 */
const KEYED_TYPES = [
  'AWS::S3::Bucket',
  'AWS::DynamoDB::GlobalTable',
  'AWS::DynamoDB::Table',
  'AWS::Logs::LogGroup',
  'AWS::Backup::BackupVault',
  'AWS::RDS::DBCluster',
] as const;

function accessLogDeadline(context: CheckContext): Evidence[] {
  const { deadlineDays } = context.metadata.policy.erasure;
  const destinations = accessLogDestinations(context);
  return resources(context.stack, 'AWS::S3::Bucket')
    .filter((b) => destinations.has(b.id))
    .map((bucket) => {
      const rules = isObject(bucket.props.LifecycleConfiguration) ? asArray(bucket.props.LifecycleConfiguration.Rules).filter(isObject) : [];
      const index = rules.findIndex((r) => r.Status === 'Enabled' && typeof r.ExpirationInDays === 'number');
      const days = index < 0 ? undefined : rules[index].ExpirationInDays;
      const where = index < 0 ? ['LifecycleConfiguration'] : ['LifecycleConfiguration', 'Rules', index, 'ExpirationInDays'];
      // The exception covers PHI access records only: a platform's access logs never pass under it.
      const phi = context.metadata.dataClasses.includes('phi');
      const what = {
        ...kinds.accessLogs,
        expected: `${kinds.accessLogs.expected} (${deadlineDays})`,
        ...(phi ? { exception: 'ERASURE-PHI-ACCESS-LOGS' } : {}),
      };
      return observe(
        context,
        what,
        { resource: bucket.id, pointer: pointer('Resources', bucket.id, 'Properties', ...where) },
        days,
        typeof days === 'number' && days <= deadlineDays,
      );
    });
}

const erasure: ControlCheck = (context) => {
  const { stack, metadata } = context;
  if (metadata.kind !== 'aws-tenant' || metadata.tenant === undefined) {
    return [...tierDeadline(context), ...recordKeyStoreEvidence(context), ...accessLogDeadline(context)];
  }
  const evidence: Evidence[] = [];
  const keys = new Set(resources(stack, 'AWS::KMS::Key').map((k) => k.id));
  const logs = logDestinations(context);
  for (const store of resources(stack, ...KEYED_TYPES).filter((r) => !logs.has(r.id))) {
    const key = storeKey(store) ?? null;
    const target = referencedLogicalId(key ?? undefined);
    evidence.push(
      observe(
        context,
        kinds.ownKey,
        { resource: store.id, pointer: pointer('Resources', store.id, 'Properties') },
        key ?? null,
        target !== undefined && keys.has(target),
        'contradicted',
      ),
    );
  }
  const { deadlineDays } = metadata.policy.erasure;
  for (const key of resources(stack, 'AWS::KMS::Key')) {
    const pending = typeof key.props.PendingWindowInDays === 'number' ? key.props.PendingWindowInDays : 30;
    const ok = metadata.tenant.graceDays + pending <= deadlineDays;
    const place = { resource: key.id, pointer: pointer('Resources', key.id, 'Properties', 'PendingWindowInDays') };
    evidence.push(observe(context, { ...kinds.window, expected: `${kinds.window.expected} (${deadlineDays})` }, place, pending, ok, 'contradicted'));
  }
  // A copy stays erasable only in a vault of this stack under one of its keys (deleted with them).
  const ownVaults = new Set(
    resources(stack, 'AWS::Backup::BackupVault')
      .filter((v) => keys.has(referencedLogicalId(v.props.EncryptionKeyArn) ?? ''))
      .map((v) => v.id),
  );
  const intoOwnVault = (copy: Json): boolean => isObject(copy) && ownVaults.has(referencedLogicalId(copy.DestinationBackupVaultArn) ?? '');
  for (const plan of resources(stack, 'AWS::Backup::BackupPlan')) {
    planRules(plan).forEach((rule, i) => {
      const copies = asArray(rule.CopyActions);
      const place = { resource: plan.id, pointer: pointer('Resources', plan.id, 'Properties', 'BackupPlan', 'BackupPlanRule', i, 'CopyActions') };
      evidence.push(observe(context, kinds.noCopyOut, place, copies.length === 0 ? 'none' : copies, copies.every(intoOwnVault), 'contradicted'));
    });
  }
  return [...evidence, ...tierDeadline(context), ...recordKeyStoreEvidence(context)];
};

export const ERASURE_RETENTION_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  RETENTION: [retention],
  ERASURE: [erasure],
};
