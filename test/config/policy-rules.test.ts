import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/loader';
import { configErrorLines } from '../helpers';
import { catalogExceptionIds, UNREACHABLE_STORES } from '../../lib/config/policy-rules';

const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;

const linesOf = configErrorLines;

const withPolicy = (policy: object) => ({ ...DEFAULT_DOC, policy: { ...DEFAULT_DOC.policy, ...policy } });

describe('policy rules (the policy: numbers against the rest of the config)', () => {
  test('GIVEN the default config THEN it satisfies its own policy, accepting the two erasure exceptions and the verifier-found gaps', () => {
    expect(linesOf(DEFAULT_DOC)).toEqual([]);
    expect(DEFAULT_DOC.policy.acceptedExceptions).toEqual([
      'ERASURE-SHARED-PLATFORM-STORES',
      'ERASURE-RECORDS-IN-LIVE-TENANT-BACKUPS',
      'ERASURE-GCP-RECORDS-IN-BACKUP-TIERS',
      'ERASURE-PHI-ACCESS-LOGS',
      'KEY-ROTATE-BYOK-IMPORTED-MATERIAL',
      'KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES',
      'LEAST-PRIV-SERVICE-TRUST-WITHOUT-SOURCE-CONTEXT',
    ]);
  });

  test('GIVEN the default config without accepted exceptions THEN the monthly tier breaks the erasure deadline, naming control, tier and numbers', () => {
    expect(linesOf(withPolicy({ acceptedExceptions: [] }))).toEqual([
      expect.stringMatching(
        /^policy\.backupTiers\[3\]\.keepDays: ERASURE: the monthly tier keeps copies of the platform's shared database and data bucket .* 365 days, past policy\.erasure\.deadlineDays \(30\), .*ERASURE-SHARED-PLATFORM-STORES.*, got 365$/,
      ),
      expect.stringMatching(
        /^policy\.backupTiers\[3\]\.keepDays: ERASURE: the monthly tier keeps copies of a tenant's data bucket .* 365 days, .*ERASURE-RECORDS-IN-LIVE-TENANT-BACKUPS.*, got 365$/,
      ),
      expect.stringMatching(
        /^policy\.backupTiers\[3\]\.keepDays: ERASURE: the monthly tier keeps copies of a recording deleted by hand on Google Cloud .* 365 days, .*ERASURE-GCP-RECORDS-IN-BACKUP-TIERS.*, got 365$/,
      ),
    ]);
  });

  test('GIVEN a 20-day deadline THEN the weekly tier (28 days) breaks it too', () => {
    const lines = linesOf(
      withPolicy({
        erasure: { deadlineDays: 20, includesBackups: true },
        acceptedExceptions: ['ERASURE-RECORDS-IN-LIVE-TENANT-BACKUPS', 'ERASURE-GCP-RECORDS-IN-BACKUP-TIERS'],
      }),
    );
    expect(lines.filter((l) => l.startsWith('policy.backupTiers[2].keepDays: ERASURE: the weekly tier'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('policy.backupTiers[3].keepDays: ERASURE: the monthly tier'))).toHaveLength(1);
  });

  test('GIVEN a policy whose erasure promise excludes backups THEN no tier is a contradiction', () => {
    expect(linesOf(withPolicy({ erasure: { deadlineDays: 30, includesBackups: false }, acceptedExceptions: [] }))).toEqual([]);
  });

  test('GIVEN an unknown exception id, a rotation and an audit retention beyond the policy THEN each is reported by control, path and value', () => {
    const doc: Record<string, any> = withPolicy({ acceptedExceptions: [...DEFAULT_DOC.policy.acceptedExceptions, 'ERASURE-NOT-A-THING'] });
    doc.gcp = { ...doc.gcp, keys: { rotationDays: 120 }, audit: { retentionDays: 100 } };
    const lines = linesOf(doc);
    expect(lines).toContainEqual(
      expect.stringMatching(/^policy\.acceptedExceptions\[7\]: is not an exception of the catalog \(.*\), got "ERASURE-NOT-A-THING"$/),
    );
    expect(lines).toContainEqual(
      'gcp.keys.rotationDays: KEY-ROTATE: rotates less often than policy.keyRotation.gcpMaxDays (90 days) allows, got 120',
    );
    expect(lines).toContainEqual('gcp.audit.retentionDays: AUDIT: keeps audit logs fewer days than policy.auditLogs.retentionDays (365), got 100');
  });

  test('GIVEN an EU region the policy does not list THEN RESIDENCY-EU names it', () => {
    const lines = linesOf({ ...DEFAULT_DOC, residency: { eu: { ...DEFAULT_DOC.residency.eu, region: 'eu-central-1' } } });
    expect(lines).toContainEqual(
      'residency.eu.region: RESIDENCY-EU: is not a region policy.residency.euAwsRegions allows (eu-west-1); EU data is stored only there, got "eu-central-1"',
    );
  });

  test('GIVEN every store the rule knows THEN its exception exists in the catalog', () => {
    for (const store of UNREACHABLE_STORES) expect(catalogExceptionIds()).toContain(store.exception);
  });
});
