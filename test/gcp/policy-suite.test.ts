import { loadConfig } from '../../lib/config/loader';
import { checkStack, GCP_POLICY_RULES, runPolicySuite, StackDocument, TfJson } from '../../lib/gcp';
import { PolicyNumbers } from '../../lib/promises/policy-numbers';
import { clone, DEFAULT_CONFIG, EU, synthesize, Synthesized, US } from './helpers';

type Json = Record<string, any>;

/** The first resource of `type` whose logical name starts with `prefix`. */
function find(json: TfJson, type: string, prefix = ''): Json {
  const entry = Object.entries((json.resource as Json)[type] ?? {}).find(([name]) => name.startsWith(prefix));
  if (entry === undefined) throw new Error(`no ${type} ${prefix}*`);
  return entry[1] as Json;
}
function remove(json: TfJson, type: string, prefix: string): void {
  const byName = (json.resource as Json)[type];
  for (const name of Object.keys(byName)) if (name.startsWith(prefix)) delete byName[name];
}
/** The Terraform address of the first resource of `type` whose logical name starts with `prefix`. */
function addressOf(json: TfJson, type: string, prefix = ''): string {
  const name = Object.keys((json.resource as Json)[type] ?? {}).find((n) => n.startsWith(prefix));
  if (name === undefined) throw new Error(`no ${type} ${prefix}*`);
  return `${type}.${name}`;
}
/** Adds a resource (what a careless change would add) and returns its address. */
function add(json: TfJson, type: string, name: string, block: Json): string {
  const resource = json.resource as Json;
  resource[type] = { ...(resource[type] ?? {}), [name]: block };
  return `${type}.${name}`;
}
/** An extra daily transfer job: `source` into `sink` (bucket names or references), as a copy-paste of a backup job would be. */
function transferJob(json: TfJson, source: string, sink: string): string {
  return add(json, 'google_storage_transfer_job', 'analytics-copy', {
    description: 'copy recordings for analytics',
    status: 'ENABLED',
    transfer_spec: {
      gcs_data_source: { bucket_name: source },
      gcs_data_sink: { bucket_name: sink, path: 'copies/' },
      transfer_options: { metadata_options: { kms_key: 'KMS_KEY_DESTINATION_BUCKET_DEFAULT' } },
    },
    schedule: { repeat_interval: '86400s' },
  });
}
const bucketRef = (json: TfJson, prefix: string) => `\${${addressOf(json, 'google_storage_bucket', prefix)}.name}`;
const US_BACKUPS = 'example-recordings-backups-us';
const EU_RECORDINGS = 'example-recordings-recordings-eu';

/** One deliberate weakening per row: [rule that must catch it, what is weakened, stack, mutation]. */
const WEAKENINGS: [string, string, 'us' | 'eu', (json: TfJson) => void][] = [
  ['GCP-CMEK', 'recordings bucket without CMEK', 'us', (j) => delete find(j, 'google_storage_bucket', 'recordings_').encryption],
  [
    'GCP-CMEK',
    'log bucket with a key from outside the stack',
    'us',
    (j) => (find(j, 'google_logging_project_bucket_config').cmek_settings.kms_key_name = 'projects/x/locations/us/keyRings/r/cryptoKeys/k'),
  ],
  ['GCP-CMEK', 'Cloud Run service without CMEK', 'us', (j) => delete find(j, 'google_cloud_run_v2_service').template.encryption_key],
  ['GCP-CMEK', 'image repository without CMEK', 'eu', (j) => delete find(j, 'google_artifact_registry_repository').kms_key_name],
  ['GCP-KEY-ROTATION', 'key rotated yearly', 'us', (j) => (find(j, 'google_kms_crypto_key', 'keys_recordings').rotation_period = '31536000s')],
  ['GCP-KEY-ROTATION', 'key without rotation', 'eu', (j) => delete find(j, 'google_kms_crypto_key', 'keys_logs').rotation_period],
  [
    'GCP-KEY-SEPARATE',
    'backups encrypted with the recordings key',
    'us',
    (j) => (find(j, 'google_storage_bucket', 'backups_').encryption = find(j, 'google_storage_bucket', 'recordings_').encryption),
  ],
  [
    'GCP-KEY-SEPARATE',
    'transfer job preserving the source key',
    'us',
    (j) =>
      (find(j, 'google_storage_transfer_job', 'bucket-backups_daily').transfer_spec.transfer_options.metadata_options.kms_key = 'KMS_KEY_PRESERVE'),
  ],
  [
    'GCP-KEY-SEPARATE',
    'Cloud Run service encrypted with the recordings key',
    'eu',
    (j) =>
      (find(j, 'google_cloud_run_v2_service').template.encryption_key = find(
        j,
        'google_storage_bucket',
        'recordings_',
      ).encryption.default_kms_key_name),
  ],
  [
    'GCP-NO-PUBLIC',
    'Cloud Run service invocable by allUsers',
    'us',
    (j) =>
      add(j, 'google_cloud_run_v2_service_iam_member', 'public', {
        name: `\${${addressOf(j, 'google_cloud_run_v2_service')}.name}`,
        location: 'us-central1',
        role: 'roles/run.invoker',
        member: 'allUsers',
      }),
  ],
  [
    'GCP-NO-PUBLIC',
    'public access prevention inherited',
    'us',
    (j) => (find(j, 'google_storage_bucket', 'recordings_').public_access_prevention = 'inherited'),
  ],
  ['GCP-NO-PUBLIC', 'bucket readable by allUsers', 'eu', (j) => (find(j, 'google_storage_bucket_iam_member').member = 'allUsers')],
  ['GCP-NO-PUBLIC', 'fine-grained ACLs', 'us', (j) => (find(j, 'google_storage_bucket', 'recordings_').uniform_bucket_level_access = false)],
  ['GCP-BUCKET-PROTECT', 'recordings bucket unversioned', 'us', (j) => (find(j, 'google_storage_bucket', 'recordings_').versioning.enabled = false)],
  [
    'GCP-BUCKET-PROTECT',
    'soft delete switched off',
    'eu',
    (j) => (find(j, 'google_storage_bucket', 'backups_').soft_delete_policy.retention_duration_seconds = 0),
  ],
  ['GCP-NO-LOSS', 'key without prevent_destroy', 'us', (j) => delete find(j, 'google_kms_crypto_key', 'keys_backups').lifecycle],
  [
    'GCP-NO-LOSS',
    'database deletion protection off',
    'us',
    (j) => (find(j, 'google_sql_database_instance').settings.deletion_protection_enabled = false),
  ],
  [
    'GCP-ERASURE',
    'deletion schedule not applied to backup copies',
    'us',
    (j) => find(j, 'google_storage_bucket', 'backups_').lifecycle_rule.splice(4, 1),
  ],
  ['GCP-ERASURE', 'noncurrent versions kept forever', 'eu', (j) => find(j, 'google_storage_bucket', 'recordings_').lifecycle_rule.pop()],
  ['GCP-BACKUP-TIERS', 'monthly tier kept 30 days', 'us', (j) => (find(j, 'google_storage_bucket', 'backups_').lifecycle_rule[3].condition.age = 30)],
  [
    'GCP-BACKUP-TIERS',
    'hourly job running daily',
    'us',
    (j) => (find(j, 'google_storage_transfer_job', 'bucket-backups_hourly').schedule.repeat_interval = '86400s'),
  ],
  [
    'GCP-BACKUP-TIERS',
    'retention lock longer than the hourly tier',
    'eu',
    (j) => (find(j, 'google_storage_bucket', 'backups_').retention_policy.retention_period = 30 * 86400),
  ],
  [
    'GCP-BACKUP-TIERS',
    'recordings bucket role label removed',
    'us',
    (j) => delete find(j, 'google_storage_bucket', 'recordings_').labels.rampart_role,
  ],
  ['GCP-BACKUP-TIERS', 'weekly transfer job removed', 'eu', (j) => remove(j, 'google_storage_transfer_job', 'bucket-backups_weekly')],
  [
    'GCP-DB-BACKUP',
    'weekly database backups kept 7 days',
    'us',
    (j) => (find(j, 'google_backup_dr_backup_plan').backup_rules[2].backup_retention_days = 7),
  ],
  ['GCP-DB-BACKUP', 'database not associated with the plan', 'eu', (j) => remove(j, 'google_backup_dr_backup_plan_association', '')],
  ['GCP-SQL', 'database with a public IP', 'us', (j) => (find(j, 'google_sql_database_instance').settings.ip_configuration.ipv4_enabled = true)],
  [
    'GCP-SQL',
    'database accepting plaintext',
    'eu',
    (j) => (find(j, 'google_sql_database_instance').settings.ip_configuration.ssl_mode = 'ALLOW_UNENCRYPTED_AND_ENCRYPTED'),
  ],
  ['GCP-VPC', 'auto-mode VPC', 'us', (j) => (find(j, 'google_compute_network').auto_create_subnetworks = true)],
  ['GCP-VPC', "precondition refusing the project's default network removed", 'eu', (j) => delete find(j, 'google_compute_network').lifecycle],
  [
    'GCP-VPC',
    'precondition no longer negated (passes only WITH a default network)',
    'us',
    (j) => {
      const precondition = find(j, 'google_compute_network').lifecycle.precondition[0];
      precondition.condition = precondition.condition.replace('${!contains(', '${contains(');
    },
  ],
  [
    'GCP-VPC',
    'subnet without private Google access or flow logs',
    'eu',
    (j) => {
      const subnet = find(j, 'google_compute_subnetwork');
      subnet.private_ip_google_access = false;
      delete subnet.log_config;
    },
  ],
  ['GCP-VPC', 'flow logs filtered to nothing', 'us', (j) => (find(j, 'google_compute_subnetwork').log_config.filter_expr = 'false')],
  [
    'GCP-FIREWALL',
    'allow from the internet',
    'us',
    (j) => (find(j, 'google_compute_firewall', 'network_allow-health-checks').source_ranges = ['0.0.0.0/0']),
  ],
  ['GCP-FIREWALL', 'deny-all rule removed', 'eu', (j) => remove(j, 'google_compute_firewall', 'network_deny-all-ingress')],
  ['GCP-FIREWALL', 'deny-all rule disabled', 'us', (j) => (find(j, 'google_compute_firewall', 'network_deny-all-ingress').disabled = true)],
  ['GCP-TLS', 'TLS 1.0 allowed', 'us', (j) => (find(j, 'google_compute_ssl_policy').min_tls_version = 'TLS_1_0')],
  ['GCP-TLS', 'COMPATIBLE profile', 'eu', (j) => (find(j, 'google_compute_ssl_policy').profile = 'COMPATIBLE')],
  ['GCP-TLS', 'HTTPS proxy without SSL policy', 'us', (j) => delete find(j, 'google_compute_target_https_proxy').ssl_policy],
  [
    'GCP-TLS',
    'port 80 serving the backend',
    'us',
    (j) => {
      const map = find(j, 'google_compute_url_map', 'edge_http-redirect-map');
      delete map.default_url_redirect;
      map.default_service = find(j, 'google_compute_url_map', 'edge_https-map').default_service;
    },
  ],
  [
    'GCP-WAF',
    'SQL injection rule removed',
    'us',
    (j) => {
      const policy = find(j, 'google_compute_security_policy');
      policy.rule = policy.rule.filter((r: Json) => !String(r.match.expr?.expression).includes('sqli'));
    },
  ],
  ['GCP-WAF', 'WAF rules in preview only', 'eu', (j) => find(j, 'google_compute_security_policy').rule.forEach((r: Json) => (r.preview = true))],
  ['GCP-WAF', 'backend without Cloud Armor', 'us', (j) => delete find(j, 'google_compute_backend_service').security_policy],
  [
    'GCP-DDOS',
    'Adaptive Protection off',
    'us',
    (j) => (find(j, 'google_compute_security_policy').adaptive_protection_config.layer_7_ddos_defense_config.enable = false),
  ],
  [
    'GCP-RUN',
    'ingress open to the internet (the run.app URL around Cloud Armor)',
    'us',
    (j) => (find(j, 'google_cloud_run_v2_service').ingress = 'INGRESS_TRAFFIC_ALL'),
  ],
  ['GCP-RUN', 'ingress unset (Cloud Run defaults to all traffic)', 'eu', (j) => delete find(j, 'google_cloud_run_v2_service').ingress],
  ['GCP-RUN', 'deletion protection off', 'us', (j) => (find(j, 'google_cloud_run_v2_service').deletion_protection = false)],
  ['GCP-RUN', 'service on the Compute Engine default account', 'us', (j) => delete find(j, 'google_cloud_run_v2_service').template.service_account],
  [
    'GCP-RUN',
    'public image from Docker Hub',
    'eu',
    (j) => (find(j, 'google_cloud_run_v2_service').template.containers[0].image = 'docker.io/library/nginx:stable'),
  ],
  [
    'GCP-RUN',
    'EU service running an image from the US repository',
    'eu',
    (j) =>
      (find(j, 'google_cloud_run_v2_service').template.containers[0].image =
        'us-central1-docker.pkg.dev/example-recordings/rampart-rec-us-images/recordings-api:1.0.0'),
  ],
  [
    'GCP-RUN',
    'image at latest',
    'us',
    (j) => {
      const container = find(j, 'google_cloud_run_v2_service').template.containers[0];
      container.image = container.image.replace(':1.0.0', ':latest');
    },
  ],
  ['GCP-RUN', 'repository tags can be moved', 'us', (j) => (find(j, 'google_artifact_registry_repository').docker_config.immutable_tags = false)],
  [
    'GCP-RUN',
    'serverless NEG naming a service nobody defines (the gap of issue 12)',
    'us',
    (j) => (find(j, 'google_compute_region_network_endpoint_group').cloud_run.service = 'recordings-api'),
  ],
  ['GCP-RUN', 'service removed, NEG left pointing at it', 'eu', (j) => remove(j, 'google_cloud_run_v2_service', '')],
  [
    'GCP-ALERTS',
    'IAM change alert without its notification rate limit',
    'us',
    (j) => delete find(j, 'google_monitoring_alert_policy', 'activity-alerts_iam-policy-change').alert_strategy.notification_rate_limit,
  ],
  [
    'GCP-ALERTS',
    'a rate limit on the metric-based Cloud Armor alert',
    'eu',
    (j) => (find(j, 'google_monitoring_alert_policy', 'armor-denied_').alert_strategy.notification_rate_limit = { period: '300s' }),
  ],
  [
    'GCP-ALERTS',
    'Cloud Armor alert notifying nobody',
    'us',
    (j) => delete find(j, 'google_monitoring_alert_policy', 'armor-denied_').notification_channels,
  ],
  [
    'GCP-ALERTS',
    'a second condition on a log-match policy',
    'us',
    (j) => {
      const policy = find(j, 'google_monitoring_alert_policy', 'activity-alerts_custom-role-change');
      policy.conditions = [...policy.conditions, policy.conditions[0]];
    },
  ],
  ['GCP-AUDIT', 'log bucket unlocked', 'eu', (j) => (find(j, 'google_logging_project_bucket_config').locked = false)],
  [
    'GCP-AUDIT',
    'data-read audit logs off',
    'us',
    (j) => (find(j, 'google_project_iam_audit_config', 'audit_data-access-storage').audit_log_config = [{ log_type: 'ADMIN_READ' }]),
  ],
  ['GCP-AUDIT', 'sink disabled', 'us', (j) => (find(j, 'google_logging_project_sink').disabled = true)],
  ['GCP-RESIDENCY', 'EU backups in the US multi-region', 'eu', (j) => (find(j, 'google_storage_bucket', 'backups_').location = 'US')],
  [
    'GCP-RESIDENCY',
    'EU database backups stored in us-central1',
    'eu',
    (j) => (find(j, 'google_sql_database_instance').settings.backup_configuration.location = 'us-central1'),
  ],
  [
    'GCP-RESIDENCY',
    'EU audit logs routed to the US',
    'eu',
    (j) => (find(j, 'google_logging_project_sink').destination = 'logging.googleapis.com/projects/p/locations/us-central1/buckets/b'),
  ],
  [
    'GCP-RESIDENCY',
    'extra transfer job copying EU recordings to a bucket outside the app',
    'eu',
    (j) => transferJob(j, bucketRef(j, 'recordings_'), 'analytics-us'),
  ],
  [
    'GCP-RESIDENCY',
    "EU audit sink writing to the US stack's bucket",
    'eu',
    (j) => (find(j, 'google_logging_project_sink').destination = `storage.googleapis.com/${US_BACKUPS}`),
  ],
  ['GCP-RESIDENCY', 'EU entries no longer excluded from _Default (global)', 'eu', (j) => remove(j, 'google_logging_project_exclusion', '')],
];

/** The default weekly tier kept 14 days instead of 28. */
const weekly14 = (p: PolicyNumbers): PolicyNumbers => ({
  ...p,
  backupTiers: p.backupTiers.map((t) => (t.name === 'weekly' ? { ...t, keepDays: 14 } : t)),
});
/** A fifth tier the JSON does not have. */
const quarterly = (p: PolicyNumbers): PolicyNumbers => ({
  ...p,
  backupTiers: [...p.backupTiers, { name: 'quarterly', every: 'month', keepDays: 90 }],
});
const deadline5 = (p: PolicyNumbers): PolicyNumbers => ({ ...p, erasure: { ...p.erasure, deadlineDays: 5 } });
const rotation30 = (p: PolicyNumbers): PolicyNumbers => ({ ...p, keyRotation: { ...p.keyRotation, gcpMaxDays: 30 } });
const audit500 = (p: PolicyNumbers): PolicyNumbers => ({ ...p, auditLogs: { ...p.auditLogs, retentionDays: 500 } });
const tls13 = (p: PolicyNumbers): PolicyNumbers => ({ ...p, tls: { ...p.tls, minimum: '1.3' } });
const westFour = (p: PolicyNumbers): PolicyNumbers => ({ ...p, residency: { ...p.residency, euGcpRegions: ['europe-west4'] } });

/**
 * One non-default policy per row, for every rule that reads the policy: today's JSON (built for the
 * published numbers) must fail it, and the message must name the policy's number and what is deployed.
 */
const POLICY_CHANGES: [string, string, 'us' | 'eu', (p: PolicyNumbers) => PolicyNumbers, RegExp][] = [
  ['GCP-BACKUP-TIERS', 'a 14-day weekly tier', 'us', weekly14, /deletes weekly\/ copies after 28 days; the policy keeps the weekly tier 14 days/],
  ['GCP-BACKUP-TIERS', 'an extra quarterly tier', 'eu', quarterly, /has no transfer job copying it to quarterly\//],
  ['GCP-DB-BACKUP', 'a 14-day weekly tier', 'us', weekly14, /keeps weekly \(WEEKLY\) backups 28 days; the policy keeps the weekly tier 14 days/],
  ['GCP-ERASURE', 'an extra quarterly tier', 'us', quarterly, /does not delete quarterly\/workspaces\/support-calls\/ copies 90 days after/],
  ['GCP-ERASURE', 'a 5-day erasure deadline', 'eu', deadline5, /without a delete rule of at most 5 days/],
  ['GCP-KEY-ROTATION', 'rotation at least every 30 days', 'us', rotation30, /rotates every 90 days; .* at most 30/],
  ['GCP-AUDIT', 'audit logs kept 500 days', 'eu', audit500, /keeps logs 400 days; .* at least 500/],
  ['GCP-TLS', 'TLS 1.3 minimum', 'us', tls13, /allows TLS below 1\.3, the policy's minimum \(min_tls_version "TLS_1_2"\)/],
  ['GCP-RESIDENCY', 'EU data only in europe-west4', 'eu', westFour, /europe-west1 is outside policy\.residency\.euGcpRegions \(europe-west4\)/],
];

describe('GIVEN the stacks synthesized from config/default.yaml', () => {
  let synth: Synthesized;
  let policy: PolicyNumbers;
  beforeAll(() => {
    const config = loadConfig(DEFAULT_CONFIG);
    policy = config.policy;
    synth = synthesize(config);
  });
  afterAll(() => synth.cleanup());

  test('WHEN the policy suite runs on the real output THEN every rule passes on both stacks', () => {
    const findings = runPolicySuite(synth.docs, policy);
    expect([...findings.keys()].sort()).toEqual([EU, US]);
    expect([...findings.values()].flat()).toEqual([]);
  });

  test('THEN the suite has one rule per file id and every rule is exercised by a weakening below', () => {
    const ids = GCP_POLICY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(WEAKENINGS.map(([id]) => id))).toEqual(new Set(ids));
  });

  /**
   * Issue 12, item 10: EU recordings copied, or EU audit entries routed, out of the EU. Each copy of the
   * real JSON gets one careless addition; GCP-RESIDENCY must name exactly the job or sink that leaks.
   */
  const LEAKS: [string, 'us' | 'eu', (json: TfJson) => string, RegExp, string[]?][] = [
    [
      'an extra transfer job in the EU stack copies EU recordings to a bucket no stack defines',
      'eu',
      (j) => transferJob(j, bucketRef(j, 'recordings_'), 'analytics-us'),
      /copies EU bucket example-recordings-recordings-eu to bucket analytics-us, which no stack of the app defines: its location is not shown to be in policy\.residency\.euGcpRegions/,
    ],
    [
      "an extra transfer job in the EU stack copies EU recordings into the US stack's backup bucket",
      'eu',
      (j) => transferJob(j, bucketRef(j, 'recordings_'), US_BACKUPS),
      /to bucket example-recordings-backups-us in US-CENTRAL1, outside policy\.residency\.euGcpRegions \(europe-west1\)/,
    ],
    [
      'a transfer job in the US stack reads the EU recordings bucket into a US bucket',
      'us',
      (j) => transferJob(j, EU_RECORDINGS, bucketRef(j, 'backups_')),
      /copies EU bucket example-recordings-recordings-eu to bucket example-recordings-backups-us in US-CENTRAL1/,
    ],
    [
      "the EU audit sink writes to the US stack's Cloud Storage bucket",
      'eu',
      (j) => {
        find(j, 'google_logging_project_sink', 'audit_sink_').destination = `storage.googleapis.com/${US_BACKUPS}`;
        return addressOf(j, 'google_logging_project_sink', 'audit_sink_');
      },
      /routes logs to bucket example-recordings-backups-us in US-CENTRAL1, outside/,
    ],
    [
      'an extra EU sink writes audit entries to a US bucket of its own',
      'eu',
      (j) => {
        add(j, 'google_storage_bucket', 'audit-archive', { name: 'eu-audit-archive', location: 'US', encryption: {} });
        return add(j, 'google_logging_project_sink', 'archive', {
          name: 'audit-archive',
          destination: `storage.googleapis.com/\${${addressOf(j, 'google_storage_bucket', 'audit-archive')}.name}`,
          filter: 'logName:"cloudaudit.googleapis.com"',
        });
      },
      /routes logs to bucket eu-audit-archive in US, outside/,
      // The US bucket the leak added is reported on its own too.
      ['google_storage_bucket.audit-archive'],
    ],
    [
      'an extra EU sink writes to a bucket outside the app',
      'eu',
      (j) =>
        add(j, 'google_logging_project_sink', 'archive', { name: 'archive', destination: 'storage.googleapis.com/us-audit-archive', filter: '' }),
      /routes logs to bucket us-audit-archive, which no stack of the app defines/,
    ],
    [
      'an extra EU sink writes to BigQuery',
      'eu',
      (j) =>
        add(j, 'google_logging_project_sink', 'bq', { name: 'bq', destination: 'bigquery.googleapis.com/projects/p/datasets/audit', filter: '' }),
      /routes logs to bigquery\.googleapis\.com\/projects\/p\/datasets\/audit, whose location is not shown/,
    ],
    [
      "the EU stack's regional sink takes fewer entries than the _Default exclusion drops",
      'eu',
      (j) => {
        find(j, 'google_logging_project_sink', 'regional-logs_sink_').filter = 'resource.type="cloud_run_revision"';
        return addressOf(j, 'google_logging_project_exclusion');
      },
      /excludes .* from _Default, but no enabled sink of the stack stores exactly those entries in a log bucket in europe-west1/,
    ],
    [
      "the EU stack's entries are no longer excluded from _Default",
      'eu',
      (j) => {
        remove(j, 'google_logging_project_exclusion', '');
        return EU;
      },
      /excludes none of its log entries from the project's _Default sink/,
    ],
  ];

  describe.each(LEAKS)('WHEN %s (%s stack)', (_what, variant, leak, message, alsoReported = []) => {
    test('THEN GCP-RESIDENCY names that resource, and the untouched JSON passes', () => {
      const name = variant === 'us' ? US : EU;
      const docs: StackDocument[] = synth.docs.map((d) => ({ name: d.name, json: clone(d.json) }));
      const target = docs.find((d) => d.name === name)!;
      const resource = leak(target.json);
      const findings = checkStack(target, docs, policy).filter((f) => f.ruleId === 'GCP-RESIDENCY');
      const named = findings.filter((f) => f.resource === resource);
      expect(named).toEqual([{ ruleId: 'GCP-RESIDENCY', resource, message: expect.stringMatching(message) }]);
      expect(named[0].message.startsWith(`${name}: ${resource}: `)).toBe(true);
      expect(findings.filter((f) => f.resource !== resource).map((f) => f.resource)).toEqual(alsoReported);
      expect(
        checkStack(
          synth.docs.find((d) => d.name === name)!,
          synth.docs,
          policy,
        ).filter((f) => f.ruleId === 'GCP-RESIDENCY'),
      ).toEqual([]);
    });
  });

  describe.each(WEAKENINGS)('WHEN a copy is weakened against %s (%s) in the %s stack', (ruleId, _what, variant, mutate) => {
    test(`THEN ${ruleId} reports it, naming the stack and the resource`, () => {
      const name = variant === 'us' ? US : EU;
      const docs: StackDocument[] = synth.docs.map((d) => ({ name: d.name, json: clone(d.json) }));
      const target = docs.find((d) => d.name === name)!;
      mutate(target.json);
      const findings = checkStack(target, docs, policy).filter((f) => f.ruleId === ruleId);
      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) {
        expect(finding.message.startsWith(`${name}: ${finding.resource}: `)).toBe(true);
      }
      // The untouched original still passes that rule.
      const original = synth.docs.find((d) => d.name === name)!;
      expect(checkStack(original, synth.docs, policy).filter((f) => f.ruleId === ruleId)).toEqual([]);
    });
  });

  test('THEN every rule that reads the policy has a non-default policy below', () => {
    expect(new Set(POLICY_CHANGES.map(([id]) => id))).toEqual(
      new Set(['GCP-BACKUP-TIERS', 'GCP-DB-BACKUP', 'GCP-ERASURE', 'GCP-KEY-ROTATION', 'GCP-AUDIT', 'GCP-TLS', 'GCP-RESIDENCY']),
    );
  });

  describe.each(POLICY_CHANGES)('WHEN %s checks the unchanged JSON against %s (%s stack)', (ruleId, _what, variant, change, message) => {
    test(`THEN ${ruleId} follows the policy and reports the difference with both numbers`, () => {
      const name = variant === 'us' ? US : EU;
      const stack = synth.docs.find((d) => d.name === name)!;
      const findings = checkStack(stack, synth.docs, change(policy)).filter((f) => f.ruleId === ruleId);
      expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(message));
      expect(checkStack(stack, synth.docs, policy).filter((f) => f.ruleId === ruleId)).toEqual([]);
    });
  });
});
