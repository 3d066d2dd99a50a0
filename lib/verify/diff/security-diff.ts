import type { ControlId } from '../../promises/control-ids';
import type { Assembly, Verification } from '../types';
import type { Acknowledgment } from './acknowledgments';
import { controlChanges, type ControlChange } from './control-changes';
import { statefulChanges, type StatefulChange } from './stateful-changes';

export { parseAcknowledgments, type Acknowledgment, type ParsedAcknowledgments } from './acknowledgments';

/**
 * The security diff of a pull request: the data a deploy would lose and the controls it would weaken,
 * between the target branch's build (base) and the pull request's (next). Each of those fails the
 * review unless an acknowledgment with a reason covers it; what got stronger is reported, never blocks.
 */

export interface SecurityDiffInput {
  readonly base: Assembly;
  readonly next: Assembly;
  readonly baseVerification: Verification;
  readonly nextVerification: Verification;
  readonly acknowledgments?: readonly Acknowledgment[];
}

/** One thing the review fails on: data loss on one resource, or one control weaker in one stack. */
export interface BlockingItem {
  readonly category: 'data-loss' | 'weakening';
  /**
   * Stack id; `*` for a control whose verdict fell with no observation and no change of scope to lay
   * it on (the catalog changed the control): any acknowledgment of that control covers it.
   */
  readonly stack: string;
  readonly resource?: string;
  readonly control?: ControlId;
  readonly summary: string;
}

export interface AcknowledgedItem extends BlockingItem {
  readonly reason: string;
}

export interface SecurityDiff {
  readonly stateful: readonly StatefulChange[];
  readonly controls: readonly ControlChange[];
  /** Unacknowledged data loss and weakenings: the review fails (non-zero exit) unless this is empty. */
  readonly blocking: readonly BlockingItem[];
  readonly acknowledged: readonly AcknowledgedItem[];
  /** Acknowledgments that match nothing in this diff: stale, or misspelled. Reported, never blocking. */
  readonly unusedAcknowledgments: readonly Acknowledgment[];
  readonly ok: boolean;
}

function dataLossItems(stateful: readonly StatefulChange[]): BlockingItem[] {
  const byResource = new Map<string, StatefulChange[]>();
  for (const c of stateful) {
    const key = JSON.stringify([c.stack, c.resource]);
    byResource.set(key, [...(byResource.get(key) ?? []), c]);
  }
  return [...byResource.values()].map((changes) => {
    const first = changes[0];
    const what = [...new Set(changes.map((c) => (c.property === undefined ? c.kind : `${c.kind} (${c.property})`)))].join(', ');
    return { category: 'data-loss', stack: first.stack, resource: first.resource, summary: `${first.type} ${what}` };
  });
}

/** The stacks a weaker control is laid at: where its observations got weaker, else where its scope changed. */
function weakenedStacks(change: ControlChange): string[] {
  const observed = [...new Set(change.evidence.filter((e) => e.direction === 'weaker').map((e) => e.stack))];
  if (observed.length > 0 || change.verdict.direction !== 'weaker') return observed;
  const [before, after] = [new Set(change.stacks.before), new Set(change.stacks.after)];
  const moved = [...before].filter((s) => !after.has(s)).concat([...after].filter((s) => !before.has(s)));
  return moved.length > 0 ? moved : ['*'];
}

function weakeningItems(controls: readonly ControlChange[]): BlockingItem[] {
  return controls.flatMap((change) =>
    weakenedStacks(change).map((stack): BlockingItem => {
      const weaker = change.evidence.filter((e) => e.direction === 'weaker' && e.stack === stack).length;
      const verdict =
        change.verdict.before === change.verdict.after ? `still ${change.verdict.after}` : `${change.verdict.before} -> ${change.verdict.after}`;
      const observations =
        weaker === 0 ? 'no weaker observation (scope or catalog changed)' : `${weaker} weaker observation${weaker === 1 ? '' : 's'}`;
      return { category: 'weakening', stack, control: change.control, summary: `${change.control} ${verdict}: ${observations}` };
    }),
  );
}

function covers(ack: Acknowledgment, item: BlockingItem): boolean {
  if (item.category === 'data-loss') return ack.control === undefined && ack.stack === item.stack && ack.resource === item.resource;
  return ack.resource === undefined && ack.control === item.control && (item.stack === '*' || ack.stack === item.stack);
}

export function securityDiff(input: SecurityDiffInput): SecurityDiff {
  const stateful = statefulChanges(input.base, input.next);
  const controls = controlChanges(input.baseVerification, input.nextVerification, input.next);
  const acknowledgments = input.acknowledgments ?? [];
  const used = new Set<Acknowledgment>();
  const blocking: BlockingItem[] = [];
  const acknowledged: AcknowledgedItem[] = [];
  for (const item of [...dataLossItems(stateful), ...weakeningItems(controls)]) {
    // A blank reason is no consent, whatever the caller parsed it from.
    const ack = acknowledgments.find((a) => a.reason.trim() !== '' && covers(a, item));
    if (ack === undefined) {
      blocking.push(item);
      continue;
    }
    used.add(ack);
    acknowledged.push({ ...item, reason: ack.reason });
  }
  return {
    stateful,
    controls,
    blocking,
    acknowledged,
    unusedAcknowledgments: acknowledgments.filter((a) => !used.has(a)),
    ok: blocking.length === 0,
  };
}
