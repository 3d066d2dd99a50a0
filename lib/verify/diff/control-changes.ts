import type { ControlId } from '../../promises/control-ids';
import type { Assembly, ControlResult, Evidence, Json, Outcome, Verdict, Verification } from '../types';
import { AWS_RULES } from './aws-stateful';
import { GCP_RULES } from './gcp-stateful';

/**
 * How each control's standing moved between two verifications: the verdict, and the observations
 * behind it, matched by (stack, resource, kind, pointer).
 *
 * Judgments made here:
 * - an excepted observation fails, only with the deployment's consent: holds -> excepted is weaker,
 *   excepted -> missing/contradicted is weaker too (the consent is gone); missing <-> contradicted is
 *   a different failure, neither weaker nor stronger;
 * - a new failing observation is weaker; a new holding one is not stronger (something new that keeps
 *   the promise does not make the promise stronger for what was already there);
 * - a holding observation that disappeared is weaker only when its kind has fewer holding observations
 *   than before AND what it was about is still built: "WAF: 3 of 3 -> 2 of 2" is lost coverage when a
 *   load balancer is still there but no longer judged, and no change when the load balancer went
 *   away (its removal is the stateful diff's business, not a weaker promise). "Still built" reads the
 *   next assembly when given, else whether next's evidence still names the resource;
 * - a failing observation that disappeared while its resource is still built is stronger, by the same rule.
 */

export type Direction = 'weaker' | 'stronger';

export interface EvidenceChange {
  readonly direction: Direction;
  readonly stack: string;
  readonly file: string;
  readonly resource?: string;
  readonly kind: string;
  readonly subject: string;
  readonly pointer: string;
  readonly expected: string;
  /** Outcomes in base and next; absent on the side where the observation is not made. */
  readonly before?: Outcome;
  readonly after?: Outcome;
  readonly valueBefore?: Json;
  readonly valueAfter?: Json;
  /** Why it counts, in words. */
  readonly why: string;
}

export interface CountChange {
  readonly kind: string;
  readonly subject: string;
  readonly before: { readonly holding: number; readonly total: number };
  readonly after: { readonly holding: number; readonly total: number };
}

export interface ControlChange {
  readonly control: ControlId;
  readonly title: string;
  readonly direction: Direction | 'mixed';
  readonly verdict: { readonly before: Verdict; readonly after: Verdict; readonly direction?: Direction };
  /** Stacks in the control's scope on each side (a weaker verdict with no weaker observation is laid at their difference). */
  readonly stacks: { readonly before: readonly string[]; readonly after: readonly string[] };
  readonly evidence: readonly EvidenceChange[];
  /** Counts per kind of evidence that differ (recomputed from the evidence, so they agree with it). */
  readonly counts: readonly CountChange[];
}

const VERDICT_RANK: Readonly<Record<Verdict, number>> = {
  holds: 4,
  partial: 3,
  'not-applicable': 2,
  'not-verified': 2,
  missing: 1,
  contradicted: 0,
};

const OUTCOME_RANK: Readonly<Record<Outcome, number>> = { holds: 2, excepted: 1, missing: 0, contradicted: 0 };

const directionOf = (before: number, after: number): Direction | undefined => (after < before ? 'weaker' : after > before ? 'stronger' : undefined);

/** Observation keys, numbered when one place is observed more than once so that each pairs with its counterpart. */
function keyed(evidence: readonly Evidence[]): Map<string, Evidence> {
  const found = new Map<string, Evidence>();
  for (const e of evidence) {
    const key = JSON.stringify([e.stack, e.resource ?? '', e.kind, e.pointer]);
    let n = 0;
    while (found.has(`${key}#${n}`)) n += 1;
    found.set(`${key}#${n}`, e);
  }
  return found;
}

function countsOf(evidence: readonly Evidence[]): Map<string, { subject: string; holding: number; total: number }> {
  const counts = new Map<string, { subject: string; holding: number; total: number }>();
  for (const e of evidence) {
    const c = counts.get(e.kind) ?? { subject: e.subject, holding: 0, total: 0 };
    c.total += 1;
    if (e.outcome === 'holds') c.holding += 1;
    counts.set(e.kind, c);
  }
  return counts;
}

type StillBuilt = (stack: string, resource: string | undefined) => boolean;

function stillBuiltIn(next: Verification, assembly: Assembly | undefined): StillBuilt {
  if (assembly !== undefined) {
    return (stackId, resource) => {
      const stack = assembly.stacks.find((s) => s.id === stackId);
      if (stack === undefined) return false;
      return resource === undefined || (stack.cloud === 'aws' ? AWS_RULES : GCP_RULES).resource(stack, resource) !== undefined;
    };
  }
  const named = new Set(next.controls.flatMap((c) => c.evidence.map((e) => JSON.stringify([e.stack, e.resource ?? '']))));
  const stacks = new Set(next.controls.flatMap((c) => [...c.stacks, ...c.evidence.map((e) => e.stack)]));
  return (stack, resource) => (resource === undefined ? stacks.has(stack) : named.has(JSON.stringify([stack, resource])));
}

function evidenceChange(e: Evidence, direction: Direction, why: string, side: { before?: Evidence; after?: Evidence }): EvidenceChange {
  return {
    direction,
    stack: e.stack,
    file: e.file,
    ...(e.resource === undefined ? {} : { resource: e.resource }),
    kind: e.kind,
    subject: e.subject,
    pointer: e.pointer,
    expected: e.expected,
    ...(side.before === undefined ? {} : { before: side.before.outcome }),
    ...(side.after === undefined ? {} : { after: side.after.outcome }),
    ...(side.before?.value === undefined ? {} : { valueBefore: side.before.value }),
    ...(side.after?.value === undefined ? {} : { valueAfter: side.after.value }),
    why,
  };
}

function evidenceChanges(before: readonly Evidence[], after: readonly Evidence[], stillBuilt: StillBuilt): EvidenceChange[] {
  const [was, is] = [keyed(before), keyed(after)];
  const [countsBefore, countsAfter] = [countsOf(before), countsOf(after)];
  const found: EvidenceChange[] = [];
  for (const [key, b] of was) {
    const a = is.get(key);
    if (a !== undefined) {
      const direction = directionOf(OUTCOME_RANK[b.outcome], OUTCOME_RANK[a.outcome]);
      if (direction !== undefined) found.push(evidenceChange(a, direction, `${b.outcome} -> ${a.outcome}`, { before: b, after: a }));
      continue;
    }
    if (!stillBuilt(b.stack, b.resource)) continue;
    const [c0, c1] = [countsBefore.get(b.kind), countsAfter.get(b.kind)];
    const what = b.resource ?? `stack ${b.stack}`;
    if (b.outcome === 'holds' && (c1?.holding ?? 0) < (c0?.holding ?? 0)) {
      found.push(evidenceChange(b, 'weaker', `no longer observed holding, though ${what} is still built`, { before: b }));
    }
    const failing = (c: { holding: number; total: number } | undefined): number => (c === undefined ? 0 : c.total - c.holding);
    if (b.outcome !== 'holds' && failing(c1) < failing(c0)) {
      found.push(evidenceChange(b, 'stronger', `no longer observed failing, and ${what} is still built`, { before: b }));
    }
  }
  for (const [key, a] of is) {
    if (!was.has(key) && a.outcome !== 'holds') found.push(evidenceChange(a, 'weaker', `new observation: ${a.outcome}`, { after: a }));
  }
  return found;
}

function countChanges(before: readonly Evidence[], after: readonly Evidence[]): CountChange[] {
  const [was, is] = [countsOf(before), countsOf(after)];
  const none = { subject: '', holding: 0, total: 0 };
  return [...new Set([...was.keys(), ...is.keys()])].flatMap((kind): CountChange[] => {
    const [b, a] = [was.get(kind) ?? none, is.get(kind) ?? none];
    if (b.holding === a.holding && b.total === a.total) return [];
    return [{ kind, subject: a.subject || b.subject, before: { holding: b.holding, total: b.total }, after: { holding: a.holding, total: a.total } }];
  });
}

/** A control one side does not list (added to or dropped from the catalog) is neutral there: not verified, no evidence. */
function absentControl(present: ControlResult): ControlResult {
  return { ...present, verdict: 'not-verified', stacks: [], counts: [], evidence: [], exceptions: [] };
}

/** Per control, what became weaker or stronger from `base` to `next`; controls without a change are left out. */
export function controlChanges(base: Verification, next: Verification, nextAssembly?: Assembly): ControlChange[] {
  const stillBuilt = stillBuiltIn(next, nextAssembly);
  const ids = [...new Set([...base.controls.map((c) => c.control), ...next.controls.map((c) => c.control)])];
  return ids.flatMap((id): ControlChange[] => {
    const found = [base.controls.find((c) => c.control === id), next.controls.find((c) => c.control === id)];
    const b = found[0] ?? absentControl(found[1] as ControlResult);
    const a = found[1] ?? absentControl(b);
    const verdictDirection = directionOf(VERDICT_RANK[b.verdict], VERDICT_RANK[a.verdict]);
    const evidence = evidenceChanges(b.evidence, a.evidence, stillBuilt);
    if (verdictDirection === undefined && evidence.length === 0) return [];
    const weaker = verdictDirection === 'weaker' || evidence.some((e) => e.direction === 'weaker');
    const stronger = verdictDirection === 'stronger' || evidence.some((e) => e.direction === 'stronger');
    return [
      {
        control: id,
        title: a.title || b.title,
        direction: weaker && stronger ? 'mixed' : weaker ? 'weaker' : 'stronger',
        verdict: { before: b.verdict, after: a.verdict, ...(verdictDirection === undefined ? {} : { direction: verdictDirection }) },
        stacks: { before: b.stacks, after: a.stacks },
        evidence,
        counts: countChanges(b.evidence, a.evidence),
      },
    ];
  });
}
