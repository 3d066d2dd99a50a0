import { reviewDocument } from '../../lib/report/review-document';
import { reviewMarkdown } from '../../lib/report/review-markdown';
import { oscalAssessmentResults, RAMPART_NS } from '../../lib/report/review-oscal';
import type { Assembly } from '../../lib/verify/types';
import { PROVENANCE, VERIFICATION } from './verification-fixture';

/** `npm run synth -- --only`: a review of some stacks must say so, for people and for tools. */
describe('GIVEN the provenance of a selective synth WHEN the review is written', () => {
  const provenance = { ...PROVENANCE, selection: { patterns: ['*/tenant-acme'], built: 1, of: 9 } };
  const assembly: Assembly = { stacks: [] };

  test('THEN the Markdown review says a selection was reviewed, with its patterns and counts', () => {
    const doc = reviewDocument({ assembly, verification: VERIFICATION, provenance, validators: [], acknowledgments: [] });
    expect(reviewMarkdown(doc, assembly)).toContain(
      '- **Selection reviewed, not the deployment**: only the stacks matching `*/tenant-acme` were built (1 of 9 AWS stacks)',
    );
  });

  test('THEN the OSCAL results carry the selection as a Rampart property', () => {
    const document = oscalAssessmentResults(VERIFICATION, provenance) as any;
    const props = document['assessment-results'].metadata.props as { name: string; ns?: string; value: string }[];
    expect(props).toContainEqual(expect.objectContaining({ name: 'stack-selection', ns: RAMPART_NS, value: '*/tenant-acme (1 of 9 AWS stacks)' }));
  });

  test('THEN a full build says nothing about a selection', () => {
    const doc = reviewDocument({ assembly, verification: VERIFICATION, provenance: PROVENANCE, validators: [], acknowledgments: [] });
    expect(reviewMarkdown(doc, assembly)).not.toContain('Selection reviewed');
    expect(JSON.stringify(oscalAssessmentResults(VERIFICATION, PROVENANCE))).not.toContain('stack-selection');
  });
});
