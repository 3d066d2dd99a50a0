import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { controlToken, OSCAL_VERSION, oscalAssessmentResults, RAMPART_NS, uuidV5, writeOscalFile } from '../../lib/report/review-oscal';
import { AWS_STACK, EXCEPTION_ID, EXCEPTION_REASON, GCP_STACK, PROVENANCE, STILL_KEY, VERIFICATION } from './verification-fixture';

// NIST's OSCAL 1.1.3 assessment-results JSON schema, vendored so the test runs offline: see test/fixtures/schemas/README.md.
const SCHEMA_TEXT = readFileSync(join(__dirname, '..', 'fixtures', 'schemas', 'oscal_assessment-results_schema.json'), 'utf8');
const SCHEMA = JSON.parse(SCHEMA_TEXT);
/** The published file's SHA-256 (README.md there): an edited schema could pass anything, so it must stay byte-identical. */
const SCHEMA_SHA256 = 'd9e34757f0c12aff61f52b821f0b8f83ba0ba75b3a149a202b08ba82f82bc4c3';

// Draft-07, fully strict. Ajv's default unicode regexps are needed: the token pattern uses \p{L} and \p{N}.
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(SCHEMA);

/** '' when the document is valid, else every Ajv error (so a failing expectation prints them). */
function schemaErrors(document: unknown): string {
  return validate(document) ? '' : ajv.errorsText(validate.errors, { separator: '\n', dataVar: 'oscal' });
}

const document = oscalAssessmentResults(VERIFICATION, PROVENANCE) as any;
const ar = document['assessment-results'];
const result = ar.results[0];
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function finding(control: string): any {
  return result.findings.find((f: any) => f.target['target-id'] === controlToken(control));
}
function rampartProp(item: any, name: string): string | undefined {
  return item.props?.find((p: any) => p.name === name && p.ns === RAMPART_NS)?.value;
}
function allUuids(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allUuids);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'uuid' && typeof v === 'string' ? [v] : allUuids(v)));
}

describe('OSCAL assessment results (lib/report/review-oscal.ts)', () => {
  test('GIVEN the vendored schema THEN it is byte-identical to the OSCAL v1.1.3 release asset', () => {
    expect(createHash('sha256').update(SCHEMA_TEXT).digest('hex')).toBe(SCHEMA_SHA256);
  });

  test('GIVEN the fixture verification THEN the document validates against the published OSCAL 1.1.3 schema', () => {
    expect(schemaErrors(document)).toBe('');
  });

  test('GIVEN provenance THEN metadata carries its time, the OSCAL version and the build', () => {
    expect(ar.metadata).toMatchObject({ 'last-modified': PROVENANCE.generatedAt, 'oscal-version': OSCAL_VERSION, version: PROVENANCE.commit });
    expect(rampartProp(ar.metadata, 'config-sha256')).toBe(PROVENANCE.configSha256);
    expect(result.start).toBe(PROVENANCE.generatedAt);
  });

  test('GIVEN import-ap THEN its fragment names the back-matter resource that links docs/controls.md', () => {
    const resource = ar['back-matter'].resources[0];
    expect(ar['import-ap'].href).toBe(`#${resource.uuid}`);
    expect(resource.rlinks).toEqual([{ href: 'docs/controls.md', 'media-type': 'text/markdown' }]);
  });

  test('GIVEN evaluated controls THEN each is a lowercase include-controls token, keeping its catalog id in a prop', () => {
    const selections = result['reviewed-controls']['control-selections'];
    expect(selections.map((s: any) => s['include-controls'][0]['control-id'])).toEqual(['enc-rest', 'key-rotate', 'erasure']);
    expect(selections.map((s: any) => rampartProp(s, 'control-id'))).toEqual(['ENC-REST', 'KEY-ROTATE', 'ERASURE']);
  });

  test('GIVEN verdicts holds, contradicted and missing THEN findings are satisfied, not-satisfied and not-satisfied', () => {
    expect(result.findings).toHaveLength(3);
    expect(finding('ENC-REST').target).toMatchObject({ type: 'objective-id', status: { state: 'satisfied', reason: 'pass' } });
    expect(finding('KEY-ROTATE').target.status).toEqual({ state: 'not-satisfied', reason: 'fail' });
    expect(finding('ERASURE').target.status).toEqual({ state: 'not-satisfied', reason: 'fail' });
    expect(finding('KEY-ROTATE')['related-observations']).toHaveLength(3);
    expect(rampartProp(finding('KEY-ROTATE'), 'verdict')).toBe('contradicted');
  });

  test('GIVEN a partial verdict THEN the finding is not-satisfied with reason other', () => {
    const partial = {
      ...VERIFICATION,
      controls: VERIFICATION.controls.map((c) => (c.control === 'ERASURE' ? { ...c, verdict: 'partial' as const } : c)),
    };
    const doc = oscalAssessmentResults(partial, PROVENANCE) as any;
    const erasure = doc['assessment-results'].results[0].findings.find((f: any) => f.target['target-id'] === 'erasure');
    expect(erasure.target.status).toMatchObject({ state: 'not-satisfied', reason: 'other' });
    expect(schemaErrors(doc)).toBe('');
  });

  test('GIVEN the contradicted AWS key THEN its observation examines that resource and cites file and pointer', () => {
    const obs = result.observations.find((o: any) => o.title.includes(STILL_KEY.resource));
    expect(obs).toMatchObject({ methods: ['EXAMINE'], types: ['finding'], collected: PROVENANCE.generatedAt });
    expect(rampartProp(obs, 'outcome')).toBe('contradicted');
    expect(rampartProp(obs['relevant-evidence'][0], 'json-pointer')).toBe(STILL_KEY.pointer);
    expect(rampartProp(obs['relevant-evidence'][0], 'template-file')).toBe(STILL_KEY.file);
    const subject = obs.subjects[0];
    expect(subject).toMatchObject({ type: 'inventory-item', title: `${AWS_STACK}/${STILL_KEY.resource}` });
    const item = result['local-definitions']['inventory-items'].find((i: any) => i.uuid === subject['subject-uuid']);
    expect(item.props).toContainEqual({ name: 'asset-id', value: `${AWS_STACK}/${STILL_KEY.resource}` });
    const stack = result['local-definitions'].components.find((c: any) => c.uuid === item['implemented-components'][0]['component-uuid']);
    expect(stack.title).toBe(AWS_STACK);
    expect(finding('KEY-ROTATE')['related-observations']).toContainEqual({ 'observation-uuid': obs.uuid });
  });

  test('GIVEN holding evidence and a stack-level gap THEN types and subjects say so', () => {
    const holds = result.observations.filter((o: any) => rampartProp(o, 'outcome') === 'holds');
    expect(holds).toHaveLength(3);
    holds.forEach((o: any) => expect(o.types).toEqual(['control-objective']));
    const gap = result.observations.find((o: any) => rampartProp(o, 'outcome') === 'missing');
    expect(gap.subjects).toEqual([expect.objectContaining({ type: 'component', title: GCP_STACK })]);
  });

  test('GIVEN the excepted shared store THEN a deviation-approved risk states the catalog reason and the finding links it', () => {
    expect(result.risks).toHaveLength(1);
    const risk = result.risks[0];
    expect(risk).toMatchObject({ status: 'deviation-approved', statement: EXCEPTION_REASON.replace(/\s+/g, ' ').trim() });
    expect(rampartProp(risk, 'exception-id')).toBe(EXCEPTION_ID);
    expect(finding('ERASURE')['related-risks']).toEqual([{ 'risk-uuid': risk.uuid }]);
    const excepted = result.observations.find((o: any) => o.uuid === risk['related-observations'][0]['observation-uuid']);
    expect(rampartProp(excepted, 'outcome')).toBe('excepted');
  });

  test('GIVEN RFC 4122 version 5 THEN uuidV5 gives the reference value (Python uuid5(NAMESPACE_DNS, "python.org"))', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  test('GIVEN every object THEN UUIDs are unique RFC 4122 version 5', () => {
    const uuids = allUuids(document);
    expect(uuids.length).toBeGreaterThan(10);
    uuids.forEach((uuid) => expect(uuid).toMatch(UUID_V5));
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  test('GIVEN the same input twice THEN the documents are equal JSON', () => {
    expect(JSON.stringify(oscalAssessmentResults(VERIFICATION, PROVENANCE))).toBe(JSON.stringify(document));
  });

  test('GIVEN writeOscalFile THEN the file is the document, indented (json-file.test.ts shows each entry of a LazyJsonArray made as it is written)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rampart-oscal-')), 'review.oscal.json');
    writeOscalFile(path, VERIFICATION, PROVENANCE);
    expect(result.observations.length).toBeGreaterThan(2);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });

  test('GIVEN a later review of the same build THEN the document is new but each subject keeps its UUID', () => {
    const later = oscalAssessmentResults(VERIFICATION, { ...PROVENANCE, generatedAt: '2025-07-01T08:00:00Z' }) as any;
    expect(later['assessment-results'].uuid).not.toBe(ar.uuid);
    expect(later['assessment-results'].results[0].findings.map((f: any) => f.uuid)).toEqual(result.findings.map((f: any) => f.uuid));
    expect(later['assessment-results'].results[0].observations.map((o: any) => o.uuid)).toEqual(result.observations.map((o: any) => o.uuid));
  });

  test('GIVEN nothing evaluated and an unknown stack THEN the document is still schema-valid', () => {
    const empty = { ok: false, unknownStacks: ['stray-stack'], unrecordedPartial: [], controls: [VERIFICATION.controls[3]] };
    const doc = oscalAssessmentResults(empty, { ...PROVENANCE, commit: undefined, tools: {} }) as any;
    expect(doc['assessment-results'].results[0].findings).toBeUndefined();
    expect(doc['assessment-results'].results[0].remarks).toContain('stray-stack');
    expect(schemaErrors(doc)).toBe('');
  });

  test.each([
    ['a uuid that is not a UUID', (doc: any) => (doc['assessment-results'].results[0].findings[0].uuid = 'x')],
    ['a finding state OSCAL does not define', (doc: any) => (doc['assessment-results'].results[0].findings[1].target.status.state = 'failed')],
    [
      'a control id that is not a token',
      (doc: any) =>
        (doc['assessment-results'].results[0]['reviewed-controls']['control-selections'][0]['include-controls'][0]['control-id'] = 'enc rest'),
    ],
    ['a prop namespace that is not a URI', (doc: any) => (doc['assessment-results'].metadata.props[0].ns = 'rampart')],
    ['an observation without its collection time', (doc: any) => delete doc['assessment-results'].results[0].observations[0].collected],
  ])('GIVEN %s THEN schema validation fails (the validator can fail)', (_what, weaken) => {
    const doc = JSON.parse(JSON.stringify(document));
    weaken(doc);
    expect(schemaErrors(doc)).not.toBe('');
  });
});
