import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, Evidence, Json, JsonObject, StackArtifact } from '../types';
import { placedResources, type Placed } from './assembly-index';
import { asArray, isObject, referencedIds, renderString, resources, type Resource } from './template';

/**
 * ERASURE of single records through a record key store: the table that holds each record's own
 * data key (lib/constructs/data/record-key-store.ts). The stores holding records keep tiers longer
 * than the erasure deadline; those tiers hold ciphertext, and a record is erased by deleting its key.
 * That holds only if no copy of the key store outlives the deadline, which is what is proven here,
 * from the templates of the whole assembly:
 *
 * - its point-in-time recovery window (every replica) is at most the deadline;
 * - no AWS Backup selection of its account and region reaches it: not by reference, name or ARN, not
 *   by a wildcard that matches its ARN, not by tags (a tag- or condition-based selection counts as
 *   reaching it unless its NotResources exclude the table);
 * - no stream, Kinesis destination or replica in another region copies its items elsewhere.
 */

/** A record key store is a DynamoDB table whose name ends with this (lib/plan names it). */
const RECORD_KEY_TABLE_SUFFIX = '-record-keys';
const TABLE_TYPES = ['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table'] as const;

const kinds = {
  recovery: {
    control: 'ERASURE',
    kind: 'record-key-store-recovery-within-deadline',
    subject: 'record key store tables (and replicas) whose point-in-time recovery keeps a deleted key no longer than the erasure deadline',
    expected: 'PointInTimeRecoveryEnabled true and RecoveryPeriodInDays <= the erasure deadline (absent means 35)',
  },
  noBackup: {
    control: 'ERASURE',
    kind: 'record-key-store-in-no-backup-selection',
    subject: 'record key stores that no AWS Backup selection of their account and region reaches',
    expected: 'no BackupSelection names the table, matches its ARN with a wildcard, or selects by tags or conditions without excluding it',
  },
  noCopies: {
    control: 'ERASURE',
    kind: 'record-key-store-no-lasting-copies',
    subject: 'record key stores without streams, Kinesis destinations or replicas outside their region',
    expected: 'no StreamSpecification, no KinesisStreamSpecification, every replica in the stack region',
  },
} satisfies Record<string, EvidenceKind>;

export function isRecordKeyStore(stack: StackArtifact, table: Resource): boolean {
  return (TABLE_TYPES as readonly string[]).includes(table.type) && renderString(stack, table.props.TableName).endsWith(RECORD_KEY_TABLE_SUFFIX);
}

export function recordKeyStores(stack: StackArtifact): Resource[] {
  return resources(stack, ...TABLE_TYPES).filter((t) => isRecordKeyStore(stack, t));
}

/** Each place the table keeps point-in-time recovery settings: the table itself, or each replica of a global table. */
function recoverySettings(table: Resource): { readonly path: readonly (string | number)[]; readonly spec: Json | undefined }[] {
  if (table.type === 'AWS::DynamoDB::Table')
    return [{ path: ['PointInTimeRecoverySpecification'], spec: table.props.PointInTimeRecoverySpecification }];
  const replicas = asArray(table.props.Replicas).filter(isObject);
  return replicas.map((r, i) => ({ path: ['Replicas', i, 'PointInTimeRecoverySpecification'], spec: r.PointInTimeRecoverySpecification }));
}

/** Days a deleted item stays restorable, or undefined when point-in-time recovery is off or unreadable. */
function recoverableDays(spec: Json | undefined): number | undefined {
  if (!isObject(spec) || spec.PointInTimeRecoveryEnabled !== true) return undefined;
  const days = spec.RecoveryPeriodInDays ?? 35; // DynamoDB's default window: not a policy number
  return typeof days === 'number' ? days : undefined;
}

/** The longest time any copy of the store keeps a deleted key, if every replica's window can be read. */
export function keyStoreRecoverableDays(table: Resource): number | undefined {
  const days = recoverySettings(table).map((s) => recoverableDays(s.spec));
  if (days.length === 0 || days.some((d) => d === undefined)) return undefined;
  return Math.max(...(days as number[]));
}

function recovery(context: CheckContext, table: Resource, deadline: number): Evidence[] {
  const settings = recoverySettings(table);
  const what = { ...kinds.recovery, expected: `${kinds.recovery.expected} (${deadline} days)` };
  if (settings.length === 0) {
    return [observe(context, what, { resource: table.id, pointer: pointer('Resources', table.id, 'Properties', 'Replicas') }, undefined, false)];
  }
  return settings.map(({ path, spec }) => {
    const days = recoverableDays(spec);
    const place = { resource: table.id, pointer: pointer('Resources', table.id, 'Properties', ...path) };
    return observe(context, what, place, spec ?? null, days !== undefined && days <= deadline, 'contradicted');
  });
}

/** `*` in an AWS Backup resource pattern matches any run of characters. */
function matchesPattern(pattern: string, arn: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(arn);
}

/** Why `selection` reaches the table (in `stack`, named `arn`), or undefined when it provably does not. */
function reaches(selectionStack: StackArtifact, selection: Resource, table: { stack: StackArtifact; id: string; arn: string }): string | undefined {
  const body = isObject(selection.props.BackupSelection) ? selection.props.BackupSelection : {};
  const sameStack = selectionStack.id === table.stack.id;
  const excluded = asArray(body.NotResources).some((r) => {
    const text = renderString(selectionStack, r);
    return matchesPattern(text, table.arn) || (sameStack && referencedIds(r).has(table.id));
  });
  for (const r of asArray(body.Resources)) {
    if (sameStack && referencedIds(r).has(table.id)) return 'names the table';
    const text = renderString(selectionStack, r);
    if (!excluded && matchesPattern(text, table.arn)) return `selects ${text}`;
    // A value the template does not resolve could be the table's ARN at deploy time: not provably elsewhere.
    if (!excluded && text.includes('${?}')) return `selects ${text}, which the template does not resolve`;
  }
  const tags = asArray(body.ListOfTags).length > 0;
  const conditions = isObject(body.Conditions) && Object.values(body.Conditions).some((c) => asArray(c).length > 0);
  if ((tags || conditions) && !excluded) return 'selects by tags or conditions without excluding the table in NotResources';
  return undefined;
}

/**
 * Which of an account and region's backup selections could reach a table: `reaches` is judged only on
 * those, so a thousand tenants' tables are not each held against a thousand tenants' selections. A
 * selection of another stack than the table's reaches it only through a resource value equal to the
 * table's ARN (`*` is the only pattern character), a wildcard or unresolved value, or tags or
 * conditions; every other selection provably does not.
 */
interface SelectionCandidates {
  readonly byText: Map<string, number[]>;
  readonly byStack: Map<string, number[]>;
  readonly broad: number[];
}

const candidatesOf = new WeakMap<readonly Placed[], SelectionCandidates>();

function selectionCandidates(selections: readonly Placed[]): SelectionCandidates {
  const known = candidatesOf.get(selections);
  if (known !== undefined) return known;
  const index: SelectionCandidates = { byText: new Map(), byStack: new Map(), broad: [] };
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [i]);
    else list.push(i);
  };
  selections.forEach(({ stack, resource }, i) => {
    add(index.byStack, stack.id, i);
    const body = isObject(resource.props.BackupSelection) ? resource.props.BackupSelection : {};
    const texts = asArray(body.Resources).map((r) => renderString(stack, r));
    const conditions = isObject(body.Conditions) && Object.values(body.Conditions).some((c) => asArray(c).length > 0);
    const byTags = asArray(body.ListOfTags).length > 0 || conditions;
    if (byTags || texts.some((t) => t.includes('*') || t.includes('${?}'))) index.broad.push(i);
    for (const text of new Set(texts)) add(index.byText, text, i);
  });
  candidatesOf.set(selections, index);
  return index;
}

function noBackupSelection(context: CheckContext, table: Resource): Evidence {
  const { stack, assembly } = context;
  const arn = `arn:aws:dynamodb:${stack.region}:${stack.account}:table/${renderString(stack, table.props.TableName)}`;
  const found: JsonObject[] = [];
  const selections = placedResources(assembly, 'AWS::Backup::BackupSelection', { account: stack.account, region: stack.region });
  const checked = selections.length;
  const { byText, byStack, broad } = selectionCandidates(selections);
  const candidates = new Set([...(byStack.get(stack.id) ?? []), ...(byText.get(arn) ?? []), ...broad]);
  for (const i of [...candidates].sort((a, b) => a - b)) {
    const { stack: other, resource: selection } = selections[i];
    const why = reaches(other, selection, { stack, id: table.id, arn });
    if (why !== undefined) found.push({ stack: other.id, selection: selection.id, why });
  }
  const place = { resource: table.id, pointer: pointer('Resources', table.id) };
  const counted = `${checked} backup selection${checked === 1 ? '' : 's'}`;
  const value: Json = found.length === 0 ? `none of the ${counted} in ${stack.account}/${stack.region} reaches ${arn}` : found;
  return observe(context, kinds.noBackup, place, value, found.length === 0, 'contradicted');
}

function noLastingCopies(context: CheckContext, table: Resource): Evidence {
  const { stack } = context;
  const problems: string[] = [];
  if (table.props.StreamSpecification !== undefined) problems.push('StreamSpecification');
  if (table.props.KinesisStreamSpecification !== undefined) problems.push('KinesisStreamSpecification');
  asArray(table.props.Replicas)
    .filter(isObject)
    .forEach((replica, i) => {
      const region = renderString(stack, replica.Region);
      if (region !== stack.region) problems.push(`Replicas[${i}].Region ${region}`);
      if (replica.KinesisStreamSpecification !== undefined) problems.push(`Replicas[${i}].KinesisStreamSpecification`);
    });
  const place = { resource: table.id, pointer: pointer('Resources', table.id, 'Properties') };
  return observe(context, kinds.noCopies, place, problems.length === 0 ? 'none' : problems, problems.length === 0, 'contradicted');
}

/** Every proof about every record key store of the stack. */
export function recordKeyStoreEvidence(context: CheckContext): Evidence[] {
  const deadline = context.metadata.policy.erasure.deadlineDays;
  return recordKeyStores(context.stack).flatMap((table) => [
    ...recovery(context, table, deadline),
    noBackupSelection(context, table),
    noLastingCopies(context, table),
  ]);
}
