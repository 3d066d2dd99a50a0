import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Assembly, Verification } from '../verify/types';
import type { AssemblySummary } from './assembly-summary';
import { writeJsonFile } from './json-file';
import type { Provenance } from './provenance';
import { reviewDocument } from './review-document';
import type { ValidatorRun } from './validator-evidence';
import { reviewMarkdown } from './review-markdown';
import { writeOscalFile } from './review-oscal';
import { sarifReport } from './review-sarif';

/**
 * The four review files an auditor and their tools read next to the templates:
 * rampart-review.md (people), .json (the same data, schema-versioned), .sarif (code-scanning UIs)
 * and .oscal.json (an OSCAL assessment-results document).
 */
export const REVIEW_REPORT_BASENAME = 'rampart-review';

export interface ReviewInput {
  readonly outdir: string;
  readonly assembly: Assembly;
  readonly verification: Verification;
  readonly provenance: Provenance;
  readonly validators: readonly ValidatorRun[];
  readonly acknowledgments: AssemblySummary['acknowledgments'];
}

export function writeReviewReport(input: ReviewInput): string[] {
  const doc = reviewDocument(input);
  mkdirSync(input.outdir, { recursive: true });
  // Each file is rendered just before it is written, and the JSON ones in pieces (json-file.ts): at
  // 1,000 tenants they are hundreds of MB together (the OSCAL file alone over 300 MB).
  const files: [string, (path: string) => void][] = [
    [`${REVIEW_REPORT_BASENAME}.md`, (path) => writeFileSync(path, reviewMarkdown(doc, input.assembly))],
    [`${REVIEW_REPORT_BASENAME}.json`, (path) => writeJsonFile(path, doc)],
    [`${REVIEW_REPORT_BASENAME}.sarif`, (path) => writeJsonFile(path, sarifReport(input.verification, input.provenance))],
    [`${REVIEW_REPORT_BASENAME}.oscal.json`, (path) => writeOscalFile(path, input.verification, input.provenance)],
  ];
  return files.map(([name, write]) => {
    const path = join(input.outdir, name);
    write(path);
    return path;
  });
}
