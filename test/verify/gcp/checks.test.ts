import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { STACK_METADATA_KEY } from '../../../lib/plan/stack-metadata';
import { CATALOG } from '../../../lib/promises/catalog';
import type { ControlId } from '../../../lib/promises/control-ids';
import { GCP_CHECKS } from '../../../lib/verify/gcp';
import { synthesized } from '../synthesized';
import type { Assembly, ControlResult, Outcome, StackArtifact, Verification } from '../../../lib/verify/types';
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
        'DETECT',
        'DETECT-ACTIVITY',
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
        'VULN-SCAN',
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
    // REGION-PINNED is enforced but partial here: the EU stack holds EU recordings under the exception the default config accepts.
    const expected = Object.fromEntries(IN_SCOPE.map((c) => [c.id, c.status === 'partial' || c.id === 'REGION-PINNED' ? 'partial' : 'holds']));
    expect(verdicts).toEqual(expected);
    const failing = IN_SCOPE.flatMap((c) => result(verification, c.id).evidence.filter((e) => e.outcome !== 'holds' && e.outcome !== 'excepted'));
    expect(failing).toEqual([]);
    expect(verification.ok).toBe(true);
  });

  test('GIVEN the real output THEN each control has evidence of every kind it checks, counted per kind', () => {
    const counts = Object.fromEntries(IN_SCOPE.map((c) => [c.id, result(verification, c.id).counts.map((k) => `${k.kind} ${k.holding}/${k.total}`)]));
    expect(counts).toEqual({
      'ENC-REST': ['gcp-bucket-cmek 4/4', 'gcp-sql-cmek 2/2', 'gcp-log-bucket-cmek 3/3', 'gcp-kms-key-algorithm 15/15'],
      'KEY-ROTATE': ['gcp-kms-key-rotation 15/15'],
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
      'PUBLIC-SURFACE': ['gcp-sql-no-public-ip 2/2', 'gcp-bucket-public-access-prevention 4/4', 'gcp-iam-not-public 31/31', 'gcp-public-entry 6/6'],
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
        'gcp-backup-tier-within-deadline 16/16',
        'gcp-record-key-store-recovery-within-deadline 2/2',
        'gcp-record-key-store-in-region 2/2',
        'gcp-record-key-store-under-cmek 2/2',
        'gcp-record-key-store-no-backup-beyond-deadline 2/2',
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
        'gcp-prevent-destroy 30/30',
        'gcp-sql-deletion-protection 2/2',
        'gcp-sql-database-kept 2/2',
        'gcp-bucket-no-force-destroy 4/4',
        'gcp-bucket-soft-delete 4/4',
        'gcp-bucket-overwrite-protection 4/4',
        'gcp-backup-vault-no-force-delete 2/2',
      ],
      'RESIDENCY-EU': ['gcp-provider-region 1/1', 'gcp-resource-location 15/15', 'gcp-transfer-sink-location 4/4', 'gcp-log-sink-location 2/2'],
      'REGION-PINNED': [
        'gcp-policy-named-region 1/2',
        'gcp-provider-region 2/2',
        'gcp-resource-location 29/29',
        'gcp-transfer-sink-location 8/8',
        'gcp-log-sink-location 3/3',
      ],
      'LEAST-PRIV': [
        'gcp-bucket-uniform-access 4/4',
        'gcp-bucket-public-access-prevention 4/4',
        'gcp-no-acls-or-hmac-keys 2/2',
        'gcp-kms-key-user 15/15',
        'gcp-iam-no-basic-role 31/31',
        'gcp-iam-named-members 31/31',
      ],
      'VULN-SCAN': ['gcp-container-scanning-api 2/2', 'gcp-repository-scanned 2/2', 'gcp-service-image-scanned 2/2'],
      DETECT: ['gcp-request-logs-complete 2/2', 'gcp-armor-denied-alert 2/2', 'gcp-alert-reaches-person 2/2', 'gcp-alert-strategy 2/2'],
      // The IAM change alerts are project-wide, declared once in the US stack; the EU stack (same project) is judged on them too.
      'DETECT-ACTIVITY': ['gcp-activity-alert 6/6', 'gcp-alert-reaches-person 6/6', 'gcp-alert-strategy 6/6'],
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

type Failing = Exclude<Outcome, 'holds' | 'excepted'>;
const FAILING: readonly Outcome[] = ['contradicted', 'missing'];

/**
 * Where the failing evidence of a case points: [type, name prefix] of the resource it must name (with
 * the verdict as its outcome), or, for a stack-level observation that names no resource (the
 * provider's region, a required resource type that is absent), the JSON pointer it must fail at.
 */
type Where = [string, string] | `/${string}`;

/** [control, what is weakened, stack, verdict, where the failing evidence points, mutation]. */
type Weakening = [ControlId, string, 'us' | 'eu', Failing, Where, (t: Json) => void];

const BUCKET = 'google_storage_bucket';
const JOB = 'google_storage_transfer_job';
const SQL = 'google_sql_database_instance';
const KEY = 'google_kms_crypto_key';
const ARMOR = 'google_compute_security_policy';
const LOG_BUCKET = 'google_logging_project_bucket_config';
const BACKEND = 'google_compute_backend_service';
const FIRESTORE = 'google_firestore_database';
const RUN = 'google_cloud_run_v2_service';
const POLICY = 'google_monitoring_alert_policy';
const METRIC = 'google_logging_metric';
const CHANNEL = 'google_monitoring_notification_channel';
const PROVIDER_REGION = '/provider/google/0/region';
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
    'NET-ISOLATION',
    "flow logs filtered to nothing (filter_expr 'false')",
    'us',
    'contradicted',
    ['google_compute_subnetwork', 'network_'],
    (t) => (res(t, 'google_compute_subnetwork').log_config.filter_expr = 'false'),
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
    'the default allow-all rule moved ahead of every WAF and rate-limit rule',
    'us',
    'missing',
    ['google_compute_security_policy', ''],
    (t) => (res(t, 'google_compute_security_policy').rule.find((r: Json) => r.priority === 2147483647).priority = 1),
  ],
  [
    'WAF',
    'the SQL-injection rule set at sensitivity 0 (no signature on)',
    'eu',
    'missing',
    ['google_compute_security_policy', ''],
    (t) => {
      const rule = res(t, 'google_compute_security_policy').rule.find((r: Json) => String(r.match?.expr?.expression ?? '').includes("'sqli-"));
      rule.match.expr.expression = rule.match.expr.expression.replace("'sensitivity': 2", "'sensitivity': 0");
    },
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
    'daily copies stopped by an end date',
    'us',
    'contradicted',
    [JOB, 'bucket-backups_daily'],
    (t) => (res(t, JOB, 'bucket-backups_daily').schedule.schedule_end_date = { year: 2026, month: 1, day: 1 }),
  ],
  [
    'BACKUP-TIERS',
    'hourly copies narrowed to one prefix',
    'eu',
    'contradicted',
    [JOB, 'bucket-backups_hourly'],
    (t) => (res(t, JOB, 'bucket-backups_hourly').transfer_spec.object_conditions = { include_prefixes: ['workspaces/acme/'] }),
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
    'a catch-all one-day Delete rule on the backup bucket (every tier gone after a day)',
    'us',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => res(t, BUCKET, 'backups_').lifecycle_rule.push({ action: [{ type: 'Delete' }], condition: [{ age: 1 }] }),
  ],
  [
    'AUDIT',
    'audit sink filter negated (everything but audit logs)',
    'eu',
    'contradicted',
    ['google_logging_project_sink', 'audit_'],
    (t) => (res(t, 'google_logging_project_sink', 'audit_').filter = `NOT (${res(t, 'google_logging_project_sink', 'audit_').filter})`),
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

  // One case per evidence kind the cases above left holding (each kind failing under its own control).
  [
    'ENC-REST',
    'recordings key on 128-bit AES',
    'eu',
    'contradicted',
    [KEY, 'keys_recordings'],
    (t) => (res(t, KEY, 'keys_recordings').version_template.algorithm = 'AES_128_GCM'),
  ],
  // gcp-data-stores is only observed when the stack declares no bucket, no Cloud SQL instance and no
  // log bucket: three resource types, so the one single change that reaches it is dropping `resource`.
  ['ENC-REST', 'a stack declaring no resources at all', 'us', 'missing', '/resource', (t) => delete t.resource],
  ['KEY-ROTATE', 'Cloud KMS keys left to another stack', 'eu', 'missing', `/resource/${KEY}`, (t) => delete t.resource[KEY]],
  ['KEY-SEPARATE', 'no transfer job copying the buckets', 'us', 'missing', `/resource/${JOB}`, (t) => delete t.resource[JOB]],
  [
    'TLS-EDGE',
    'HTTP listener forwarding to a proxy outside the stack',
    'us',
    'contradicted',
    ['google_compute_global_forwarding_rule', 'edge_http-rule'],
    (t) => (res(t, 'google_compute_global_forwarding_rule', 'edge_http-rule').target = 'projects/example-recordings/global/targetHttpProxies/legacy'),
  ],
  [
    'TLS-EDGE',
    'no HTTPS proxy',
    'eu',
    'contradicted',
    '/resource/google_compute_target_https_proxy',
    (t) => delete t.resource.google_compute_target_https_proxy,
  ],
  [
    'MULTI-AZ',
    'backup bucket in a single zone',
    'us',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (res(t, BUCKET, 'backups_').location = 'US-CENTRAL1-A'),
  ],
  [
    'NET-ISOLATION',
    'subnet without private Google access',
    'us',
    'contradicted',
    ['google_compute_subnetwork', 'network_'],
    (t) => (res(t, 'google_compute_subnetwork').private_ip_google_access = false),
  ],
  [
    'NET-ISOLATION',
    'database on a network outside the stack',
    'eu',
    'contradicted',
    [SQL, 'database_'],
    (t) => (res(t, SQL).settings.ip_configuration.private_network = 'projects/example-recordings/global/networks/default'),
  ],
  [
    'PUBLIC-SURFACE',
    'Cloud Run reachable straight from the internet',
    'eu',
    'contradicted',
    ['google_cloud_run_v2_service', 'service_'],
    (t) => (res(t, 'google_cloud_run_v2_service').ingress = 'INGRESS_TRAFFIC_ALL'),
  ],
  [
    'WAF',
    'backend service made internal (no external backend left to guard)',
    'us',
    'missing',
    `/resource/${BACKEND}`,
    (t) => (res(t, BACKEND).load_balancing_scheme = 'INTERNAL_MANAGED'),
  ],
  ['DDOS', 'Cloud Armor policy of the edge type', 'eu', 'contradicted', [BACKEND, 'edge_'], (t) => (res(t, ARMOR).type = 'CLOUD_ARMOR_EDGE')],
  [
    'DDOS',
    'backend moved to a regional load balancer',
    'us',
    'contradicted',
    ['google_compute_region_backend_service', 'edge_'],
    (t) => {
      t.resource.google_compute_region_backend_service = { ...t.resource[BACKEND] };
      delete t.resource[BACKEND];
    },
  ],
  ['DDOS', 'no backend service', 'eu', 'missing', `/resource/${BACKEND}`, (t) => delete t.resource[BACKEND]],
  [
    'AUDIT',
    'audit log bucket under a key from outside the stack',
    'eu',
    'contradicted',
    [LOG_BUCKET, 'audit_'],
    (t) => (res(t, LOG_BUCKET, 'audit_').cmek_settings.kms_key_name = 'projects/x/locations/europe-west1/keyRings/r/cryptoKeys/k'),
  ],
  [
    'BACKUP-TIERS',
    'backup plan associated with another database',
    'eu',
    'missing',
    [SQL, 'database_instance'],
    (t) => (res(t, 'google_backup_dr_backup_plan_association').resource = 'projects/example-recordings/instances/other'),
  ],
  [
    'BACKUP-TIERS',
    'backup vault enforcing retention for an hour',
    'us',
    'contradicted',
    ['google_backup_dr_backup_vault', 'database_'],
    (t) => (res(t, 'google_backup_dr_backup_vault').backup_minimum_enforced_retention_duration = '3600s'),
  ],
  [
    'BACKUP-TIERS',
    'backup bucket left out of the stack',
    'us',
    'missing',
    `/resource/${BUCKET}`,
    (t) => delete t.resource[BUCKET][nameOf(t, BUCKET, 'backups_')],
  ],
  [
    'ERASURE',
    'the record key store left out (a monthly tier outlives the deadline with readable records)',
    'eu',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => delete t.resource[FIRESTORE][nameOf(t, FIRESTORE, 'record-keys_')],
  ],
  [
    'ERASURE',
    'record key store without point-in-time recovery',
    'us',
    'contradicted',
    [FIRESTORE, 'record-keys_'],
    (t) => (res(t, FIRESTORE, 'record-keys_').point_in_time_recovery_enablement = 'POINT_IN_TIME_RECOVERY_DISABLED'),
  ],
  [
    'ERASURE',
    'EU record key store moved to us-central1',
    'eu',
    'contradicted',
    [FIRESTORE, 'record-keys_'],
    (t) => (res(t, FIRESTORE, 'record-keys_').location_id = 'us-central1'),
  ],
  [
    'ERASURE',
    'record key store without CMEK',
    'us',
    'missing',
    [FIRESTORE, 'record-keys_'],
    (t) => delete res(t, FIRESTORE, 'record-keys_').cmek_config,
  ],
  [
    'ERASURE',
    'a Firestore backup schedule keeping the record keys 14 weeks',
    'eu',
    'contradicted',
    ['google_firestore_backup_schedule', 'record-keys-weekly'],
    (t) =>
      (t.resource.google_firestore_backup_schedule = {
        'record-keys-weekly': {
          database: `\${${FIRESTORE}.${nameOf(t, FIRESTORE, 'record-keys_')}.name}`,
          retention: '8467200s',
          weekly_recurrence: { day: 'SUNDAY' },
        },
      }),
  ],
  [
    'ERASURE',
    'the record key store under a Backup and DR plan',
    'us',
    'contradicted',
    ['google_backup_dr_backup_plan_association', 'record-keys-plan'],
    (t) =>
      (t.resource.google_backup_dr_backup_plan_association = {
        'record-keys-plan': {
          resource: `\${${FIRESTORE}.${nameOf(t, FIRESTORE, 'record-keys_')}.id}`,
          resource_type: 'firestore.googleapis.com/Database',
          backup_plan: 'projects/p/locations/us-central1/backupPlans/x',
          location: 'us-central1',
          backup_plan_association_id: 'record-keys',
        },
      }),
  ],
  [
    'ERASURE',
    'support-call copies kept 120 days in the backups',
    'eu',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (rule(t, 'backups_', 'hourly/workspaces/support-calls/').condition.days_since_custom_time = 120),
  ],
  [
    'ERASURE',
    'hourly copies without a creation-time option',
    'us',
    'missing',
    [JOB, 'bucket-backups_hourly'],
    (t) => delete metadataOptions(t, 'hourly').time_created,
  ],
  [
    'WORKSPACE-DELETION',
    'a workspace schedule whose prefix lost its slash',
    'us',
    'contradicted',
    [BUCKET, 'recordings_'],
    (t) => (rule(t, 'recordings_', 'workspaces/sales-demos/').condition.matches_prefix = ['workspaces/sales-demos']),
  ],
  [
    'WORKSPACE-DELETION',
    'backups locked 100 days, past the 90-day schedule',
    'eu',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (res(t, BUCKET, 'backups_').retention_policy.retention_period = 8640000),
  ],
  [
    'NO-LOSS',
    'backups without soft delete',
    'eu',
    'contradicted',
    [BUCKET, 'backups_'],
    (t) => (res(t, BUCKET, 'backups_').soft_delete_policy.retention_duration_seconds = 0),
  ],
  [
    'NO-LOSS',
    'recordings bucket unversioned',
    'us',
    'contradicted',
    [BUCKET, 'recordings_'],
    (t) => (res(t, BUCKET, 'recordings_').versioning.enabled = false),
  ],
  [
    'NO-LOSS',
    'database dropped when Terraform lets go of it',
    'eu',
    'contradicted',
    ['google_sql_database', 'database_'],
    (t) => (res(t, 'google_sql_database').deletion_policy = 'DELETE'),
  ],
  ['REGION-PINNED', 'provider without a default region', 'us', 'contradicted', PROVIDER_REGION, (t) => delete t.provider.google[0].region],
  [
    'REGION-PINNED',
    'EU recordings outside the named region, the deployment no longer accepting it',
    'eu',
    'contradicted',
    PROVIDER_REGION,
    (t) =>
      (t['//'][STACK_METADATA_KEY.gcp].acceptedExceptions = t['//'][STACK_METADATA_KEY.gcp].acceptedExceptions.filter(
        (x: string) => x !== 'REGION-PINNED-EU-RECORDINGS-IN-EU',
      )),
  ],
  [
    'REGION-PINNED',
    'a policy naming another region than the US stack is in',
    'us',
    'contradicted',
    PROVIDER_REGION,
    (t) => (t['//'][STACK_METADATA_KEY.gcp].policy.residency.recordingsGcpRegion = 'us-east1'),
  ],
  [
    'REGION-PINNED',
    'backup bucket in the US multi-region',
    'us',
    'contradicted',
    [JOB, 'bucket-backups_daily'],
    (t) => (res(t, BUCKET, 'backups_').location = 'US'),
  ],
  [
    'REGION-PINNED',
    'US audit logs routed to europe-west1',
    'us',
    'contradicted',
    ['google_logging_project_sink', 'audit_'],
    (t) =>
      (res(t, 'google_logging_project_sink').destination = res(t, 'google_logging_project_sink').destination.replace('us-central1', 'europe-west1')),
  ],
  ['RESIDENCY-EU', 'provider defaulting to us-central1', 'eu', 'contradicted', PROVIDER_REGION, (t) => (t.provider.google[0].region = 'us-central1')],
  [
    'LEAST-PRIV',
    'backups without public access prevention',
    'eu',
    'missing',
    [BUCKET, 'backups_'],
    (t) => delete res(t, BUCKET, 'backups_').public_access_prevention,
  ],
  [
    'LEAST-PRIV',
    'recordings objects granted to every Google account',
    'eu',
    'contradicted',
    ['google_storage_bucket_iam_member', 'service_recordings-objects'],
    (t) => (res(t, 'google_storage_bucket_iam_member', 'service_recordings-objects').member = 'allAuthenticatedUsers'),
  ],
  [
    'VULN-SCAN',
    'container scanning disabled when the stack is destroyed',
    'us',
    'contradicted',
    ['google_project_service', 'images_container-scanning'],
    (t) => (res(t, 'google_project_service').disable_on_destroy = true),
  ],
  [
    'VULN-SCAN',
    'no container scanning API in the stack that owns the project (the EU stack shares it, and is left without one too)',
    'us',
    'missing',
    '/resource/google_project_service',
    (t) => delete t.resource.google_project_service,
  ],
  [
    'VULN-SCAN',
    'the image repository opting out of scanning',
    'eu',
    'contradicted',
    ['google_artifact_registry_repository', 'images_repository'],
    (t) => (res(t, 'google_artifact_registry_repository').vulnerability_scanning_config.enablement_config = 'DISABLED'),
  ],
  [
    'VULN-SCAN',
    'the service running an image pulled from Docker Hub (scanned by nobody)',
    'us',
    'contradicted',
    [RUN, 'service_'],
    (t) => (res(t, RUN).template.containers[0].image = 'docker.io/library/nginx:latest'),
  ],
  [
    'DETECT',
    'the Cloud Armor denial alert policy removed',
    'us',
    'missing',
    '/resource/google_monitoring_alert_policy',
    (t) => delete t.resource[POLICY][nameOf(t, POLICY, 'armor-denied_')],
  ],
  [
    'DETECT',
    'the denial metric filtered to allowed requests (matches nothing the policy denies)',
    'eu',
    'contradicted',
    [METRIC, 'armor-denied_'],
    (t) => (res(t, METRIC).filter = res(t, METRIC).filter.replace('outcome="DENY"', 'outcome="ACCEPT"')),
  ],
  [
    'DETECT',
    'the Cloud Armor denial alert notifying no channel',
    'us',
    'missing',
    [POLICY, 'armor-denied_'],
    (t) => delete res(t, POLICY, 'armor-denied_').notification_channels,
  ],
  [
    'DETECT',
    'the paging channel disabled',
    'eu',
    'contradicted',
    [CHANNEL, 'alert-channels_paging'],
    (t) => (res(t, CHANNEL, 'alert-channels_paging').enabled = false),
  ],
  [
    'DETECT',
    'request logs sampled at 10 % (the denial count is a sample)',
    'us',
    'contradicted',
    [BACKEND, 'edge_'],
    (t) => (res(t, BACKEND).log_config.sample_rate = 0.1),
  ],
  [
    'DETECT',
    'a notification rate limit on the metric-based denial alert (the API refuses it)',
    'eu',
    'contradicted',
    [POLICY, 'armor-denied_'],
    (t) => (res(t, POLICY, 'armor-denied_').alert_strategy.notification_rate_limit = { period: '300s' }),
  ],
  [
    'DETECT-ACTIVITY',
    'the IAM policy change alert removed',
    'us',
    'missing',
    '/resource/google_monitoring_alert_policy',
    (t) => delete t.resource[POLICY][nameOf(t, POLICY, 'activity-alerts_iam-policy-change')],
  ],
  [
    'DETECT-ACTIVITY',
    'the IAM policy change alert matching Data Access entries (where no IAM change is written)',
    'us',
    'contradicted',
    [POLICY, 'activity-alerts_iam-policy-change'],
    (t) => {
      const condition = res(t, POLICY, 'activity-alerts_iam-policy-change').conditions[0].condition_matched_log;
      condition.filter = condition.filter.replace('%2Factivity', '%2Fdata_access');
    },
  ],
  [
    'DETECT-ACTIVITY',
    'the service account key alert disabled',
    'us',
    'contradicted',
    [POLICY, 'activity-alerts_service-account-key'],
    (t) => (res(t, POLICY, 'activity-alerts_service-account-key').enabled = false),
  ],
  [
    'DETECT-ACTIVITY',
    'the custom role alert notifying no channel',
    'us',
    'missing',
    [POLICY, 'activity-alerts_custom-role-change'],
    (t) => (res(t, POLICY, 'activity-alerts_custom-role-change').notification_channels = []),
  ],
  [
    'DETECT-ACTIVITY',
    'the email channel disabled',
    'us',
    'contradicted',
    [CHANNEL, 'alert-channels_email'],
    (t) => (res(t, CHANNEL, 'alert-channels_email').enabled = false),
  ],
  [
    'DETECT-ACTIVITY',
    'the IAM policy change alert without its notification rate limit (the API refuses a log-match policy without one)',
    'us',
    'contradicted',
    [POLICY, 'activity-alerts_iam-policy-change'],
    (t) => delete res(t, POLICY, 'activity-alerts_iam-policy-change').alert_strategy.notification_rate_limit,
  ],
];

/**
 * The assembly with one stack's template changed by `mutate`, verified. The stack is re-read from the
 * changed template as readAssembly reads a cdk.tf.json (its metadata from `//`, project and region
 * from the first google provider), so a weakening of those fields reaches the checks too.
 */
function weakened(suffix: 'us' | 'eu', mutate: (t: Json) => void): { verification: Verification; template: Json } {
  const id = stackId(suffix);
  const template = structuredClone(assembly.stacks.find((s) => s.id === id)?.template) as Json;
  mutate(template);
  const provider = template.provider?.google?.[0];
  const metadata = template['//']?.[STACK_METADATA_KEY.gcp];
  const reread = (s: StackArtifact): StackArtifact => ({
    ...s,
    template,
    account: provider?.project ?? '',
    region: provider?.region ?? '',
    ...(metadata === undefined ? { metadata: undefined } : { metadata }),
  });
  const stacks = assembly.stacks.map((s) => (s.id === id ? reread(s) : s));
  return { verification: verifyAssembly({ ...assembly, stacks }), template };
}

/** `<control> <kind>` of every observation failing under the control each case weakens, over the whole table (computed once). */
let failedByCases: Set<string> | undefined;
function failingUnderCases(): Set<string> {
  failedByCases ??= new Set(
    WEAKENINGS.flatMap(([control, , suffix, , , mutate]) =>
      result(weakened(suffix, mutate).verification, control)
        .evidence.filter((e) => FAILING.includes(e.outcome))
        .map((e) => `${control} ${e.kind}`),
    ),
  );
  return failedByCases;
}

/** Every evidence kind lib/verify/gcp declares (`kind: '...'`), those observed only when something is absent included. */
function declaredKinds(): string[] {
  const dir = join(ROOT, 'lib', 'verify', 'gcp');
  const kinds = readdirSync(dir).flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/\bkind: '([a-z0-9-]+)'/g)].map((m) => m[1]));
  return [...new Set(kinds)].sort();
}

describe('GIVEN a weakened copy of one Google Cloud stack', () => {
  test('GIVEN the weakening table THEN it covers every control in scope, at least 25 cases', () => {
    expect(WEAKENINGS.length).toBeGreaterThanOrEqual(25);
    expect([...new Set(WEAKENINGS.map((w) => w[0]))].sort()).toEqual(IN_SCOPE.map((c) => c.id).sort());
  });

  test.each(WEAKENINGS)('GIVEN %s: %s (%s stack) THEN the control is %s, naming the resource', (control, _what, suffix, verdict, where, mutate) => {
    const { verification: v, template } = weakened(suffix, mutate);
    const controlResult = result(v, control);
    expect(controlResult.verdict).toBe(verdict);
    if (typeof where === 'string') {
      // A stack-level observation: it names no resource and fails at the pointer (missing when absent).
      const failing = controlResult.evidence.filter((e) => e.stack === stackId(suffix) && e.resource === undefined && FAILING.includes(e.outcome));
      expect(failing.map((e) => e.pointer)).toContain(where);
    } else {
      const [type, prefix] = where;
      const failing = controlResult.evidence.filter((e) => e.outcome === verdict);
      expect(failing.map((e) => e.resource)).toContain(`${type}.${nameOf(template, type, prefix)}`);
    }
    expect(v.ok).toBe(false);
    // The original stays untouched: the real output still holds.
    expect(verification.ok).toBe(true);
  });

  test('GIVEN the real output THEN every kind of evidence observed under each control fails under that control in at least one case', () => {
    const gcpStacks = new Set(assembly.stacks.filter((s) => s.cloud === 'gcp').map((s) => s.id));
    const observed = [
      ...new Set(verification.controls.flatMap((c) => c.evidence.filter((e) => gcpStacks.has(e.stack)).map((e) => `${c.control} ${e.kind}`))),
    ].sort();
    expect(observed.length).toBeGreaterThanOrEqual(70);
    const failed = failingUnderCases();
    expect(observed.filter((k) => !failed.has(k))).toEqual([]);
  });

  test('GIVEN lib/verify/gcp THEN every evidence kind it declares fails in at least one case, those observed only when something is absent included', () => {
    const declared = declaredKinds();
    expect(declared.length).toBeGreaterThanOrEqual(70);
    const failed = new Set([...failingUnderCases()].map((k) => k.split(' ')[1]));
    expect(declared.filter((k) => !failed.has(k))).toEqual([]);
  });
});

describe('GIVEN the EU stack sharing the US project', () => {
  test("THEN its Container Scanning API is the US stack's, declared there only, and it covers the EU stack", () => {
    const eu = assembly.stacks.find((s) => s.id === stackId('eu'));
    const euTemplate = eu?.template as { resource?: Record<string, unknown> } | undefined;
    expect(Object.keys(euTemplate?.resource ?? {})).not.toContain('google_project_service');
    // One passing observation per checked stack, each naming the US stack, which declares the API.
    const observed = result(verification, 'VULN-SCAN').evidence.filter((e) => e.kind === 'gcp-container-scanning-api');
    expect(observed).toHaveLength(2);
    expect(new Set(observed.map((e) => e.stack))).toEqual(new Set([stackId('us')]));
    expect(observed.filter((e) => FAILING.includes(e.outcome))).toEqual([]);
  });

  test("THEN without the US stack's API the EU stack misses it too", () => {
    const { verification: v } = weakened('us', (t) => delete t.resource.google_project_service);
    const missing = result(v, 'VULN-SCAN').evidence.filter((e) => e.kind === 'gcp-container-scanning-api' && e.outcome === 'missing');
    expect(new Set(missing.map((e) => e.stack))).toEqual(new Set([stackId('us'), stackId('eu')]));
  });
});

describe('GIVEN records deleted by hand and the record key store', () => {
  test('GIVEN the default output THEN each tier longer than the deadline holds through the stack record key store, on the bucket copies and the Cloud SQL backups', () => {
    const over = result(verification, 'ERASURE').evidence.filter((e) => e.kind === 'gcp-backup-tier-within-deadline' && e.value === 365);
    expect(over.length).toBe(4);
    expect(over.map((e) => [e.outcome, e.exception])).toEqual(over.map(() => ['holds', undefined]));
    expect(
      over.every((e) => /record key store google_firestore_database\.record-keys_database_\w+: a deleted key restorable 7 days/.test(e.expected)),
    ).toBe(true);
    expect(new Set(over.map((e) => e.resource?.split('.')[0]))).toEqual(new Set(['google_storage_bucket', 'google_backup_dr_backup_plan']));
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
