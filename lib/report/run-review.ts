import { existsSync } from 'fs';
import { join } from 'path';
import { readAssembly } from '../verify/read-assembly';
import { verifyAssembly } from '../verify/verify-assembly';
import type { Assembly, Verification } from '../verify/types';
import { summarizeAssembly } from './assembly-summary';
import { reviewedProvenance } from './build-provenance';
import { readValidatorRuns } from '../nag/validator-runs';
import { validatorRuns } from './validator-evidence';
import { writeReviewReport } from './review-report';

export interface ReviewRun {
  readonly assembly: Assembly;
  /** Not ok for an assembly a listing wrote, whatever its templates show. */
  readonly verification: Verification;
  readonly files: readonly string[];
  /** A listing wrote the assembly (ValidatorRunsRecord.listing): no validator or rendered-template guard ran. */
  readonly listing: boolean;
}

/**
 * Reads a build (either part may be absent), verifies every control and writes the four review files
 * into `outdir`. Shared by `npm run synth` and `npm run review`, so both give the same verdicts.
 */
export function runReview(input: {
  readonly generator: string;
  readonly awsDir?: string;
  readonly gcpDir?: string;
  readonly outdir: string;
}): ReviewRun {
  const assembly = readAssembly({ awsDir: input.awsDir, gcpDir: input.gcpDir });
  const runs = input.awsDir === undefined ? undefined : readValidatorRuns(input.awsDir);
  const verified = verifyAssembly(assembly);
  // An assembly a listing (a CLI command that bundles nothing) wrote ran no validator and neither rendered-template guard: its
  // review fails in every file it writes, whatever its templates show (the validator table says why).
  const verification = runs?.listing === true ? { ...verified, ok: false } : verified;
  const summary = input.awsDir !== undefined && existsSync(join(input.awsDir, 'manifest.json')) ? summarizeAssembly(input.awsDir) : undefined;
  const files = writeReviewReport({
    outdir: input.outdir,
    assembly,
    verification,
    provenance: reviewedProvenance(input.generator, { awsDir: input.awsDir, gcpDir: input.gcpDir }),
    validators: validatorRuns({ assembly, summary, runs }),
    acknowledgments: summary?.acknowledgments ?? [],
  });
  return { assembly, verification, files, listing: runs?.listing === true };
}

/** One line per failing observation, for a terminal: control, verdict, stack, logical id, pointer, found vs expected. */
export function failureLines(verification: Verification): string[] {
  const lines = verification.unknownStacks.map(
    (s) => `UNKNOWN ${s}: no Rampart self-description (Metadata.Rampart / //.rampart): nothing can be judged`,
  );
  lines.push(
    ...verification.unrecordedPartial.map(
      (control) => `${control} PARTIAL with no exception in force: record the gap as a catalog exception (lib/promises/catalog) or close it`,
    ),
  );
  for (const c of verification.controls.filter((x) => x.verdict === 'missing' || x.verdict === 'contradicted')) {
    for (const e of c.evidence.filter((x) => x.outcome === 'missing' || x.outcome === 'contradicted')) {
      const found = e.value === undefined ? 'absent' : JSON.stringify(e.value).slice(0, 120);
      const note = e.exception === undefined ? '' : ` (catalog exception ${e.exception} exists but this deployment does not accept it)`;
      lines.push(
        `${c.control} ${e.outcome.toUpperCase()} ${e.stack} ${e.resource ?? '(stack)'} ${e.pointer}: found ${found}; expected ${e.expected}${note}`,
      );
    }
  }
  return lines;
}
