import Ajv from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runReview } from '../../lib/report/run-review';
import { synthesized } from '../verify/synthesized';

/**
 * The four review files as the main job writes them for the default config's real output (not a
 * fixture): the SARIF and OSCAL files validate against their published schemas (vendored, see
 * test/fixtures/schemas/README.md), and every partial control's known limits are named in the
 * Markdown, the JSON and the OSCAL risks, so no gap passes unnamed.
 */
const SCHEMAS = join(__dirname, '..', 'fixtures', 'schemas');
const build = synthesized();
const out = mkdtempSync(join(tmpdir(), 'rampart-review-real-'));
const run = runReview({ generator: 'test', awsDir: build.awsDir, gcpDir: build.gcpDir, outdir: out });
const read = (name: string) => readFileSync(join(out, name), 'utf8');

function errors(ajv: Ajv | Ajv04, schemaFile: string, document: unknown): string {
  const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, schemaFile), 'utf8')));
  return validate(document) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

describe('the review files of the real default output', () => {
  test('GIVEN the written SARIF log THEN it validates against the published SARIF 2.1.0 schema', () => {
    const ajv = new Ajv04({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    expect(errors(ajv, 'sarif-schema-2.1.0.json', JSON.parse(read('rampart-review.sarif')))).toBe('');
  });

  test('GIVEN the written OSCAL document THEN it validates against the published OSCAL 1.1.3 assessment-results schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    expect(errors(ajv, 'oscal_assessment-results_schema.json', JSON.parse(read('rampart-review.oscal.json')))).toBe('');
  });

  test('GIVEN the partial controls THEN each names every exception in force in the Markdown, the JSON, the SARIF and an OSCAL risk', () => {
    const partial = run.verification.controls.filter((c) => c.verdict === 'partial');
    expect(partial.length).toBeGreaterThan(0);
    const markdown = read('rampart-review.md');
    const json = JSON.parse(read('rampart-review.json')) as {
      schemaVersion: string;
      unrecordedPartial: string[];
      controls: { control: string; limits: string[]; exceptions: { id: string; basis: string }[] }[];
    };
    const sarif = JSON.parse(read('rampart-review.sarif'));
    const oscal = JSON.parse(read('rampart-review.oscal.json'));
    const risks = oscal['assessment-results'].results[0].risks as { title: string; status: string; description: string }[];
    const sarifExceptions = new Set(
      (sarif.runs[0].results as { properties: { exception?: string } }[]).map((r) => r.properties.exception).filter((x) => x !== undefined),
    );
    expect(json.schemaVersion).toBe('1.3.0');
    expect(json.unrecordedPartial).toEqual([]);
    for (const c of partial) {
      const exceptions = json.controls.find((x) => x.control === c.control)?.exceptions ?? [];
      expect({ control: c.control, exceptions: exceptions.length > 0 }).toEqual({ control: c.control, exceptions: true });
      expect(markdown).toContain(`### ${c.control}: ${c.title}\n`);
      for (const e of exceptions) {
        expect(markdown).toContain(`#### ${c.control}: ${e.id}\n`);
        expect({ id: e.id, inSarif: sarifExceptions.has(e.id) }).toEqual({ id: e.id, inSarif: true });
        const title = e.basis === 'standing' ? `${e.id}: standing gap of ${c.control}` : `${e.id}: accepted exception to ${c.control}`;
        const risk = risks.find((r) => r.title === title);
        expect({ id: e.id, status: risk?.status }).toEqual({ id: e.id, status: e.basis === 'standing' ? 'open' : 'deviation-approved' });
      }
      const limits = json.controls.find((x) => x.control === c.control)?.limits ?? [];
      if (limits.length > 0) expect(markdown).toContain(`- ${limits[0]}`);
    }
  });

  test('GIVEN ERASURE with its record key stores THEN the review prints what the application must do, in the Markdown and the JSON', () => {
    const markdown = read('rampart-review.md');
    const json = JSON.parse(read('rampart-review.json')) as { controls: { control: string; sharedResponsibility: string[] }[] };
    const erasure = json.controls.find((c) => c.control === 'ERASURE');
    expect(erasure?.sharedResponsibility.length).toBeGreaterThan(0);
    const section = markdown.slice(markdown.indexOf('## Shared responsibility (what the application must do)'));
    expect(section).toContain('### ERASURE: ');
    for (const line of erasure?.sharedResponsibility ?? []) expect(section).toContain(`- ${line}`);
    expect(section).toContain('record key store');
    // What no template shows about them is a residual risk, counted from the output.
    const risks = markdown.slice(markdown.indexOf('## Residual risks'));
    expect(risks).toContain('Record key stores (8 DynamoDB tables, 2 Firestore databases): copies made outside the templates');
  });
});

describe('the cost summary in the review', () => {
  test('GIVEN the real output THEN the review Markdown carries the fixed monthly cost per platform stack, tenant and plan', () => {
    const markdown = read('rampart-review.md');
    expect(markdown).toContain('## Monthly cost (fixed part, list prices; `npm run cost` for every line and what is usage-based)');
    expect(markdown).toMatch(/\| acme \| starter \| pool \| \$4\.00 \|/);
    expect(markdown).toContain('| Shield Advanced (organization-wide fee) | $3,000.00 |');
  });
});
