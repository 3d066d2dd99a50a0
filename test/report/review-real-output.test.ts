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

  test('GIVEN the partial controls THEN each one names its known limits in the Markdown, the JSON and an open OSCAL risk', () => {
    const partial = run.verification.controls.filter((c) => c.verdict === 'partial');
    expect(partial.length).toBeGreaterThan(0);
    const markdown = read('rampart-review.md');
    const json = JSON.parse(read('rampart-review.json')) as { schemaVersion: string; controls: { control: string; limits: string[] }[] };
    const oscal = JSON.parse(read('rampart-review.oscal.json'));
    const risks = oscal['assessment-results'].results[0].risks as { title: string; status: string; description: string }[];
    expect(json.schemaVersion).toBe('1.2.0');
    for (const c of partial) {
      const limits = json.controls.find((x) => x.control === c.control)?.limits ?? [];
      expect({ control: c.control, limits: limits.length > 0 }).toEqual({ control: c.control, limits: true });
      expect(markdown).toContain(`### ${c.control}: ${c.title}\n`);
      expect(markdown).toContain(`- ${limits[0]}`);
      const risk = risks.find((r) => r.title === `${c.control}: known limits (the control is partial)`);
      expect({ control: c.control, status: risk?.status }).toEqual({ control: c.control, status: 'open' });
    }
  });
});

describe('the cost summary in the review', () => {
  test('GIVEN the real output THEN the review Markdown carries the fixed monthly cost per platform stack, tenant and plan', () => {
    const markdown = read('rampart-review.md');
    expect(markdown).toContain('## Monthly cost (fixed part, list prices; `npm run cost` for every line and what is usage-based)');
    expect(markdown).toMatch(/\| acme \| starter \| pool \| \$3\.00 \|/);
    expect(markdown).toContain('| Shield Advanced (organization-wide fee) | $3,000.00 |');
  });
});
