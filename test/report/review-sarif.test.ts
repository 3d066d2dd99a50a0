import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { controlEntry } from '../../lib/promises/catalog';
import { evidenceCloud, SARIF_TOOL_NAME, sarifReport, UNKNOWN_STACK_RULE, type SarifLog, type SarifResult } from '../../lib/report/review-sarif';
import {
  AWS_FILE,
  AWS_STACK,
  EXCEPTION_ID,
  EXCEPTION_REASON,
  GCP_FILE,
  GCP_STACK,
  PROVENANCE,
  STILL_KEY,
  VERIFICATION,
} from './verification-fixture';

// The OASIS-published SARIF 2.1.0 schema (errata01), vendored so the test runs offline: see test/fixtures/schemas/README.md.
const SCHEMA_TEXT = readFileSync(join(__dirname, '..', 'fixtures', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8');
const SCHEMA = JSON.parse(SCHEMA_TEXT);
/** The published file's SHA-256 (README.md there): an edited schema could pass anything, so it must stay byte-identical. */
const SCHEMA_SHA256 = 'c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e';

// The published schema is draft-04, which only ajv-draft-04 reads. Strict mode stays on except strictRequired: the schema's
// anyOf branches require properties declared on the parent object, valid JSON Schema that Ajv's strict mode would reject.
const ajv = new Ajv04({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(SCHEMA);

/** '' when the document is valid, else every Ajv error (so a failing expectation prints them). */
function schemaErrors(document: unknown): string {
  return validate(document) ? '' : ajv.errorsText(validate.errors, { separator: '\n', dataVar: 'sarif' });
}

const log: SarifLog = sarifReport(VERIFICATION, PROVENANCE);
const run = log.runs[0];

function resultAt(resource: string | undefined, stack: string): SarifResult {
  const found = run.results.find((r) => r.properties.stack === stack && r.locations[0]?.logicalLocations?.[0]?.name === (resource ?? stack));
  if (found === undefined) throw new Error(`no SARIF result for ${resource ?? '(stack)'} in ${stack}`);
  return found;
}

describe('SARIF review (lib/report/review-sarif.ts)', () => {
  test('GIVEN the vendored schema THEN it is byte-identical to the SARIF 2.1.0 Errata 01', () => {
    expect(createHash('sha256').update(SCHEMA_TEXT).digest('hex')).toBe(SCHEMA_SHA256);
  });

  test('GIVEN the fixture verification THEN the log validates against the published SARIF 2.1.0 schema', () => {
    expect(schemaErrors(JSON.parse(JSON.stringify(log)))).toBe('');
  });

  test('GIVEN evaluated and not-verified controls THEN there is one rule per evaluated control, described from the catalog', () => {
    expect(run.tool.driver.name).toBe(SARIF_TOOL_NAME);
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['ENC-REST', 'KEY-ROTATE', 'ERASURE']);
    const rule = run.tool.driver.rules[1];
    const entry = controlEntry('KEY-ROTATE');
    expect(rule.shortDescription.text).toBe(entry.title);
    expect(rule.fullDescription.text).toBe(entry.policy[0].text);
    expect(rule.help.text).toContain(entry.policy[0].file);
    expect(rule.properties).toMatchObject({ status: entry.status, verdict: 'contradicted' });
  });

  test('GIVEN holds, contradicted, missing and excepted evidence THEN only the three failing or excepted items are results', () => {
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['KEY-ROTATE', 'error'],
      ['ERASURE', 'note'],
      ['ERASURE', 'error'],
    ]);
  });

  test('GIVEN the contradicted AWS key THEN it is an error at its template, logical id and JSON pointer', () => {
    const result = resultAt(STILL_KEY.resource, AWS_STACK);
    expect(result.ruleId).toBe('KEY-ROTATE');
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('KEY-ROTATE');
    expect(result.level).toBe('error');
    expect(result.suppressions).toBeUndefined();
    expect(result.locations[0].physicalLocation?.artifactLocation).toEqual({ uri: AWS_FILE, uriBaseId: 'AWS_ASSEMBLY' });
    expect(result.locations[0].logicalLocations).toEqual([
      { name: 'LogsKey5E6F7A8B', fullyQualifiedName: `${AWS_STACK}/LogsKey5E6F7A8B`, kind: 'resource' },
    ]);
    expect(result.properties.jsonPointer).toBe('/Resources/LogsKey5E6F7A8B/Properties/EnableKeyRotation');
    for (const part of ['KEY-ROTATE', AWS_STACK, 'LogsKey5E6F7A8B', STILL_KEY.expected, '"EnableKeyRotation":false']) {
      expect(result.message.text).toContain(part);
    }
  });

  test('GIVEN the excepted shared store THEN it is a note suppressed externally with the catalog reason', () => {
    const result = resultAt('LogArchiveAccessLogs1A2B3C4D', AWS_STACK);
    expect(result.level).toBe('note');
    expect(result.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: EXCEPTION_REASON }]);
    expect(result.properties.exception).toBe(EXCEPTION_ID);
  });

  test('GIVEN the missing GCP schedule THEN it points at cdk.tf.json under GCP_OUTPUT and at the stack, found nothing', () => {
    const result = resultAt(undefined, GCP_STACK);
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation?.artifactLocation).toEqual({ uri: GCP_FILE, uriBaseId: 'GCP_OUTPUT' });
    expect(result.locations[0].logicalLocations).toEqual([{ name: GCP_STACK, fullyQualifiedName: GCP_STACK, kind: 'module' }]);
    expect(result.message.text).toContain('found nothing');
  });

  test('GIVEN an absolute and a relative assembly directory THEN the base ids are a file URI and a PROJECT_ROOT-relative URI', () => {
    expect(run.originalUriBaseIds.AWS_ASSEMBLY.uri).toBe('file:///work/build/cdk.out/');
    expect(run.originalUriBaseIds.AWS_ASSEMBLY.uriBaseId).toBeUndefined();
    expect(run.originalUriBaseIds.GCP_OUTPUT).toMatchObject({ uri: 'cdktf.out/', uriBaseId: 'PROJECT_ROOT' });
    expect(run.originalUriBaseIds.PROJECT_ROOT.uri).toBeUndefined();
  });

  test('GIVEN provenance THEN the invocation ends at generatedAt and the run carries the provenance', () => {
    expect(run.invocations).toEqual([{ executionSuccessful: true, endTimeUtc: PROVENANCE.generatedAt }]);
    expect(run.properties.provenance).toEqual(PROVENANCE);
    expect(run.properties.verificationOk).toBe(false);
  });

  test('GIVEN the same input twice THEN the logs are byte-identical', () => {
    expect(JSON.stringify(sarifReport(VERIFICATION, PROVENANCE))).toBe(JSON.stringify(log));
  });

  test('GIVEN a stack without metadata and no assembly dirs THEN it is an UNKNOWN-STACK error and the log stays schema-valid', () => {
    const other = sarifReport({ ...VERIFICATION, unknownStacks: ['stray-stack'] }, { ...PROVENANCE, assembly: {}, tools: {} });
    const runOther = other.runs[0];
    const stray = runOther.results.find((r) => r.ruleId === UNKNOWN_STACK_RULE);
    expect(stray?.level).toBe('error');
    expect(runOther.tool.driver.rules[stray?.ruleIndex ?? -1].id).toBe(UNKNOWN_STACK_RULE);
    expect(runOther.tool.driver.version).toBeUndefined();
    expect(runOther.originalUriBaseIds.AWS_ASSEMBLY.uri).toBeUndefined();
    expect(schemaErrors(JSON.parse(JSON.stringify(other)))).toBe('');
  });

  test('GIVEN template file paths THEN the cloud is read from the layout', () => {
    expect(evidenceCloud(AWS_FILE)).toBe('aws');
    expect(evidenceCloud(GCP_FILE)).toBe('gcp');
    expect(evidenceCloud('stacks/x/other.json')).toBe('aws');
  });

  test.each([
    ['a result level SARIF does not define', (doc: any) => (doc.runs[0].results[0].level = 'fatal')],
    ['a suppression kind SARIF does not define', (doc: any) => (doc.runs[0].results[1].suppressions[0].kind = 'waived')],
    ['a tool without a name', (doc: any) => delete doc.runs[0].tool.driver.name],
    ['a version other than 2.1.0', (doc: any) => (doc.version = '2.2.0')],
  ])('GIVEN %s THEN schema validation fails (the validator can fail)', (_what, weaken) => {
    const doc = JSON.parse(JSON.stringify(log));
    weaken(doc);
    expect(schemaErrors(doc)).not.toBe('');
  });
});
