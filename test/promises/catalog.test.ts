import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { ownChecks } from '../../lib/checks/own-checks';
import { CATALOG, controlEntry, NO_CHECK_YET } from '../../lib/promises/catalog';
import { CONTROL_IDS } from '../../lib/promises/control-ids';
import { PolicyNumbers, PUBLISHED_POLICY } from '../../lib/promises/policy-numbers';
import { ControlEntry, POLICY_FILES, PolicyQuote, STACK_KINDS } from '../../lib/promises/types';

const ROOT = join(__dirname, '..', '..');
const POLICIES_DIR = join(__dirname, '../../../shared/policies');
const CATALOG_DIR = join(ROOT, 'lib', 'promises', 'catalog');

/** Quotes are compared with whitespace runs collapsed (a table row's padding is layout), otherwise exactly. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const policyText = new Map(Object.values(POLICY_FILES).map((file) => [file, readFileSync(join(POLICIES_DIR, file), 'utf8')]));

/** The text under a heading, up to the next heading of any level; undefined when no heading has that title. */
function sectionBody(markdown: string, section: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6}\s/.test(line) && line.replace(/^#{1,6}\s+/, '').trim() === section);
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#{1,6}\s/.test(line));
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

function hasCheck(entry: ControlEntry): boolean {
  return ownChecks().some((check) => check.controls.includes(entry.id)) || (entry.packRules?.length ?? 0) > 0;
}

const built = CATALOG.filter((entry) => entry.status === 'enforced' || entry.status === 'partial');
const notBuilt = CATALOG.filter((entry) => entry.status === 'open' || entry.status === 'out-of-scope');

describe('promise catalog (lib/promises/catalog)', () => {
  test('GIVEN CONTROL_IDS THEN every id has exactly one entry, in the same order', () => {
    expect(CATALOG.map((entry) => entry.id)).toEqual([...CONTROL_IDS]);
    expect(new Set(CATALOG.map((entry) => entry.id)).size).toBe(CONTROL_IDS.length);
    for (const id of CONTROL_IDS) expect(controlEntry(id).id).toBe(id);
  });

  test.each(CATALOG.flatMap((entry) => entry.policy.map((quote): [string, PolicyQuote] => [entry.id, quote])))(
    'GIVEN %s THEN its quote is verbatim under its section of the named policy: %j',
    (_id, quote) => {
      const markdown = policyText.get(quote.file)!;
      expect(collapse(markdown)).toContain(collapse(quote.text));
      const body = sectionBody(markdown, quote.section);
      if (body === undefined) throw new Error(`${quote.file} has no heading "${quote.section}"`);
      expect(collapse(body)).toContain(collapse(quote.text));
    },
  );

  test('GIVEN every entry THEN its code and test paths exist (code under lib/, tests under test/)', () => {
    const missing = CATALOG.flatMap((entry) =>
      [...entry.realisation.code, ...entry.tests].filter((path) => !existsSync(join(ROOT, path))).map((path) => `${entry.id}: ${path}`),
    );
    expect(missing).toEqual([]);
    for (const entry of CATALOG) {
      for (const path of entry.realisation.code) expect(path).toMatch(/^lib\/.+\.ts$/);
      for (const path of entry.tests) expect(path).toMatch(/^test\/.+\.test\.ts$/);
    }
  });

  test.each(built.map((entry) => [entry.id, entry] as const))('GIVEN %s, built THEN it has a scope, a quote and a check', (_id, entry) => {
    expect(entry.appliesTo.kinds.length).toBeGreaterThan(0);
    for (const kind of entry.appliesTo.kinds) expect(STACK_KINDS).toContain(kind);
    expect(entry.policy.length).toBeGreaterThan(0);
    expect(entry.limits.length).toBeGreaterThan(0);
    const saysNoCheck = entry.limits.some((limit) => limit.startsWith(NO_CHECK_YET));
    // Every built control is checked (at least by the evidence verifier), and none still claims to have no check.
    expect({ id: entry.id, hasCheck: hasCheck(entry), saysNoCheck }).toEqual({ id: entry.id, hasCheck: true, saysNoCheck: false });
  });

  test.each(notBuilt.map((entry) => [entry.id, entry] as const))('GIVEN %s, not built THEN it says why and applies nowhere', (_id, entry) => {
    expect(entry.limits.length).toBeGreaterThan(0);
    expect(entry.appliesTo.kinds).toEqual([]);
    expect(entry.policy.length).toBeGreaterThan(0);
  });

  test('GIVEN the statuses THEN exactly the application-level (APP-*) controls are out of scope, each with one line', () => {
    const outOfScope = CATALOG.filter((entry) => entry.status === 'out-of-scope');
    expect(outOfScope.map((entry) => entry.id)).toEqual(CONTROL_IDS.filter((id) => id.startsWith('APP-')));
    for (const entry of outOfScope) expect(entry.limits).toHaveLength(1);
  });

  test('GIVEN the statuses THEN every partial control records a standing exception, and only partial controls do', () => {
    for (const entry of CATALOG) {
      const standing = (entry.exceptions ?? []).filter((e) => e.standing === true).map((e) => e.id);
      if (entry.status === 'partial') expect({ id: entry.id, standing: standing.length > 0 }).toEqual({ id: entry.id, standing: true });
      else expect({ id: entry.id, standing }).toEqual({ id: entry.id, standing: [] });
    }
  });

  test('GIVEN every exception THEN its id is unique, starts with its control id, and has a cover and a reason', () => {
    const ids = CATALOG.flatMap((entry) => (entry.exceptions ?? []).map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of CATALOG) {
      for (const e of entry.exceptions ?? []) {
        expect({ id: e.id, prefixed: e.id.startsWith(`${entry.id}-`), covers: e.covers.length > 20, reason: e.reason.length > 40 }).toEqual({
          id: e.id,
          prefixed: true,
          covers: true,
          reason: true,
        });
      }
    }
  });

  test('GIVEN ownChecks() THEN every check names a control, and none names an out-of-scope one', () => {
    const outOfScope = new Set(CATALOG.filter((entry) => entry.status === 'out-of-scope').map((entry) => entry.id));
    for (const check of ownChecks()) {
      expect({ check: check.id, named: check.controls.length > 0 }).toEqual({ check: check.id, named: true });
      expect({ check: check.id, outOfScope: check.controls.filter((id) => outOfScope.has(id) || id.startsWith('APP-')) }).toEqual({
        check: check.id,
        outOfScope: [],
      });
    }
  });

  test("GIVEN other policy numbers THEN every control's numbers follow them (they are read from the argument only)", () => {
    const other: PolicyNumbers = {
      backupTiers: PUBLISHED_POLICY.backupTiers.map((tier) => ({ ...tier, name: `${tier.name}-x`, keepDays: tier.keepDays + 1000 })),
      erasure: { deadlineDays: 11, includesBackups: false },
      retention: { starterDays: 1001, proDays: 1002, enterpriseMinDays: 1003, enterpriseMaxDays: 1004 },
      keyRotation: { awsMaxDays: 1005, gcpMaxDays: 1006 },
      tls: { minimum: '1.3', preferred: '1.3' },
      auditLogs: { retentionDays: 1007, hipaaRetentionDays: 1008 },
      residency: { euAwsRegions: ['eu-central-1'], euGcpRegions: ['europe-west4'], recordingsGcpRegion: 'us-east1' },
    };
    const withNumbers = CATALOG.filter((entry) => entry.numbers !== undefined);
    expect(withNumbers.map((entry) => entry.id)).toEqual(
      expect.arrayContaining(['KEY-ROTATE', 'TLS-EDGE', 'AUDIT', 'BACKUP-TIERS', 'RETENTION', 'ERASURE', 'RESIDENCY-EU', 'HIPAA']),
    );
    for (const entry of withNumbers) {
      expect({ id: entry.id, same: JSON.stringify(entry.numbers!(other)) === JSON.stringify(entry.numbers!(PUBLISHED_POLICY)) }).toEqual({
        id: entry.id,
        same: false,
      });
    }
    expect(controlEntry('ERASURE').numbers!(PUBLISHED_POLICY)).toEqual({
      deadlineDays: PUBLISHED_POLICY.erasure.deadlineDays,
      includesBackups: PUBLISHED_POLICY.erasure.includesBackups,
      recordKeyStoreRecoveryDays: 7,
    });
    // A deadline shorter than the key store's window shortens the window: a deleted key never outlives the deadline.
    expect(controlEntry('ERASURE').numbers!({ ...PUBLISHED_POLICY, erasure: { deadlineDays: 5, includesBackups: true } })).toMatchObject({
      recordKeyStoreRecoveryDays: 5,
    });
    expect(controlEntry('BACKUP-TIERS').numbers!(other)).toMatchObject({ 'monthly-x.keepDays': 1365, 'hourly-x.every': 'hour' });
  });

  test('GIVEN the catalog files THEN they import only from lib/promises (the bottom layer)', () => {
    const outside = readdirSync(CATALOG_DIR).flatMap((file) =>
      [...readFileSync(join(CATALOG_DIR, file), 'utf8').matchAll(/from '([^']+)'/g)]
        .map((match) => match[1])
        .filter((source) => !/^\.\.?\/[\w-]+$/.test(source))
        .map((source) => `${file}: ${source}`),
    );
    expect(outside).toEqual([]);
  });

  test('GIVEN the catalog files THEN no policy number is written outside the quoted sentences (quotes.ts)', () => {
    const P = PUBLISHED_POLICY;
    const numbers = [
      ...P.backupTiers.map((tier) => tier.keepDays),
      P.erasure.deadlineDays,
      ...Object.values(P.retention),
      ...Object.values(P.keyRotation),
      ...Object.values(P.auditLogs),
    ].filter((n) => n >= 10); // one-digit numbers occur in ordinary words and identifiers
    const literals = [...new Set(numbers)].map((n) => new RegExp(`(?<![\\w.])${n}(?![\\w])`));
    const strings = [P.tls.minimum, P.tls.preferred, ...P.residency.euAwsRegions, ...P.residency.euGcpRegions].map(
      (s) => new RegExp(`(?<![\\w.-])${s.replace(/\./g, '\\.')}(?![\\w-])`),
    );
    const found = readdirSync(CATALOG_DIR)
      .filter((file) => file !== 'quotes.ts')
      .flatMap((file) =>
        readFileSync(join(CATALOG_DIR, file), 'utf8')
          .split('\n')
          .flatMap((line, i) => [...literals, ...strings].filter((re) => re.test(line)).map((re) => `${file}:${i + 1}: ${re.source}`)),
      );
    expect(found).toEqual([]);
  });
});
