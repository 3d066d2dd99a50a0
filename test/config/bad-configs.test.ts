import { readdirSync } from 'fs';
import { join } from 'path';
import { ConfigError } from '../../lib/config/errors';
import { loadConfig } from '../../lib/config/loader';

const BAD = join(__dirname, '..', 'fixtures', 'config', 'bad');

/**
 * Every fixture under test/fixtures/config/bad with the exact lines a user sees: the config path,
 * what was expected, and the value received. Several fixtures carry more than one mistake: all of
 * them must be reported at once.
 */
const CASES: [fixture: string, lines: string[]][] = [
  ['account-id-as-number.yaml', ["accounts.platform: expected 12 digits as a quoted string, got 111111111111"]],
  ['bad-cidr.yaml', ["tenants[0].cidr: expected an IPv4 CIDR block such as \"10.0.0.0/16\", got \"10.0.0.0/33\""]],
  ['byok-on-pro.yaml', ["tenants[0].byok: requires plan enterprise (tenant is on plan pro), got true"]],
  ['dr-equals-primary.yaml', ["regions.dr: must differ from regions.primary (\"us-east-1\"), got \"us-east-1\""]],
  ['duplicate-tenant-ids.yaml', ["tenants[1].id: duplicates tenants[0].id, got \"acme\""]],
  ['duplicate-yaml-key.yaml', ["YAML syntax error: Map keys must be unique at line 5, column 1"]],
  ['enterprise-without-retention.yaml', ["tenants[0].retentionDays: is required for plan enterprise (days of data and log retention)"]],
  ['eu-hipaa-tenant-outside-eu.yaml', ["tenants[0].hipaa: would place an EU tenant's data in the HIPAA enclave region \"us-east-1\"; EU data is stored only in residency.eu.region (\"eu-west-1\"), got true"]],
  ['eu-residency-in-london.yaml', ["residency.eu.region: must be an AWS region inside the European Union (eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2), got \"eu-west-2\""]],
  ['eu-residency-outside-eu.yaml', ["residency.eu.region: must be an AWS region inside the European Union (eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2), got \"us-east-1\""]],
  ['gcp-bad-project.yaml', ["gcp.project: expected a Google Cloud project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter, got \"X\""]],
  ['hipaa-shares-platform-account.yaml', ["accounts.hipaa: must be a separate account from accounts.platform, got \"111111111111\""]],
  ['hipaa-tenant-without-enclave.yaml', ["tenants[0].hipaa: requires hipaa.enabled: true (there is no enclave to place the tenant on), got true"]],
  ['missing-accounts.yaml', ["accounts: is required (expected a mapping (key: value pairs))"]],
  ['misspelled-key-and-bad-account.yaml', ["accounts.platform: is required (expected 12 digits as a quoted string)","accounts.hipaa: expected 12 digits, got \"12ab\"","accounts.platfrom: unknown key; did you mean \"platform\"? (allowed: platform, hipaa, eu)"]],
  ['organization-not-dns-safe.yaml', ["organization: expected a DNS-safe name: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 14 characters, got \"Example_SaaS\""]],
  ['retention-on-starter.yaml', ["tenants[0].retentionDays: is set by plan starter and may only be given for plan enterprise, got 90"]],
  ['retention-out-of-bounds.yaml', ["tenants[0].retentionDays: expected a whole number from 7 to 3650, got 99999"]],
  ['shield-not-boolean.yaml', ["shieldAdvanced: expected true or false, got \"yes\""]],
  ['tenant-unknown-plan.yaml', ["tenants[0].plan: expected one of starter, pro, enterprise, got \"gold\""]],
  ['tenants-not-a-list.yaml', ["tenants: expected a list, got {\"id\":\"acme\"}"]],
  ['unknown-region.yaml', ["regions.primary: expected an AWS commercial region name such as \"us-east-1\", got \"us-east-7\""]],
  ['unknown-top-level-key.yaml', ["shieldAdvance: unknown key; did you mean \"shieldAdvanced\"? (allowed: organization, environment, accounts, regions, residency, hipaa, shieldAdvanced, platform, tenancy, tenants, gcp)"]],
  ['yaml-syntax-error.yaml', ["YAML syntax error: Flow map in block collection must be sufficiently indented and end with a } at line 4, column 1"]],
];

describe('bad configs', () => {
  test.each(CASES)('GIVEN %s WHEN loaded THEN it fails with exactly the expected messages', (fixture, lines) => {
    let caught: unknown;
    try {
      loadConfig(join(BAD, fixture));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).lines).toEqual(lines);
  });

  test('GIVEN the fixture folder THEN every fixture has a case (none is silently untested)', () => {
    expect(readdirSync(BAD).sort()).toEqual(CASES.map(([fixture]) => fixture).sort());
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  test('GIVEN a config with a misspelled key and a bad account id THEN the message names both paths and values, and the source file', () => {
    expect(() => loadConfig(join(BAD, 'misspelled-key-and-bad-account.yaml'))).toThrow(
      /misspelled-key-and-bad-account\.yaml: 3 problems in the Rampart config\n  - accounts\.platform: is required.*\n  - accounts\.hipaa: expected 12 digits, got "12ab"\n  - accounts\.platfrom: unknown key; did you mean "platform"\?/,
    );
  });
});
