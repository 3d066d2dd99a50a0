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
  ['account-id-as-number.yaml', ['accounts.platform: expected 12 digits as a quoted string, got 111111111111']],
  ['bad-cidr.yaml', ['tenants[0].cidr: expected an IPv4 CIDR block such as "10.0.0.0/16", got "10.0.0.0/33"']],
  ['byok-on-pro.yaml', ['tenants[0].byok: requires plan enterprise (tenant is on plan pro), got true']],
  ['dr-equals-primary.yaml', ['regions.dr: must differ from regions.primary ("us-east-1"), got "us-east-1"']],
  ['duplicate-tenant-ids.yaml', ['tenants[1].id: duplicates tenants[0].id, got "acme"']],
  ['duplicate-yaml-key.yaml', ['YAML syntax error: Map keys must be unique at line 5, column 1']],
  [
    'egress-allowlist-aws-wildcards.yaml',
    [
      'platform.egressAllowlist[0]: NET-ISOLATION: covers every AWS service endpoint under amazonaws.com, so a workload could send data to any AWS account\'s bucket or API (exfiltration through AWS itself); name each endpoint exactly, or reach the service through a VPC endpoint, got ".amazonaws.com"',
      'platform.egressAllowlist[2]: NET-ISOLATION: covers every name under us-east-1.amazonaws.com, including those AWS gives other accounts\' resources, so a workload could send data to any AWS account\'s bucket or API (exfiltration through AWS itself); name each endpoint exactly, or reach the service through a VPC endpoint, got ".us-east-1.amazonaws.com"',
      "platform.egressAllowlist[3]: NET-ISOLATION: is an S3 service endpoint: path-style requests through it reach every account's buckets, so a workload could send data to any AWS account's bucket or API (exfiltration through AWS itself); reach S3 through the VPC's S3 gateway endpoint, whose policy admits only this account's buckets, got \"s3.us-west-2.amazonaws.com\"",
    ],
  ],
  ['enterprise-without-retention.yaml', ['tenants[0].retentionDays: is required for plan enterprise (days of data and log retention)']],
  [
    'eu-hipaa-tenant-outside-eu.yaml',
    [
      'tenants[0].hipaa: would place an EU tenant\'s data in the HIPAA enclave region "us-east-1"; EU data is stored only in residency.eu.region ("eu-west-1"), got true',
    ],
  ],
  [
    'eu-residency-in-london.yaml',
    [
      'residency.eu.region: must be an AWS region inside the European Union (eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2), got "eu-west-2"',
    ],
  ],
  [
    'eu-residency-outside-eu.yaml',
    [
      'residency.eu.region: must be an AWS region inside the European Union (eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2), got "us-east-1"',
    ],
  ],
  [
    'gcp-bad-project.yaml',
    ['gcp.project: expected a Google Cloud project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter, got "X"'],
  ],
  [
    'platform-alerts-bad-endpoint-and-digest.yaml',
    [
      'platform.alerts.pagingEndpoint: expected an https:// URL such as "https://events.pagerduty.com/integration/<key>/enqueue", got "http://events.example.com/page"',
      'platform.alerts.digestEmail: expected an email address, got "digest"',
      'platform.alerts.pagerDuty: unknown key (allowed: pagingEndpoint, digestEmail)',
    ],
  ],
  ['hipaa-shares-platform-account.yaml', ['accounts.hipaa: must be a separate account from accounts.platform, got "111111111111"']],
  ['hipaa-tenant-without-enclave.yaml', ['tenants[0].hipaa: requires hipaa.enabled: true (there is no enclave to place the tenant on), got true']],
  [
    'missing-accounts.yaml',
    [
      'accounts: is required: regions configures AWS stacks (a Google-Cloud-only config omits regions, availabilityZones, s3PrefixLists, residency, hipaa, shieldAdvanced, platform, tenancy, tenants, pipeline)',
    ],
  ],
  [
    'misspelled-key-and-bad-account.yaml',
    [
      'accounts.platform: is required (expected 12 digits as a quoted string)',
      'accounts.hipaa: expected 12 digits, got "12ab"',
      'accounts.platfrom: unknown key; did you mean "platform"? (allowed: platform, hipaa, eu, deployment)',
    ],
  ],
  [
    'organization-not-dns-safe.yaml',
    [
      'organization: expected a DNS-safe name: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 14 characters, got "Example_SaaS"',
    ],
  ],
  [
    'platform-container-public-image-and-low-port.yaml',
    [
      'platform.container.port: expected a whole number from 1024 to 65535, got 80',
      'platform.container.image: was replaced by platform.container.imageTag: every service runs from its stack\'s own scan-on-push, immutable ECR repository, never a public image; push the service image there and set the tag (README, "Service image")',
    ],
  ],
  ['retention-on-starter.yaml', ['tenants[0].retentionDays: is set by plan starter and may only be given for plan enterprise, got 90']],
  [
    'retention-out-of-bounds.yaml',
    [
      'tenants[0].retentionDays: RETENTION: expected a whole number from 7 to 3650 (policy.retention.enterpriseMinDays..enterpriseMaxDays), got 99999',
    ],
  ],
  ['shield-not-boolean.yaml', ['shieldAdvanced: expected true or false, got "yes"']],
  ['tenant-unknown-plan.yaml', ['tenants[0].plan: expected one of starter, pro, enterprise, got "gold"']],
  ['tenants-not-a-list.yaml', ['tenants: expected a list, got {"id":"acme"}']],
  ['unknown-region.yaml', ['regions.primary: expected an AWS commercial region name such as "us-east-1", got "us-east-7"']],
  [
    'unknown-top-level-key.yaml',
    [
      'shieldAdvance: unknown key; did you mean "shieldAdvanced"? (allowed: organization, environment, policy, accounts, availabilityZones, s3PrefixLists, regions, residency, hipaa, shieldAdvanced, platform, tenancy, tenants, gcp, identityCenter, pipeline)',
    ],
  ],
  ['yaml-syntax-error.yaml', ['YAML syntax error: Flow map in block collection must be sufficiently indented and end with a } at line 4, column 1']],
  // Tenancy: CIDR allocation, placement, stack selection, erasure (tenant-network.ts, tenant-rules.ts).
  [
    'eu-hipaa-tenant-enclave-in-other-eu-region.yaml',
    [
      'tenants[0].hipaa: would place an EU tenant\'s data in the HIPAA enclave region "eu-central-1"; EU data is stored only in residency.eu.region ("eu-west-1"), got true',
    ],
  ],
  [
    'eu-tenant-in-platform-account.yaml',
    [
      'tenants[0].account: is accounts.platform, a US account; an EU tenant\'s data stays in the EU: use accounts.eu (the default) or a dedicated account, got "111111111111"',
    ],
  ],
  [
    'eu-tenant-in-us-hipaa-account.yaml',
    [
      'tenants[0].account: is accounts.hipaa, whose enclave region "us-east-1" is outside the EU; an EU tenant\'s data stays in residency.eu.region ("eu-west-1"), got "222222222222"',
    ],
  ],
  [
    'hipaa-enclave-bad-fields.yaml',
    [
      'residency.eu.vpcCidr: expected the network address (host bits zero) "10.2.0.0/16", got "10.2.0.1/16"',
      'hipaa.vpcCidr: expected a CIDR block from /16 to /20, got "10.1.0.0/24"',
      'hipaa.imageTag: expected an image tag: letters, digits, "_", "." and "-", at most 128 characters, not starting with "." or "-", got ":latest"',
      'hipaa.consumers[1]: expected 12 digits, got "12345"',
    ],
  ],
  [
    'offboarding-outlives-erasure-deadline.yaml',
    [
      'tenancy.offboarding: graceDays (20) + keyDeletionWindowDays (14) = 34 days, over the 30-day erasure promise (policy.erasure.deadlineDays): backups taken until erasure starts outlive that promise in the weekly (28 d) and monthly (365 d) tiers, so erasure relies on crypto-shredding the tenant\'s keys, which become unusable only after the grace period plus the KMS pending window; make the sum at most 30, got {"graceDays":20,"keyDeletionWindowDays":14}',
    ],
  ],
  [
    'tenancy-supernet-overlaps-platform-vpcs.yaml',
    [
      'tenancy.supernet: overlaps platform.vpcCidr ("10.0.0.0/16"); tenant VPCs must not share addresses with the platform, enclave or EU VPCs, got "10.0.0.0/8"',
      'tenancy.supernet: overlaps hipaa.vpcCidr ("10.1.0.0/16"); tenant VPCs must not share addresses with the platform, enclave or EU VPCs, got "10.0.0.0/8"',
      'tenancy.supernet: overlaps residency.eu.vpcCidr ("10.2.0.0/16"); tenant VPCs must not share addresses with the platform, enclave or EU VPCs, got "10.0.0.0/8"',
    ],
  ],
  [
    'tenancy-supernet-too-small.yaml',
    [
      'tenancy.supernet: too small for 2 tenants at /22: 1 block; choose a larger supernet (changing it renumbers every tenant without a pinned cidr) or pin cidr on some tenants, got "10.128.0.0/22"',
    ],
  ],
  [
    'tenancy-values-out-of-bounds.yaml',
    [
      'tenancy.supernet: expected a CIDR block from /8 to /24, got "172.16.0.0/28"',
      'tenancy.vpcPrefixLength: expected a whole number from 20 to 24, got 16',
      'tenancy.offboarding.graceDays: expected a whole number from 0 to 23, got 24',
      'tenancy.offboarding.keyDeletionWindowDays: expected a whole number from 7 to 30, got 31',
      'tenancy.offboarding.exportDays: unknown key (allowed: graceDays, keyDeletionWindowDays)',
    ],
  ],
  [
    'tenant-cidr-bad-prefix-and-host-bits.yaml',
    [
      'tenants[0].cidr: expected a CIDR block from /16 to /24, got "10.200.0.0/8"',
      'tenants[1].cidr: expected the network address (host bits zero) "10.200.0.0/16", got "10.200.1.0/16"',
    ],
  ],
  [
    'tenant-cidr-overlaps-platform-vpcs.yaml',
    [
      'tenants[0].cidr: overlaps platform.vpcCidr ("10.0.0.0/16"); choose a free block such as "10.128.0.0/20", got "10.0.0.0/20"',
      'tenants[1].cidr: overlaps residency.eu.vpcCidr ("10.2.0.0/16"); choose a free block such as "10.128.16.0/22", got "10.2.4.0/22"',
      'tenants[2].cidr: overlaps hipaa.vpcCidr ("10.1.0.0/16"); choose a free block such as "10.129.0.0/16", got "10.1.0.0/16"',
    ],
  ],
  [
    'tenant-cidrs-overlap.yaml',
    [
      'tenants[1].cidr: overlaps tenants[0].cidr ("10.200.0.0/16") of tenant "acme"; choose a free block such as "10.128.0.0/22", got "10.200.8.0/22"',
    ],
  ],
  [
    'tenant-hash-collision.yaml',
    [
      'tenants[1].id: hashes to the same block "10.154.244.0/22" as tenants[0] ("dunder"); pin a free block on the newer of the two, e.g. cidr: "10.154.248.0/22", got "monarch9"',
    ],
  ],
  [
    'tenant-hashes-into-pinned-cidr.yaml',
    [
      'tenants[1].id: hashes to "10.159.4.0/22", inside tenants[0].cidr ("10.159.0.0/16") of tenant "hooli"; pin a free block on the newer of the two, e.g. cidr: "10.160.0.0/22", got "acme"',
      'tenants[2].id: hashes to "10.159.208.0/22", inside tenants[0].cidr ("10.159.0.0/16") of tenant "hooli"; pin a free block on the newer of the two, e.g. cidr: "10.160.4.0/22", got "initech"',
      'tenants[3].cidr: overlaps tenants[0].cidr ("10.159.0.0/16") of tenant "hooli"; choose a free block such as "10.128.0.0/22", got "10.159.208.0/22"',
      'tenants[3].cidr: overlaps the block "10.159.208.0/22" allocated to tenants[2] ("initech"); choose a free block such as "10.128.4.0/22", got "10.159.208.0/22"',
    ],
  ],
  [
    'tenant-problems-all-at-once.yaml',
    [
      'tenants[1].plan: expected one of starter, pro, enterprise, got "gold"',
      'tenants[0].account: is accounts.eu, whose SCP denies every region but residency.eu.region ("eu-west-1"); this us tenant\'s stacks deploy to "us-east-1", got "333333333333"',
      'tenants[2].account: is accounts.platform, a US account; an EU tenant\'s data stays in the EU: use accounts.eu (the default) or a dedicated account, got "111111111111"',
      'tenancy.offboarding: graceDays (23) + keyDeletionWindowDays (30) = 53 days, over the 30-day erasure promise (policy.erasure.deadlineDays): backups taken until erasure starts outlive that promise in the weekly (28 d) and monthly (365 d) tiers, so erasure relies on crypto-shredding the tenant\'s keys, which become unusable only after the grace period plus the KMS pending window; make the sum at most 30, got {"graceDays":23,"keyDeletionWindowDays":30}',
      'tenants[1].id: hashes to the same block "10.154.244.0/22" as tenants[0] ("dunder"); pin a free block on the newer of the two, e.g. cidr: "10.154.248.0/22", got "monarch9"',
      'tenants[2].cidr: overlaps platform.vpcCidr ("10.0.0.0/16"); choose a free block such as "10.128.0.0/16", got "10.0.0.0/16"',
    ],
  ],
  [
    'us-tenant-in-eu-account.yaml',
    [
      'tenants[0].account: is accounts.eu, whose SCP denies every region but residency.eu.region ("eu-west-1"); this us tenant\'s stacks deploy to "us-east-1", got "333333333333"',
    ],
  ],
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
