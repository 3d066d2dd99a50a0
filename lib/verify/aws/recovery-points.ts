import { AURORA_DATA_KEY_COPY_DAYS } from '../../promises/catalog/encryption';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, Evidence, Json, StackArtifact } from '../types';
import { deleteAfter, planRules } from './data-lifecycle';
import { placedResources } from './assembly-index';
import { storeKey } from './store-keys';
import { asArray, isObject, referencedIds, referencedLogicalId, renderString, resources, type Resource } from './template';

/**
 * KEY-SEPARATE for recovery points: under which key each backup tier of each data store is really
 * kept, read from the plans, their copy actions and the vaults' keys (in this template and, for a
 * copy into another region, in the peer's template of the same assembly).
 *
 * What AWS Backup does, as its documentation states it:
 * - a recovery point of a type AWS Backup fully manages (S3, EFS, DynamoDB) is encrypted with the key
 *   of the vault it is written to; any other type (RDS and Aurora, EBS, ...) keeps the source's key;
 * - a copy is encrypted with the destination vault's key (documented for cross-Region and
 *   cross-account copies; for a same-Region copy Rampart relies on the same, which a first deploy
 *   confirms: README, "Backups and their keys").
 * So a tier of an Aurora cluster is kept under a separate key only as a copy; the recovery point the
 * backup job writes stays under the data key and may live no longer than the staging window of the
 * catalog exception KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES.
 */

const SHORT_LIVED_COPIES = 'KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES';

/** Types whose recovery points AWS Backup encrypts with the vault's key; every other type keeps the source's key. */
const VAULT_KEYED_TYPES = new Set(['AWS::S3::Bucket', 'AWS::EFS::FileSystem', 'AWS::DynamoDB::Table']);

/** The data stores whose key a recovery point keeps or replaces (store-keys.ts reads each one's key). */
const STORE_TYPES = ['AWS::S3::Bucket', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::EFS::FileSystem'] as const;

/** The key (logical id) each data store of a stack is encrypted under, by store. */
function storeKeysOf(stack: StackArtifact): Map<string, string | undefined> {
  return new Map(resources(stack, ...STORE_TYPES).map((r) => [r.id, referencedLogicalId(storeKey(r))]));
}

/** Keys (logical ids) that encrypt a data store of the stack. */
export function dataKeysOf(stack: StackArtifact): Set<string> {
  return new Set([...storeKeysOf(stack).values()].filter((k): k is string => k !== undefined));
}

/** One place a rule keeps a store's recovery points: a vault, for some days, under some key. */
interface Holding {
  /** `DatabaseStagingVault`, or `prod-us-west-2/platform BackupVault` for a vault of another stack. */
  readonly vault: string;
  readonly days: number | undefined;
  /** The key, as `<logical id>` (or `<stack> <logical id>`), or why it is unknown. */
  readonly key: string;
  /** The key encrypts no data store of the vault's stack (and is not the store's own key). */
  readonly separate: boolean;
}

interface VaultFound {
  readonly stack: StackArtifact;
  readonly vault: Resource;
}

/** The vault a `TargetBackupVault` (name) or `DestinationBackupVaultArn` (ARN) names: in this stack, or in another stack of the assembly. */
function findVault(context: CheckContext, value: Json | undefined): VaultFound | undefined {
  const { stack, assembly } = context;
  const id = referencedLogicalId(value);
  if (id !== undefined) {
    const vault = resources(stack, 'AWS::Backup::BackupVault').find((v) => v.id === id);
    return vault === undefined ? undefined : { stack, vault };
  }
  const text = renderString(stack, value);
  const arn = /^arn:[^:]+:backup:([^:]+):(\d{12}):backup-vault:(.+)$/.exec(text);
  const [region, account, name] = arn === null ? [stack.region, stack.account, text] : [arn[1], arn[2], arn[3]];
  const found = placedResources(assembly, 'AWS::Backup::BackupVault', { account, region }).find(
    ({ stack: candidate, resource: v }) => renderString(candidate, v.props.BackupVaultName) === name,
  );
  return found === undefined ? undefined : { stack: found.stack, vault: found.resource };
}

function vaultHolding(context: CheckContext, value: Json | undefined, days: number | undefined): Holding {
  const found = findVault(context, value);
  if (found === undefined) return { vault: renderString(context.stack, value), days, key: 'a vault not in this assembly', separate: false };
  const here = found.stack.id === context.stack.id;
  const vault = here ? found.vault.id : `${found.stack.id} ${found.vault.id}`;
  const key = referencedLogicalId(found.vault.props.EncryptionKeyArn);
  if (key === undefined) return { vault, days, key: 'no customer-managed key', separate: false };
  return { vault, days, key: here ? key : `${found.stack.id} ${key}`, separate: !dataKeysOf(found.stack).has(key) };
}

const days = (value: Json | undefined): number | undefined => (typeof value === 'number' ? value : undefined);

/** Every place a rule keeps the recovery points of `store`: the vault it writes to, then each copy. */
function holdings(context: CheckContext, rule: Record<string, Json>, store: Resource, storeKey: string | undefined): Holding[] {
  const own = vaultHolding(context, rule.TargetBackupVault, days(deleteAfter(rule)));
  // A type AWS Backup does not fully manage keeps the source's key in the vault the job writes to.
  const first = VAULT_KEYED_TYPES.has(store.type) ? own : { ...own, key: storeKey ?? 'its own key', separate: false };
  const copies = asArray(rule.CopyActions)
    .filter(isObject)
    .map((copy) => vaultHolding(context, copy.DestinationBackupVaultArn, days(deleteAfter(copy)) ?? days(deleteAfter(rule))));
  return [first, ...copies.map((c) => (storeKey !== undefined && c.key === storeKey ? { ...c, separate: false } : c))];
}

const describe = (h: Holding): string => `${h.vault} ${h.days ?? '?'} d under ${h.key}`;

const STAGING_DAYS = AURORA_DATA_KEY_COPY_DAYS.stagingDays;

const KEPT: EvidenceKind = {
  control: 'KEY-SEPARATE',
  kind: 'recovery-point-key',
  subject: 'backup tiers of data stores kept under a key separate from the data',
  expected:
    "the tier's longest-kept recovery points in a vault whose key encrypts no data store (S3, EFS, DynamoDB: the vault's key; Aurora and " +
    `other types: a copy, under the destination vault's key), and nothing under a data key longer than ${STAGING_DAYS} day`,
};
const STAGED: EvidenceKind = {
  control: 'KEY-SEPARATE',
  kind: 'staging-point-under-data-key',
  subject: "tiers' staging recovery points under the data key",
  expected: `none; accepted under ${SHORT_LIVED_COPIES}: kept at most ${STAGING_DAYS} day, until the copies exist`,
  exception: SHORT_LIVED_COPIES,
};
const AUTOMATED: EvidenceKind = {
  control: 'KEY-SEPARATE',
  kind: 'automated-backups-under-data-key',
  subject: "Aurora clusters' automated backups (under the cluster's key)",
  expected: `none; accepted under ${SHORT_LIVED_COPIES}: BackupRetentionPeriod at most ${AURORA_DATA_KEY_COPY_DAYS.automatedBackupDays} days`,
  exception: SHORT_LIVED_COPIES,
};

/** Each (selected store, plan rule): where the tier is kept, and what stays under the data key and how long. */
export function recoveryPointEvidence(context: CheckContext): Evidence[] {
  const { stack } = context;
  const keys = storeKeysOf(stack);
  const byId = new Map(resources(stack).map((r) => [r.id, r]));
  const evidence: Evidence[] = [];
  for (const selection of resources(stack, 'AWS::Backup::BackupSelection')) {
    const plan = byId.get(referencedLogicalId(selection.props.BackupPlanId) ?? '');
    if (plan === undefined) continue;
    const selected = asArray(isObject(selection.props.BackupSelection) ? selection.props.BackupSelection.Resources : undefined);
    const stores = selected.flatMap((s) => [...referencedIds(s)]).flatMap((id) => (keys.has(id) && byId.has(id) ? [byId.get(id)!] : []));
    for (const store of stores) {
      planRules(plan).forEach((rule, i) => {
        const place = { resource: plan.id, pointer: pointer('Resources', plan.id, 'Properties', 'BackupPlan', 'BackupPlanRule', i) };
        const held = holdings(context, rule, store, keys.get(store.id));
        const longest = Math.max(...held.map((h) => h.days ?? Infinity));
        const underData = held.filter((h) => !h.separate);
        const tooLong = underData.filter((h) => h.days === undefined || h.days > STAGING_DAYS);
        const kept = held.some((h) => h.separate && (h.days ?? Infinity) === longest);
        const value = `${store.id} ${String(rule.RuleName ?? i)}: ${held.map(describe).join('; ')}`;
        evidence.push(observe(context, KEPT, place, value, tooLong.length === 0 && kept, tooLong.length > 0 ? 'contradicted' : 'missing'));
        for (const h of underData.filter((u) => !tooLong.includes(u))) {
          evidence.push(observe(context, STAGED, place, `${store.id} ${String(rule.RuleName ?? i)}: ${describe(h)}`, false, 'contradicted'));
        }
      });
    }
  }
  for (const cluster of resources(stack, 'AWS::RDS::DBCluster')) {
    // CloudFormation's default is one day; Aurora cannot turn automated backups off.
    const period = typeof cluster.props.BackupRetentionPeriod === 'number' ? cluster.props.BackupRetentionPeriod : 1;
    const within = period <= AURORA_DATA_KEY_COPY_DAYS.automatedBackupDays;
    evidence.push(
      observe(
        context,
        within ? AUTOMATED : { ...AUTOMATED, exception: undefined },
        { resource: cluster.id, pointer: pointer('Resources', cluster.id, 'Properties', 'BackupRetentionPeriod') },
        { BackupRetentionPeriod: period, key: keys.get(cluster.id) ?? null },
        false,
        'contradicted',
      ),
    );
  }
  return evidence;
}
