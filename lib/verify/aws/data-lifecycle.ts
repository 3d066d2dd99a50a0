import { STATEFUL_RESOURCE_TYPES } from '../../nag/stateful-types';
import type { ControlId } from '../../promises/control-ids';
import type { BackupCadence, BackupTierPolicy } from '../../promises/policy-numbers';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, JsonObject } from '../types';
import { isRecordKeyStore } from './record-key-store';
import { asArray, isObject, referencedIds, renderString, resources, statements, type Resource } from './template';

/** BACKUP-TIERS and NO-LOSS, read from CloudFormation templates. */

const kinds = {
  tier: {
    control: 'BACKUP-TIERS',
    kind: 'plan-tier',
    subject: 'published tiers present in each backup plan',
    expected: "a rule per tier with its cadence, keeping the tier its days in the region (DeleteAfterDays, or a copy into the region's vault)",
  },
  extraRule: {
    control: 'BACKUP-TIERS',
    kind: 'plan-only-published-tiers',
    subject: 'backup plan rules that are published tiers',
    expected: 'no rule beyond the tiers',
  },
  selected: {
    control: 'BACKUP-TIERS',
    kind: 'store-selected',
    subject: 'data stores selected by a backup plan',
    expected: 'the bucket or database in a BackupSelection',
  },
  lock: {
    control: 'BACKUP-TIERS',
    kind: 'vault-locked',
    subject: 'backup vaults under a vault lock that deny recovery-point deletion',
    expected: 'LockConfiguration and an AccessPolicy denying backup:DeleteRecoveryPoint to *',
  },
  copy: {
    control: 'BACKUP-TIERS',
    kind: 'tier-copied-to-peer',
    subject: 'tiers copied to the peer region vault',
    expected: "a CopyActions destination in the peer region, kept the tier's days",
  },
  retained: {
    control: 'NO-LOSS',
    kind: 'stateful-retained',
    subject: 'stateful resources retained on delete and on replacement',
    expected: 'DeletionPolicy and UpdateReplacePolicy Retain (or RetainExceptOnCreate)',
  },
  protection: {
    control: 'NO-LOSS',
    kind: 'deletion-protection',
    subject: 'database clusters with deletion protection',
    expected: 'DeletionProtection: true',
  },
} satisfies Record<string, EvidenceKind>;

const CADENCE: Readonly<Record<BackupCadence, RegExp>> = {
  hour: /^cron\(\d+ \* \* \* \? \*\)$/,
  day: /^cron\(\d+ \d+ \* \* \? \*\)$/,
  week: /^cron\(\d+ \d+ \? \* (SUN|MON|TUE|WED|THU|FRI|SAT|\d) \*\)$/,
  month: /^cron\(\d+ \d+ \d+ \* \? \*\)$/,
};

export function planRules(plan: Resource): JsonObject[] {
  const body = isObject(plan.props.BackupPlan) ? plan.props.BackupPlan : {};
  return asArray(body.BackupPlanRule).filter(isObject);
}

export const deleteAfter = (rule: JsonObject): Json | undefined => (isObject(rule.Lifecycle) ? rule.Lifecycle.DeleteAfterDays : undefined);

const copiesOf = (rule: JsonObject): JsonObject[] => asArray(rule.CopyActions).filter(isObject);

/**
 * How long a rule keeps its tier in the stack's region: its own DeleteAfterDays, or longer where it
 * copies into a vault of the same region (a staged rule keeps its recovery point a day in a staging
 * vault and the tier as that copy). Undefined when a retention is not a number.
 */
export function keptDaysInRegion(context: CheckContext, rule: JsonObject): number | undefined {
  const inRegion = copiesOf(rule).filter((c) => {
    const arn = renderString(context.stack, c.DestinationBackupVaultArn);
    return !arn.startsWith('arn:') || arn.split(':')[3] === context.stack.region;
  });
  const all = [deleteAfter(rule), ...inRegion.map((c) => deleteAfter(c) ?? deleteAfter(rule))];
  return all.every((d): d is number => typeof d === 'number') ? Math.max(...all) : undefined;
}

/** How long a rule keeps any copy of its tier anywhere: its own DeleteAfterDays and every copy's (ERASURE). */
export function keptDaysAnywhere(rule: JsonObject): number | undefined {
  const all = [deleteAfter(rule), ...copiesOf(rule).map((c) => deleteAfter(c) ?? deleteAfter(rule))];
  return all.every((d): d is number => typeof d === 'number') ? Math.max(...all) : undefined;
}

function tierEvidence(context: CheckContext, plan: Resource, tiers: readonly BackupTierPolicy[]): Evidence[] {
  const rules = planRules(plan);
  const peer =
    context.metadata.backupCopies !== undefined && 'peerRegion' in context.metadata.backupCopies
      ? context.metadata.backupCopies.peerRegion
      : undefined;
  const evidence = tiers.flatMap((tier) => {
    const index = rules.findIndex((r) => r.RuleName === tier.name);
    const rule = rules[index];
    const at = {
      resource: plan.id,
      pointer: pointer('Resources', plan.id, 'Properties', 'BackupPlan', 'BackupPlanRule', ...(index >= 0 ? [index] : [])),
    };
    const expected = `${kinds.tier.expected}: ${tier.name} every ${tier.every}, ${tier.keepDays} days`;
    if (rule === undefined) return [observe(context, { ...kinds.tier, expected }, at, undefined, false)];
    const schedule = renderString(context.stack, rule.ScheduleExpression);
    const kept = keptDaysInRegion(context, rule);
    const value = { schedule, DeleteAfterDays: deleteAfter(rule) ?? null, ...(kept === deleteAfter(rule) ? {} : { keptAsCopyDays: kept ?? null }) };
    const found = [
      observe(context, { ...kinds.tier, expected }, at, value, CADENCE[tier.every].test(schedule) && kept === tier.keepDays, 'contradicted'),
    ];
    if (peer !== undefined) {
      const copy = copiesOf(rule).find((c) => renderString(context.stack, c.DestinationBackupVaultArn).startsWith(`arn:aws:backup:${peer}:`));
      const kept = copy !== undefined && deleteAfter(copy) === tier.keepDays;
      found.push(
        observe(
          context,
          { ...kinds.copy, expected: `${kinds.copy.expected} (${peer})` },
          at,
          copy ? renderString(context.stack, copy.DestinationBackupVaultArn) : undefined,
          kept,
        ),
      );
    }
    return found;
  });
  rules.forEach((rule, i) => {
    if (!tiers.some((t) => t.name === rule.RuleName)) {
      evidence.push(
        observe(
          context,
          kinds.extraRule,
          { resource: plan.id, pointer: pointer('Resources', plan.id, 'Properties', 'BackupPlan', 'BackupPlanRule', i) },
          rule.RuleName ?? null,
          false,
          'contradicted',
        ),
      );
    }
  });
  return evidence;
}

/** Buckets receiving S3 server access logs or load-balancer access logs: requesters, object keys, URLs. */
export function accessLogDestinations(context: CheckContext): Set<string> {
  const ids = new Set<string>();
  for (const b of resources(context.stack, 'AWS::S3::Bucket')) {
    const logging = b.props.LoggingConfiguration;
    if (isObject(logging)) referencedIds(logging.DestinationBucketName).forEach((id) => ids.add(id));
  }
  for (const lb of resources(context.stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer'))
    referencedIds(lb.props.LoadBalancerAttributes).forEach((id) => ids.add(id));
  return ids;
}

/** Buckets that receive logs (trail, access logs, load-balancer logs): not customer data stores. */
export function logDestinations(context: CheckContext): Set<string> {
  const ids = accessLogDestinations(context);
  for (const t of resources(context.stack, 'AWS::CloudTrail::Trail')) referencedIds(t.props.S3BucketName).forEach((id) => ids.add(id));
  for (const f of resources(context.stack, 'AWS::EC2::FlowLog')) referencedIds(f.props.LogDestination).forEach((id) => ids.add(id));
  for (const c of resources(context.stack, 'AWS::Config::DeliveryChannel')) referencedIds(c.props.S3BucketName).forEach((id) => ids.add(id));
  for (const l of resources(context.stack, 'AWS::NetworkFirewall::LoggingConfiguration'))
    referencedIds(l.props.LoggingConfiguration).forEach((id) => ids.add(id));
  return ids;
}

/**
 * Stores of customer data that the tiers must protect. Not the log destinations, and not a record
 * key store: its copies must never outlive the erasure deadline (ERASURE proves it is in no plan).
 */
export function dataStores(context: CheckContext): Resource[] {
  const logs = logDestinations(context);
  return resources(
    context.stack,
    'AWS::S3::Bucket',
    'AWS::RDS::DBCluster',
    'AWS::DynamoDB::Table',
    'AWS::DynamoDB::GlobalTable',
    'AWS::EFS::FileSystem',
  ).filter((r) => !logs.has(r.id) && !isRecordKeyStore(context.stack, r));
}

const backupTiers: ControlCheck = (context) => {
  const { stack, metadata } = context;
  const plans = resources(stack, 'AWS::Backup::BackupPlan');
  const evidence: Evidence[] = plans.flatMap((plan) => tierEvidence(context, plan, metadata.policy.backupTiers));
  if (plans.length === 0) evidence.push(observe(context, kinds.tier, { pointer: pointer('Resources') }, undefined, false));
  const selected = new Set(resources(stack, 'AWS::Backup::BackupSelection').flatMap((s) => [...referencedIds(s.props.BackupSelection)]));
  for (const store of dataStores(context)) {
    evidence.push(
      observe(
        context,
        kinds.selected,
        { resource: store.id, pointer: pointer('Resources', store.id) },
        selected.has(store.id) ? 'selected' : undefined,
        selected.has(store.id),
      ),
    );
  }
  for (const vault of resources(stack, 'AWS::Backup::BackupVault')) {
    const denies = statements(vault.props.AccessPolicy).some(
      (s) => s.Effect === 'Deny' && asArray(s.Action).includes('backup:DeleteRecoveryPoint') && JSON.stringify(s.Principal ?? '').includes('*'),
    );
    const ok = isObject(vault.props.LockConfiguration) && denies;
    const value = { LockConfiguration: vault.props.LockConfiguration ?? null, deniesDeletion: denies };
    evidence.push(
      observe(context, kinds.lock, { resource: vault.id, pointer: pointer('Resources', vault.id, 'Properties') }, value, ok, 'contradicted'),
    );
  }
  return evidence;
};

const RETAINED = new Set(['Retain', 'RetainExceptOnCreate']);

const noLoss: ControlCheck = (context) => {
  const stateful = resources(context.stack).filter((r) => STATEFUL_RESOURCE_TYPES.has(r.type));
  const retained = stateful.map((r) => {
    const value = { DeletionPolicy: r.body.DeletionPolicy ?? null, UpdateReplacePolicy: r.body.UpdateReplacePolicy ?? null };
    const ok = RETAINED.has(String(r.body.DeletionPolicy)) && r.body.UpdateReplacePolicy === 'Retain';
    return observe(context, kinds.retained, { resource: r.id, pointer: pointer('Resources', r.id, 'DeletionPolicy') }, value, ok, 'contradicted');
  });
  const protectedDbs = resources(context.stack, 'AWS::RDS::DBCluster').map((db) =>
    observe(
      context,
      kinds.protection,
      { resource: db.id, pointer: pointer('Resources', db.id, 'Properties', 'DeletionProtection') },
      db.props.DeletionProtection,
      db.props.DeletionProtection === true,
    ),
  );
  return [...retained, ...protectedDbs];
};

export const DATA_LIFECYCLE_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'BACKUP-TIERS': [backupTiers],
  'NO-LOSS': [noLoss],
};
