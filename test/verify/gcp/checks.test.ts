import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { CATALOG } from '../../../lib/promises/catalog';
import type { ControlId } from '../../../lib/promises/control-ids';
import { GCP_CHECKS } from '../../../lib/verify/gcp';
import { synthesized } from '../synthesized';
import type { Assembly, ControlResult, Outcome, Verification } from '../../../lib/verify/types';
import { verifyAssembly } from '../../../lib/verify/verify-assembly';

/**
 * The Google Cloud evidence checks against the real synthesized output (default config, synthesized
 * once), then against weakened copies of it: each copy changes one field in memory and must turn
 * exactly the control that field keeps into `contradicted` or `missing`, naming the resource.
 */

type Json = any;
const ROOT = join(__dirname, '..', '..', '..');
const GCP_KIND = 'gcp-recordings';

let assembly: Assembly;
let verification: Verification;

beforeAll(() => {
  // The Google Cloud part alone, synthesized in-process: these checks read only cdktf.out.
  assembly = synthesized('config/default.yaml', { aws: false }).assembly;
  verification = verifyAssembly(assembly);
});

const IN_SCOPE = CATALOG.filter((c) => c.appliesTo.kinds.includes(GCP_KIND) && (c.status === 'enforced' || c.status === 'partial'));

function result(v: Verification, control: ControlId): ControlResult {
  const found = v.controls.find((c) => c.control === control);
  if (found === undefined) throw new Error(`no result for ${control}`);
  return found;
}

function stackId(suffix: 'us' | 'eu'): string {
  const stack = assembly.stacks.find((s) => s.id.endsWith(`-${suffix}`));
  if (stack === undefined) throw new Error(`no ${suffix} stack`);
  return stack.id;
}

/** The name of the first resource of `type` whose name starts with `prefix`, in a template. */
function nameOf(template: Json, type: string, prefix: string): string {
  const name = Object.keys(template.resource?.[type] ?? {}).find((n) => n.startsWith(prefix));
  if (name === undefined) throw new Error(`no ${type} ${prefix}*`);
  return name;
}

function res(template: Json, type: string, prefix = ''): Json {
  return template.resource[type][nameOf(template, type, prefix)];
}

function resolvePointer(doc: Json, pointer: string): Json {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((d, key) => (d === undefined || d === null ? undefined : d[key]), doc);
}

describe('GIVEN the default config synthesized', () => {
  test('GIVEN the catalog THEN every control in scope of a recordings stack has a Google Cloud check', () => {
    expect(IN_SCOPE.map((c) => c.id).filter((id) => (GCP_CHECKS[id] ?? []).length === 0)).toEqual([]);
    expect(IN_SCOPE.map((c) => c.id).sort()).toEqual(
      [
        'AUDIT',
        'BACKUP-TIERS',
        'DDOS',
        'ENC-REST',
        'ERASURE',
        'KEY-ROTATE',
        'KEY-SEPARATE',
        'LEAST-PRIV',
        'MULTI-AZ',
        'NET-ISOLATION',
        'NO-LOSS',
        'PUBLIC-SURFACE',
        'REGION-PINNED',
        'RESIDENCY-EU',
        'TLS-EDGE',
        'TLS-HOPS',
        'WAF',
        'WORKSPACE-DELETION',
      ].sort(),
    );
  });

  test('GIVEN the real output THEN both recordings stacks are read, the EU one holding EU data', () => {
    expect(assembly.stacks.map((s) => [s.id, s.cloud, s.metadata?.kind, s.metadata?.dataClasses])).toEqual(
      expect.arrayContaining([
        [stackId('us'), 'gcp', GCP_KIND, []],
        [stackId('eu'), 'gcp', GCP_KIND, ['eu']],
      ]),
    );
    expect(verification.unknownStacks).toEqual([]);
  });

  test('GIVEN the real output THEN every Google Cloud control holds (partial where the catalog says so) on every observation', () => {
    const verdicts = Object.fromEntries(IN_SCOPE.map((c) => [c.id, result(verification, c.id).verdict]));
    const expected = Object.fromEntries(IN_SCOPE.map((c) => [c.id, c.status === 'partial' ? 'partial' : 'holds']));
    expect(verdicts).toEqual(expected);
    const failing = IN_SCOPE.flatMap((c) => result(verification, c.id).evidence.filter((e) => e.outcome !== 'holds' && e.outcome !== 'excepted'));
    expect(failing).toEqual([]);
    expect(verification.ok).toBe(true);
  });

  test('GIVEN the real output THEN each control has evidence of every kind it checks, counted per kind', () => {
    const counts = Object.fromEntries(IN_SCOPE.map((c) => [c.id, result(verification, c.id).counts.map((k) => `${k.kind} ${k.holding}/${k.total}`)]));
    expect(counts).toEqual({
      'ENC-REST': ['gcp-bucket-cmek 4/4', 'gcp-sql-cmek 2/2', 'gcp-log-bucket-cmek 3/3', 'gcp-kms-key-algorithm 13/13'],
      'KEY-ROTATE': ['gcp-kms-key-rotation 13/13'],
      'KEY-SEPARATE': ['gcp-store-own-key 9/9', 'gcp-transfer-sink-key 8/8', 'gcp-transfer-reencrypt 8/8'],
      'TLS-HOPS': ['gcp-backend-protocol-encrypted 2/2', 'gcp-sql-encrypted-only 2/2'],
      'TLS-EDGE': [
        'gcp-ssl-policy-min-tls 2/2',
        'gcp-ssl-policy-profile 2/2',
        'gcp-https-proxy-ssl-policy 2/2',
        'gcp-http-redirect-only 2/2',
        'gcp-listener-target 4/4',
        'gcp-backend-hsts 2/2',
      ],
      'MULTI-AZ': ['gcp-sql-regional 2/2', 'gcp-bucket-multi-zone 4/4'],
      'NET-ISOLATION': [
        'gcp-vpc-custom-mode 2/2',
        'gcp-deny-all-ingress 2/2',
        'gcp-subnet-private-google-access 2/2',
        'gcp-subnet-flow-logs 2/2',
        'gcp-ingress-allow-sources 2/2',
        'gcp-sql-private-network 2/2',
      ],
      'PUBLIC-SURFACE': ['gcp-sql-no-public-ip 2/2', 'gcp-bucket-public-access-prevention 4/4', 'gcp-iam-not-public 27/27', 'gcp-public-entry 6/6'],
      WAF: ['gcp-backend-armor-policy 2/2', 'gcp-armor-owasp-rule 16/16', 'gcp-armor-rate-limit 2/2'],
      DDOS: ['gcp-backend-armor-policy 2/2', 'gcp-global-external-backend 2/2', 'gcp-armor-adaptive-protection 2/2'],
      // The project's audit configs are declared once, in the US stack; the EU stack (same project) is judged on them too.
      AUDIT: [
        'gcp-data-access-audit-logs 4/4',
        'gcp-audit-log-sink 2/2',
        'gcp-audit-log-bucket-locked 2/2',
        'gcp-audit-log-bucket-retention 2/2',
        'gcp-audit-log-bucket-cmek 2/2',
      ],
      'BACKUP-TIERS': [
        'gcp-bucket-tier-copy 8/8',
        'gcp-backup-tier-age 8/8',
        'gcp-backup-bucket-lock 2/2',
        'gcp-sql-backup-plan 2/2',
        'gcp-sql-backup-tier 8/8',
        'gcp-sql-backup-vault 2/2',
      ],
      ERASURE: [
        'gcp-noncurrent-expiry 2/2',
        'gcp-deleted-object-window 2/2',
        'gcp-retention-lock-within-deadline 2/2',
        'gcp-backup-tier-within-deadline 12/16',
        'gcp-schedule-on-backups 16/16',
        'gcp-transfer-keeps-creation-time 8/8',
      ],
      'WORKSPACE-DELETION': [
        'gcp-workspace-schedule 4/4',
        'gcp-backup-lock-within-schedules 2/2',
        'gcp-schedule-on-backups 16/16',
        'gcp-transfer-keeps-creation-time 8/8',
      ],
      'NO-LOSS': [
        'gcp-prevent-destroy 26/26',
        'gcp-sql-deletion-protection 2/2',
        'gcp-sql-database-kept 2/2',
        'gcp-bucket-no-force-destroy 4/4',
        'gcp-bucket-soft-delete 4/4',
        'gcp-bucket-overwrite-protection 4/4',
        'gcp-backup-vault-no-force-delete 2/2',
      ],
      'RESIDENCY-EU': ['gcp-provider-region 1/1', 'gcp-resource-location 14/14', 'gcp-transfer-sink-location 4/4', 'gcp-log-sink-location 2/2'],
      'REGION-PINNED': ['gcp-provider-region 2/2', 'gcp-resource-location 27/27', 'gcp-transfer-sink-location 8/8', 'gcp-log-sink-location 3/3'],
      'LEAST-PRIV': [
        'gcp-bucket-uniform-access 4/4',
        'gcp-bucket-public-access-prevention 4/4',
        'gcp-no-acls-or-hmac-keys 2/2',
        'gcp-kms-key-user 13/13',
        'gcp-iam-no-basic-role 27/27',
        'gcp-iam-named-members 27/27',
      ],
    });
  });

  test('GIVEN RESIDENCY-EU THEN only the EU stack is in scope; REGION-PINNED and the rest cover both stacks', () => {
    expect(result(verification, 'RESIDENCY-EU').stacks).toEqual([stackId('eu')]);
    expect([...result(verification, 'REGION-PINNED').stacks].sort()).toEqual([stackId('eu'), stackId('us')].sort());
  });

  test('GIVEN every observation THEN its value is what the JSON holds at its pointer, inside the resource it names', () => {
    const evidence = IN_SCOPE.flatMap((c) => result(verification, c.id).evidence);
    const mismatched = evidence.flatMap((e) => {
      const template = assembly.stacks.find((s) => s.id === e.stack)?.template;
      const found = resolvePointer(template, e.pointer);
      const sameValue = e.value === undefined || JSON.stringify(found) === JSON.stringify(e.value);
      const [type, name] = (e.resource ?? '').split('.');
      const inResource = e.resource === undefined || e.pointer.startsWith(`/resource/${type}/${name}`);
      return sameValue && inResource && e.file.endsWith('cdk.tf.json') ? [] : [`${e.kind} ${e.pointer}`];
    });
    expect(mismatched).toEqual([]);
    expect(evidence.length).toBeGreaterThan(300);
  });
});

/** [control, what is weakened, stack, verdict, [type, name prefix] of the resource the evidence must name, mutation]. */
type Weakening = [ControlId, string, 'us' | 'eu', Exclude<Outcome, 'holds' | 'excepted'>, [string, string], (t: Json) => void];

const BUCKET = 'google_storage_bucket';
const JOB = 'google_storage_transfer_job';
const SQL = 'google_sql_database_instance';
const KEY = 'google_kms_crypto_key';
const ARMOR = 'google_compute_security_policy';
const LOG_BUCKET = 'google_logging_project_bucket_config';
const metadataOptions = (t: Json, tier: string): Json => res(t, JOB, `bucket-backups_${tier}`).transfer_spec.transfer_options.metadata_options;
const rule = (t: Json, bucket: string, prefix: string): Json =>
  res(t, BUCKET, bucket).lifecycle_rule.find((r: Json) => (r.condition.matches_prefix ?? []).includes(prefix));

const WEAKENINGS: Weakening[] = [
  ['ENC-REST', 'recordings bucket without CMEK', 'us', 'missing', [BUCKET, 'recordings_'], (t) => delete res(t, BUCKET, 'recordings_').encryption],
  [
    'ENC-REST',
    'database under a key from outside the stack',
    'eu',
    'contradicted',
    [SQL, 'database_instance'],
    (t) => (res(t, SQL).encryption_key_name = 'projects/x/locations/europe-west1/keyRings/r/cryptoKeys/k'),
  ],
  ['ENC-REST', 'audit log bucket without CMEK', 'us', 'missing', [LOG_BUCKET, 'audit_'], (t) => delete res(t, LOG_BUCKET).cmek_settings],
  [
    'KEY-ROTATE',
    'key rotated every 400 days',
    'us',
    'contradicted',
    [KEY, 'keys_recordings'],
    (t) => (res(t, KEY, 'keys_recordings').rotation_period = '34560000s'),
  ],
  ['KEY-ROTATE', 'key without rotation', 'eu', 'missing', [KEY, 'keys_logs'], (t) => delete res(t, KEY, 'keys_logs').rotation_period],
  [
    'KEY-SEPARATE',
    'backups under the recordings key',
    'us',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (res(t, BUCKET, 'backups_').encryption = { ...res(t, BUCKET, 'recordings_').encryption }),
  ],
  [
    'KEY-SEPARATE',
    'copies keeping the source key',
    'eu',
    'contradicted',
    [JOB, 'bucket-backups_daily'],
    (t) => (metadataOptions(t, 'daily').kms_key = 'KMS_KEY_PRESERVE'),
  ],
  [
    'KEY-SEPARATE',
    'transfer job writing back into the recordings bucket',
    'us',
    'contradicted',
    [JOB, 'bucket-backups_hourly'],
    (t) =>
      (res(t, JOB, 'bucket-backups_hourly').transfer_spec.gcs_data_sink.bucket_name = res(
        t,
        JOB,
        'bucket-backups_hourly',
      ).transfer_spec.gcs_data_source.bucket_name),
  ],
  [
    'TLS-EDGE',
    'SSL policy accepting TLS 1.0',
    'us',
    'contradicted',
    ['google_compute_ssl_policy', 'edge_'],
    (t) => (res(t, 'google_compute_ssl_policy').min_tls_version = 'TLS_1_0'),
  ],
  [
    'TLS-EDGE',
    'SSL policy with the COMPATIBLE profile',
    'eu',
    'contradicted',
    ['google_compute_ssl_policy', 'edge_'],
    (t) => (res(t, 'google_compute_ssl_policy').profile = 'COMPATIBLE'),
  ],
  [
    'TLS-EDGE',
    'HTTPS proxy without SSL policy',
    'us',
    'missing',
    ['google_compute_target_https_proxy', 'edge_'],
    (t) => delete res(t, 'google_compute_target_https_proxy').ssl_policy,
  ],
  [
    'TLS-EDGE',
    'port 80 serving the backend instead of redirecting',
    'us',
    'contradicted',
    ['google_compute_url_map', 'edge_http-redirect'],
    (t) => (res(t, 'google_compute_url_map', 'edge_http-redirect').default_url_redirect.https_redirect = false),
  ],
  [
    'TLS-EDGE',
    'backend without HSTS',
    'eu',
    'missing',
    ['google_compute_backend_service', 'edge_'],
    (t) => (res(t, 'google_compute_backend_service').custom_response_headers = []),
  ],
  ['MULTI-AZ', 'database in one zone', 'us', 'contradicted', [SQL, 'database_'], (t) => (res(t, SQL).settings.availability_type = 'ZONAL')],
  [
    'NET-ISOLATION',
    'firewall allowing the internet',
    'us',
    'contradicted',
    ['google_compute_firewall', 'network_allow-health-checks'],
    (t) => res(t, 'google_compute_firewall', 'network_allow-health-checks').source_ranges.push('0.0.0.0/0'),
  ],
  [
    'NET-ISOLATION',
    'no deny-all ingress rule',
    'eu',
    'missing',
    ['google_compute_network', 'network_vpc'],
    (t) => delete t.resource.google_compute_firewall[nameOf(t, 'google_compute_firewall', 'network_deny-all')],
  ],
  [
    'NET-ISOLATION',
    'auto-mode VPC',
    'us',
    'contradicted',
    ['google_compute_network', 'network_vpc'],
    (t) => (res(t, 'google_compute_network').auto_create_subnetworks = true),
  ],
  [
    'NET-ISOLATION',
    'subnet without flow logs',
    'eu',
    'missing',
    ['google_compute_subnetwork', 'network_'],
    (t) => delete res(t, 'google_compute_subnetwork').log_config,
  ],
  [
    'PUBLIC-SURFACE',
    'database with a public IPv4',
    'eu',
    'contradicted',
    [SQL, 'database_'],
    (t) => (res(t, SQL).settings.ip_configuration.ipv4_enabled = true),
  ],
  [
    'PUBLIC-SURFACE',
    'backups readable by allUsers',
    'us',
    'contradicted',
    ['google_storage_bucket_iam_member', 'bucket-backups_sink-reader'],
    (t) => (res(t, 'google_storage_bucket_iam_member', 'bucket-backups_sink-reader').member = 'allUsers'),
  ],
  [
    'PUBLIC-SURFACE',
    'public access prevention inherited',
    'us',
    'contradicted',
    [BUCKET, 'recordings_'],
    (t) => (res(t, BUCKET, 'recordings_').public_access_prevention = 'inherited'),
  ],
  [
    'WAF',
    'backend without Cloud Armor',
    'us',
    'missing',
    ['google_compute_backend_service', 'edge_'],
    (t) => delete res(t, 'google_compute_backend_service').security_policy,
  ],
  [
    'WAF',
    'SQL injection rule only previewed',
    'eu',
    'missing',
    [ARMOR, 'armor_'],
    (t) => (res(t, ARMOR).rule.find((r: Json) => String(r.match.expr?.expression).includes("'sqli-")).preview = true),
  ],
  [
    'WAF',
    'rate limit on all clients together',
    'us',
    'missing',
    [ARMOR, 'armor_'],
    (t) => (res(t, ARMOR).rule[0].rate_limit_options.enforce_on_key = 'ALL'),
  ],
  [
    'DDOS',
    'Adaptive Protection off',
    'us',
    'contradicted',
    [ARMOR, 'armor_'],
    (t) => (res(t, ARMOR).adaptive_protection_config.layer_7_ddos_defense_config.enable = false),
  ],
  ['AUDIT', 'audit log bucket unlocked', 'us', 'contradicted', [LOG_BUCKET, 'audit_'], (t) => (res(t, LOG_BUCKET).locked = false)],
  ['AUDIT', 'audit logs kept 30 days', 'eu', 'contradicted', [LOG_BUCKET, 'audit_'], (t) => (res(t, LOG_BUCKET).retention_days = 30)],
  [
    'AUDIT',
    'no DATA_READ audit logs for Cloud Storage',
    'us',
    'contradicted',
    ['google_project_iam_audit_config', 'audit_data-access-storage'],
    (t) => res(t, 'google_project_iam_audit_config', 'audit_data-access-storage').audit_log_config.splice(1, 1),
  ],
  [
    'AUDIT',
    'audit sink disabled',
    'eu',
    'contradicted',
    ['google_logging_project_sink', 'audit_'],
    (t) => (res(t, 'google_logging_project_sink').disabled = true),
  ],
  [
    'BACKUP-TIERS',
    'no weekly copy',
    'us',
    'missing',
    [BUCKET, 'recordings_'],
    (t) => delete t.resource[JOB][nameOf(t, JOB, 'bucket-backups_weekly')],
  ],
  [
    'BACKUP-TIERS',
    'monthly copy every 90 days',
    'eu',
    'contradicted',
    [JOB, 'bucket-backups_monthly'],
    (t) => (res(t, JOB, 'bucket-backups_monthly').schedule.repeat_interval = '7776000s'),
  ],
  [
    'BACKUP-TIERS',
    'weekly tier kept 8 weeks',
    'us',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (rule(t, 'backups_', 'weekly/').condition.age = 56),
  ],
  [
    'BACKUP-TIERS',
    'database monthly backups kept 30 days',
    'us',
    'contradicted',
    ['google_backup_dr_backup_plan', 'database_plan'],
    (t) => (res(t, 'google_backup_dr_backup_plan').backup_rules[3].backup_retention_days = 30),
  ],
  [
    'BACKUP-TIERS',
    'backup bucket retention not locked',
    'eu',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (res(t, BUCKET, 'backups_').retention_policy.is_locked = false),
  ],
  [
    'ERASURE',
    'noncurrent versions kept 60 days',
    'us',
    'contradicted',
    [BUCKET, 'recordings_'],
    (t) =>
      (res(t, BUCKET, 'recordings_').lifecycle_rule.find((r: Json) => r.condition.days_since_noncurrent_time).condition.days_since_noncurrent_time =
        60),
  ],
  [
    'ERASURE',
    'deleted recordings restorable 90 days',
    'eu',
    'contradicted',
    [BUCKET, 'recordings_'],
    (t) => (res(t, BUCKET, 'recordings_').soft_delete_policy.retention_duration_seconds = 7776000),
  ],
  [
    'ERASURE',
    'backups locked 60 days',
    'us',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (res(t, BUCKET, 'backups_').retention_policy.retention_period = 5184000),
  ],
  [
    'WORKSPACE-DELETION',
    'a workspace schedule missing from the backups',
    'us',
    'missing',
    [BUCKET, 'backups_'],
    (t) =>
      (res(t, BUCKET, 'backups_').lifecycle_rule = res(t, BUCKET, 'backups_').lifecycle_rule.filter(
        (r: Json) => r.condition.days_since_custom_time !== 90,
      )),
  ],
  [
    'WORKSPACE-DELETION',
    'copies without the creation time',
    'eu',
    'contradicted',
    [JOB, 'bucket-backups_weekly'],
    (t) => (metadataOptions(t, 'weekly').time_created = 'TIME_CREATED_SKIP'),
  ],
  [
    'WORKSPACE-DELETION',
    'backup copies deleted later than the schedule',
    'us',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (rule(t, 'backups_', 'monthly/workspaces/sales-demos/').condition.days_since_custom_time = 400),
  ],
  ['NO-LOSS', 'key without prevent_destroy', 'us', 'missing', [KEY, 'keys_backups'], (t) => delete res(t, KEY, 'keys_backups').lifecycle],
  [
    'NO-LOSS',
    'bucket with force_destroy',
    'eu',
    'contradicted',
    [BUCKET, 'recordings_'],
    (t) => (res(t, BUCKET, 'recordings_').force_destroy = true),
  ],
  ['NO-LOSS', 'database without deletion protection', 'us', 'contradicted', [SQL, 'database_'], (t) => (res(t, SQL).deletion_protection = false)],
  [
    'NO-LOSS',
    'backup vault deletable with its backups',
    'eu',
    'contradicted',
    ['google_backup_dr_backup_vault', 'database_'],
    (t) => (res(t, 'google_backup_dr_backup_vault').force_delete = true),
  ],
  [
    'REGION-PINNED',
    'global key ring',
    'us',
    'contradicted',
    ['google_kms_key_ring', 'keys_'],
    (t) => (res(t, 'google_kms_key_ring').location = 'global'),
  ],
  [
    'REGION-PINNED',
    'bucket without a location (the US multi-region)',
    'us',
    'missing',
    [BUCKET, 'recordings_'],
    (t) => delete res(t, BUCKET, 'recordings_').location,
  ],
  [
    'RESIDENCY-EU',
    'backups copied to a bucket in us-east1',
    'eu',
    'contradicted',
    [JOB, 'bucket-backups_daily'],
    (t) => {
      t.resource[BUCKET].elsewhere = { ...res(t, BUCKET, 'backups_'), name: 'copies-elsewhere', location: 'US-EAST1' };
      res(t, JOB, 'bucket-backups_daily').transfer_spec.gcs_data_sink.bucket_name = '${google_storage_bucket.elsewhere.name}';
    },
  ],
  [
    'RESIDENCY-EU',
    'audit logs routed to us-central1',
    'eu',
    'contradicted',
    ['google_logging_project_sink', 'audit_'],
    (t) =>
      (res(t, 'google_logging_project_sink').destination = res(t, 'google_logging_project_sink').destination.replace('europe-west1', 'us-central1')),
  ],
  [
    'RESIDENCY-EU',
    'database backups stored in the US',
    'eu',
    'contradicted',
    [SQL, 'database_'],
    (t) => (res(t, SQL).settings.backup_configuration.location = 'us'),
  ],
  [
    'TLS-HOPS',
    'backend service speaking plain HTTP to Cloud Run',
    'us',
    'contradicted',
    ['google_compute_backend_service', ''],
    (t) => (res(t, 'google_compute_backend_service').protocol = 'HTTP'),
  ],
  [
    'TLS-HOPS',
    'Cloud SQL accepting unencrypted connections',
    'eu',
    'contradicted',
    [SQL, 'database_'],
    (t) => (res(t, SQL).settings.ip_configuration.ssl_mode = 'ALLOW_UNENCRYPTED_AND_ENCRYPTED'),
  ],
  [
    'LEAST-PRIV',
    'bucket owner granted to the transfer agent',
    'us',
    'contradicted',
    ['google_storage_bucket_iam_member', 'bucket-backups_sink-writer'],
    (t) => (res(t, 'google_storage_bucket_iam_member', 'bucket-backups_sink-writer').role = 'roles/owner'),
  ],
  [
    'LEAST-PRIV',
    'a person allowed to use the recordings key',
    'eu',
    'contradicted',
    ['google_kms_crypto_key_iam_member', 'keys_recordings'],
    (t) => (res(t, 'google_kms_crypto_key_iam_member', 'keys_recordings').member = 'user:someone@example.com'),
  ],
  [
    'LEAST-PRIV',
    'fine-grained object ACLs',
    'us',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (res(t, BUCKET, 'backups_').uniform_bucket_level_access = false),
  ],
  [
    'LEAST-PRIV',
    'an HMAC key',
    'us',
    'contradicted',
    ['google_storage_hmac_key', 'leaked'],
    (t) => (t.resource.google_storage_hmac_key = { leaked: { service_account_email: 'app@example-recordings.iam.gserviceaccount.com' } }),
  ],
];

describe('GIVEN a weakened copy of one Google Cloud stack', () => {
  function weakened(suffix: 'us' | 'eu', mutate: (t: Json) => void): { verification: Verification; template: Json } {
    const id = stackId(suffix);
    const template = structuredClone(assembly.stacks.find((s) => s.id === id)?.template) as Json;
    mutate(template);
    const stacks = assembly.stacks.map((s) => (s.id === id ? { ...s, template } : s));
    return { verification: verifyAssembly({ ...assembly, stacks }), template };
  }

  test('GIVEN the weakening table THEN it covers every control in scope, at least 25 cases', () => {
    expect(WEAKENINGS.length).toBeGreaterThanOrEqual(25);
    expect([...new Set(WEAKENINGS.map((w) => w[0]))].sort()).toEqual(IN_SCOPE.map((c) => c.id).sort());
  });

  test.each(WEAKENINGS)(
    'GIVEN %s: %s (%s stack) THEN the control is %s, naming the resource',
    (control, _what, suffix, verdict, [type, prefix], mutate) => {
      const { verification: v, template } = weakened(suffix, mutate);
      const resource = `${type}.${nameOf(template, type, prefix)}`;
      const controlResult = result(v, control);
      expect(controlResult.verdict).toBe(verdict);
      const failing = controlResult.evidence.filter((e) => e.outcome === verdict);
      expect(failing.map((e) => e.resource)).toContain(resource);
      expect(v.ok).toBe(false);
      // The original stays untouched: the real output still holds.
      expect(verification.ok).toBe(true);
    },
  );
});

describe('GIVEN the exception for records deleted by hand', () => {
  test('GIVEN the default output THEN each tier longer than the deadline is excepted by ERASURE-GCP-RECORDS-IN-BACKUP-TIERS, on the bucket copies and the Cloud SQL backups', () => {
    const over = result(verification, 'ERASURE').evidence.filter((e) => e.kind === 'gcp-backup-tier-within-deadline' && e.outcome !== 'holds');
    expect(over.map((e) => [e.outcome, e.exception, e.value])).toEqual(over.map(() => ['excepted', 'ERASURE-GCP-RECORDS-IN-BACKUP-TIERS', 365]));
    expect(new Set(over.map((e) => e.resource?.split('.')[0]))).toEqual(new Set(['google_storage_bucket', 'google_backup_dr_backup_plan']));
  });

  test('GIVEN a stack that does not accept it THEN ERASURE is contradicted on the monthly tier of the backup bucket and of the database plan', () => {
    const id = stackId('us');
    const stacks = assembly.stacks.map((s) =>
      s.id === id && s.metadata !== undefined
        ? {
            ...s,
            metadata: { ...s.metadata, acceptedExceptions: s.metadata.acceptedExceptions.filter((x) => x !== 'ERASURE-GCP-RECORDS-IN-BACKUP-TIERS') },
          }
        : s,
    );
    const v = verifyAssembly({ ...assembly, stacks });
    const erasure = result(v, 'ERASURE');
    expect(erasure.verdict).toBe('contradicted');
    const failing = erasure.evidence.filter((e) => e.outcome === 'contradicted');
    expect(failing.map((e) => [e.stack, e.kind, e.value])).toEqual(failing.map(() => [id, 'gcp-backup-tier-within-deadline', 365]));
    expect(failing.map((e) => e.pointer).join(' ')).toMatch(/backup_rules\/3\/backup_retention_days/);
    expect(v.ok).toBe(false);
  });
});

describe('GIVEN lib/verify/gcp', () => {
  test('GIVEN its imports THEN it reads only lib/verify, lib/promises, lib/plan and the stateful-type list of lib/nag (never the builder in lib/gcp)', () => {
    const dir = join(ROOT, 'lib', 'verify', 'gcp');
    const outside = readdirSync(dir).flatMap((file) =>
      [...readFileSync(join(dir, file), 'utf8').matchAll(/from '(\.[^']+)'/g)]
        .map((m) => m[1])
        .filter(
          (path) =>
            !/^\.\/[a-z-]+$/.test(path) &&
            !/^\.\.\/[a-z-]+$/.test(path) &&
            !/^\.\.\/\.\.\/(promises|plan)\//.test(path) &&
            path !== '../../nag/stateful-types',
        )
        .map((path) => `${file}: ${path}`),
    );
    expect(outside).toEqual([]);
  });
});
