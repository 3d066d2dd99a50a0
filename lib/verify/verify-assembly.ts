import { CATALOG } from '../promises/catalog';
import type { ControlEntry } from '../promises/types';
import type { StackMetadata } from '../plan/stack-metadata';
import { AWS_CHECKS } from './aws';
import { GCP_CHECKS } from './gcp';
import type { Assembly, ControlCheck, ControlResult, Evidence, EvidenceCount, InForceException, StackArtifact, Verdict, Verification } from './types';

/**
 * The evidence verifier: for every control of the catalog and every stack in its scope, collect the
 * evidence from the synthesized templates and give a verdict. Scope comes from each stack's kind and
 * data classes (its `Metadata.Rampart`) and the catalog, never from a list the stack carries.
 */

function inScope(entry: ControlEntry, metadata: StackMetadata): boolean {
  return entry.appliesTo.kinds.includes(metadata.kind) && (entry.appliesTo.only === undefined || metadata.dataClasses.includes(entry.appliesTo.only));
}

function checksFor(entry: ControlEntry, stack: StackArtifact): readonly ControlCheck[] {
  return (stack.cloud === 'aws' ? AWS_CHECKS : GCP_CHECKS)[entry.id] ?? [];
}

/** A failing observation becomes `excepted` only when the catalog has the exception and this stack's deployment accepted it. */
function applyException(entry: ControlEntry, metadata: StackMetadata, evidence: Evidence): Evidence {
  if (evidence.outcome === 'holds' || evidence.exception === undefined) return evidence;
  const known = (entry.exceptions ?? []).some((e) => e.id === evidence.exception);
  if (!known || !metadata.acceptedExceptions.includes(evidence.exception)) return evidence;
  return { ...evidence, outcome: 'excepted' };
}

function counts(evidence: readonly Evidence[]): EvidenceCount[] {
  const byKind = new Map<string, { subject: string; holding: number; total: number }>();
  for (const e of evidence) {
    const c = byKind.get(e.kind) ?? { subject: e.subject, holding: 0, total: 0 };
    c.total += 1;
    if (e.outcome === 'holds') c.holding += 1;
    byKind.set(e.kind, c);
  }
  return [...byKind.entries()].map(([kind, c]) => ({ kind, ...c }));
}

function verdictOf(entry: ControlEntry, stacks: readonly string[], evidence: readonly Evidence[]): Verdict {
  if (entry.status === 'open' || entry.status === 'out-of-scope') return 'not-verified';
  if (stacks.length === 0) return 'not-applicable';
  if (evidence.some((e) => e.outcome === 'contradicted')) return 'contradicted';
  if (evidence.some((e) => e.outcome === 'missing')) return 'missing';
  if (entry.status === 'partial' || evidence.some((e) => e.outcome === 'excepted')) return 'partial';
  return 'holds';
}

function verifyControl(entry: ControlEntry, assembly: Assembly): ControlResult {
  const evaluated = entry.status === 'enforced' || entry.status === 'partial';
  const stacks = evaluated ? assembly.stacks.filter((s) => s.metadata !== undefined && inScope(entry, s.metadata)) : [];
  const evidence = stacks.flatMap((stack) => {
    const metadata = stack.metadata as StackMetadata;
    const checks = checksFor(entry, stack);
    const found: Evidence[] =
      checks.length > 0
        ? checks.flatMap((check) => [...check({ stack, metadata, assembly })])
        : [
            {
              control: entry.id,
              kind: 'verifier-check',
              subject: 'stacks with a verifier check',
              stack: stack.id,
              file: stack.file,
              pointer: '',
              expected: `lib/verify has a ${stack.cloud.toUpperCase()} check for ${entry.id}`,
              outcome: 'missing',
            },
          ];
    return found.map((e) => applyException(entry, metadata, e));
  });
  const met = new Set(evidence.filter((e) => e.outcome === 'excepted').map((e) => e.exception));
  const inForce = (entry.exceptions ?? []).flatMap(({ id, covers, reason, standing }): InForceException[] => {
    if (standing === true) return stacks.length > 0 ? [{ id, covers, reason, basis: 'standing' }] : [];
    return met.has(id) ? [{ id, covers, reason, basis: 'accepted' }] : [];
  });
  return {
    control: entry.id,
    title: entry.title,
    status: entry.status,
    verdict: verdictOf(
      entry,
      stacks.map((s) => s.id),
      evidence,
    ),
    stacks: stacks.map((s) => s.id),
    counts: counts(evidence),
    evidence,
    exceptions: inForce,
  };
}

/** `catalog` is the promise catalog; a test may pass its own to judge a declaration the real catalog forbids. */
export function verifyAssembly(assembly: Assembly, catalog: readonly ControlEntry[] = CATALOG): Verification {
  const controls = catalog.map((entry) => verifyControl(entry, assembly));
  const unknownStacks = assembly.stacks.filter((s) => s.metadata === undefined).map((s) => s.id);
  const unrecordedPartial = controls.filter((c) => c.verdict === 'partial' && c.exceptions.length === 0).map((c) => c.control);
  const ok =
    unknownStacks.length === 0 && unrecordedPartial.length === 0 && controls.every((c) => c.verdict !== 'missing' && c.verdict !== 'contradicted');
  return { controls, unknownStacks, unrecordedPartial, ok };
}
