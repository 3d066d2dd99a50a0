import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/loader';
import { configErrorLines } from '../helpers';
import { catalogExceptionIds, RETIRED_EXCEPTIONS } from '../../lib/config/policy-rules';

const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;

const linesOf = configErrorLines;

const withPolicy = (policy: object) => ({ ...DEFAULT_DOC, policy: { ...DEFAULT_DOC.policy, ...policy } });

describe('policy rules (the policy: numbers against the rest of the config)', () => {
  test('GIVEN the default config THEN it satisfies its own policy, accepting only the exceptions that still cannot hold', () => {
    expect(linesOf(DEFAULT_DOC)).toEqual([]);
    expect(DEFAULT_DOC.policy.acceptedExceptions).toEqual([
      'ERASURE-PHI-ACCESS-LOGS',
      'REGION-PINNED-EU-RECORDINGS-IN-EU',
      'KEY-ROTATE-BYOK-IMPORTED-MATERIAL',
      'KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES',
      'LEAST-PRIV-SERVICE-TRUST-WITHOUT-SOURCE-CONTEXT',
    ]);
  });

  test('GIVEN the default config without accepted exceptions THEN the monthly tier is no contradiction: record key stores erase single records', () => {
    expect(linesOf(withPolicy({ acceptedExceptions: ['REGION-PINNED-EU-RECORDINGS-IN-EU'] }))).toEqual([]);
  });

  test('GIVEN a retired erasure exception THEN it is named with what replaced it, at its path', () => {
    expect(linesOf(withPolicy({ acceptedExceptions: ['ERASURE-SHARED-PLATFORM-STORES', 'REGION-PINNED-EU-RECORDINGS-IN-EU'] }))).toEqual([
      'policy.acceptedExceptions[0]: is no longer needed, remove it: single records of the shared stores are erased through the record key store (ERASURE, shared responsibility), got "ERASURE-SHARED-PLATFORM-STORES"',
    ]);
  });

  test('GIVEN an unknown exception id, a rotation and an audit retention beyond the policy THEN each is reported by control, path and value', () => {
    const doc: Record<string, any> = withPolicy({ acceptedExceptions: [...DEFAULT_DOC.policy.acceptedExceptions, 'ERASURE-NOT-A-THING'] });
    doc.gcp = { ...doc.gcp, keys: { rotationDays: 120 }, audit: { retentionDays: 100 } };
    const lines = linesOf(doc);
    expect(lines).toContainEqual(
      expect.stringMatching(/^policy\.acceptedExceptions\[5\]: is not an exception of the catalog \(.*\), got "ERASURE-NOT-A-THING"$/),
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

  test('GIVEN a US recordings region other than the policy names THEN REGION-PINNED names it; without its exception the EU stack is refused', () => {
    const doc: Record<string, any> = withPolicy({
      acceptedExceptions: DEFAULT_DOC.policy.acceptedExceptions.filter((id: string) => !id.startsWith('REGION-PINNED')),
    });
    doc.gcp = { ...doc.gcp, region: 'us-east1' };
    expect(linesOf(doc)).toEqual([
      'gcp.region: REGION-PINNED: is not the region the policy names for recordings (policy.residency.recordingsGcpRegion: us-central1), got "us-east1"',
      expect.stringMatching(
        /^gcp\.eu\.enabled: REGION-PINNED: .*; set it to false, or accept the catalog exception REGION-PINNED-EU-RECORDINGS-IN-EU .*, got true$/,
      ),
    ]);
    doc.gcp = { ...doc.gcp, region: 'us-central1', eu: { ...doc.gcp.eu, enabled: false } };
    expect(linesOf(doc)).toEqual([]);
  });

  test('GIVEN a standing exception in acceptedExceptions THEN the config is told it needs no acceptance', () => {
    const lines = linesOf(withPolicy({ acceptedExceptions: [...DEFAULT_DOC.policy.acceptedExceptions, 'IDS-IPS-PREVENTION-EGRESS-ONLY'] }));
    expect(lines).toEqual([
      'policy.acceptedExceptions[5]: is a standing exception of the catalog: it is in force wherever its control applies; remove it here, got "IDS-IPS-PREVENTION-EGRESS-ONLY"',
    ]);
  });

  test('GIVEN the retired DR-region schema exception THEN the config is told the DR platform now creates those users', () => {
    expect(linesOf(withPolicy({ acceptedExceptions: ['ISOLATION-POOLED-PEER-REGION-SCHEMA', 'REGION-PINNED-EU-RECORDINGS-IN-EU'] }))).toEqual([
      'policy.acceptedExceptions[0]: is no longer needed, remove it: the DR platform\'s stack creates the database users and schemas of the pooled tenants it serves from another region (Custom::TenantDatabaseSchemas, ISOLATION), got "ISOLATION-POOLED-PEER-REGION-SCHEMA"',
    ]);
  });

  test('GIVEN the retired exceptions THEN none is still in the catalog', () => {
    for (const id of Object.keys(RETIRED_EXCEPTIONS)) expect(catalogExceptionIds()).not.toContain(id);
  });
});
