import { loadConfig } from '../../lib/config/loader';
import { DEFAULT_CONFIG, EU, forSnapshot, one, resourcesOf, synthesize, Synthesized, US } from './helpers';

const T = (tfResourceType: string) => ({ tfResourceType });

describe('GIVEN config/default.yaml (gcp: us-central1, EU variant europe-west1, two workspaces)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize(loadConfig(DEFAULT_CONFIG));
  });
  afterAll(() => synth.cleanup());

  describe('WHEN the GCP app is synthesized like the main job does', () => {
    test('THEN it writes a US and an EU stack with deterministic names and the policy suite is clean', () => {
      expect(synth.result.stacks.map((s) => s.name)).toEqual([US, EU]);
      for (const stack of synth.result.stacks) {
        expect(stack.findings).toEqual([]);
        expect(stack.resourceCount).toBeGreaterThan(40);
      }
    });

    test('THEN every key rotates every 90 days, is AES-256 (GOOGLE_SYMMETRIC_ENCRYPTION) and is protected from destroy', () => {
      const keys = Object.values(resourcesOf(synth.json(US), 'google_kms_crypto_key'));
      expect(keys.map((k) => k.name).sort()).toEqual(['backups', 'database', 'images', 'logs', 'record-keys', 'recordings', 'service']);
      for (const key of keys) {
        expect(key.rotation_period).toBe('7776000s');
        expect(key.version_template).toEqual({ algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protection_level: 'HSM' });
        expect(key.lifecycle).toEqual({ prevent_destroy: true });
      }
      expect(synth.text(US)).toHaveResourceWithProperties(T('google_kms_key_ring'), {
        location: 'us-central1',
        lifecycle: { prevent_destroy: true },
      });
      expect(synth.text(US)).toHaveResourceWithProperties(T('google_kms_crypto_key_iam_member'), {
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member: 'serviceAccount:${data.google_storage_project_service_account.storage-agent.email_address}',
      });
    });

    test('THEN the recordings bucket is CMEK (recordings key), private, versioned, soft-deleting and deletes each workspace on its schedule', () => {
      const bucket = one(synth.json(US), 'google_storage_bucket', 'recordings_');
      expect(bucket.encryption.default_kms_key_name).toMatch(/^\$\{google_kms_crypto_key\.keys_recordings_key_[0-9A-F]+\.id\}$/);
      expect(bucket).toMatchObject({
        location: 'US-CENTRAL1',
        uniform_bucket_level_access: true,
        public_access_prevention: 'enforced',
        versioning: { enabled: true },
        soft_delete_policy: { retention_duration_seconds: 7 * 86400 },
        force_destroy: false,
      });
      expect(bucket.lifecycle_rule).toEqual([
        { action: { type: 'Delete' }, condition: { age: 90, matches_prefix: ['workspaces/support-calls/'] } },
        { action: { type: 'Delete' }, condition: { age: 365, matches_prefix: ['workspaces/sales-demos/'] } },
        { action: { type: 'Delete' }, condition: { days_since_noncurrent_time: 7, with_state: 'ARCHIVED' } },
      ]);
    });

    test('THEN the backup bucket has its own key, a 2-day locked retention and deletes the tiers after 2, 7, 28 and 365 days', () => {
      const bucket = one(synth.json(US), 'google_storage_bucket', 'backups_');
      expect(bucket.encryption.default_kms_key_name).toMatch(/keys_backups_key_/);
      expect(bucket.retention_policy).toEqual({ is_locked: true, retention_period: 2 * 86400 });
      const tierRules = bucket.lifecycle_rule
        .filter((r: any) => r.condition.age !== undefined)
        .map((r: any) => [r.condition.matches_prefix[0], r.condition.age]);
      expect(tierRules).toEqual([
        ['hourly/', 2],
        ['daily/', 7],
        ['weekly/', 28],
        ['monthly/', 365],
      ]);
      expect(bucket.lifecycle_rule).toContainEqual({
        action: { type: 'Delete' },
        condition: {
          days_since_custom_time: 90,
          matches_prefix: [
            'hourly/workspaces/support-calls/',
            'daily/workspaces/support-calls/',
            'weekly/workspaces/support-calls/',
            'monthly/workspaces/support-calls/',
          ],
        },
      });
    });

    test('THEN four Storage Transfer jobs copy hourly, daily, weekly and monthly, re-encrypting with the backup key', () => {
      const jobs = Object.values(resourcesOf(synth.json(US), 'google_storage_transfer_job'));
      expect(jobs.map((j) => [j.transfer_spec.gcs_data_sink.path, j.schedule.repeat_interval]).sort()).toEqual([
        ['daily/', '86400s'],
        ['hourly/', '3600s'],
        ['monthly/', '2592000s'],
        ['weekly/', '604800s'],
      ]);
      for (const job of jobs) {
        expect(job.transfer_spec.transfer_options).toMatchObject({
          delete_objects_unique_in_sink: false,
          delete_objects_from_source_after_transfer: false,
          metadata_options: { kms_key: 'KMS_KEY_DESTINATION_BUCKET_DEFAULT', time_created: 'TIME_CREATED_PRESERVE_AS_CUSTOM_TIME' },
        });
      }
    });

    test('THEN Cloud SQL is CMEK, private-IP only, TLS-only, deletion-protected and on a Backup and DR plan with the four tiers', () => {
      const json = synth.json(US);
      const sql = one(json, 'google_sql_database_instance', 'database_instance_');
      expect(sql.encryption_key_name).toMatch(/keys_database_key_/);
      expect(sql.deletion_protection).toBe(true);
      expect(sql.settings).toMatchObject({
        availability_type: 'REGIONAL',
        deletion_protection_enabled: true,
        ip_configuration: { ipv4_enabled: false, ssl_mode: 'ENCRYPTED_ONLY' },
        backup_configuration: { enabled: true, point_in_time_recovery_enabled: true, location: 'us-central1' },
      });
      expect(sql.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['settings[0].backup_configuration'] });
      const plan = one(json, 'google_backup_dr_backup_plan', 'database_plan_');
      expect(plan.resource_type).toBe('sqladmin.googleapis.com/Instance');
      expect(plan.backup_rules.map((r: any) => [r.standard_schedule.recurrence_type, r.backup_retention_days])).toEqual([
        ['HOURLY', 2],
        ['DAILY', 7],
        ['WEEKLY', 28],
        ['MONTHLY', 365],
      ]);
      expect(synth.text(US)).toHaveResourceWithProperties(T('google_backup_dr_backup_plan_association'), {
        resource_type: 'sqladmin.googleapis.com/Instance',
      });
      expect(synth.text(US)).toHaveResourceWithProperties(T('google_backup_dr_backup_vault'), {
        backup_minimum_enforced_retention_duration: '172800s',
      });
    });

    test('THEN the VPC is custom-mode, the subnet private with flow logs, and ingress is deny-all except health checks', () => {
      const text = synth.text(US);
      expect(text).toHaveResourceWithProperties(T('google_compute_network'), { auto_create_subnetworks: false });
      expect(text).toHaveResourceWithProperties(T('google_compute_subnetwork'), {
        private_ip_google_access: true,
        ip_cidr_range: '10.20.0.0/20',
        log_config: { aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: 1, metadata: 'INCLUDE_ALL_METADATA' },
      });
      expect(text).toHaveResourceWithProperties(T('google_compute_firewall'), {
        direction: 'INGRESS',
        priority: 65534,
        source_ranges: ['0.0.0.0/0'],
        deny: [{ protocol: 'all' }],
        log_config: { metadata: 'INCLUDE_ALL_METADATA' },
      });
      const allows = Object.values(resourcesOf(synth.json(US), 'google_compute_firewall')).filter((f) => f.allow !== undefined);
      expect(allows.map((f) => f.source_ranges)).toEqual([['35.191.0.0/16', '130.211.0.0/22']]);
    });

    test('THEN the HTTPS load balancer enforces TLS 1.2+ RESTRICTED and Cloud Armor has OWASP rules, a rate limit and Adaptive Protection', () => {
      const json = synth.json(US);
      expect(one(json, 'google_compute_ssl_policy', 'edge_ssl-policy_')).toMatchObject({ min_tls_version: 'TLS_1_2', profile: 'RESTRICTED' });
      const proxy = one(json, 'google_compute_target_https_proxy', 'edge_https-proxy_');
      expect(proxy.ssl_policy).toMatch(/google_compute_ssl_policy\.edge_ssl-policy_/);
      expect(one(json, 'google_compute_url_map', 'edge_http-redirect-map_').default_url_redirect).toMatchObject({ https_redirect: true });
      const armor = one(json, 'google_compute_security_policy', 'armor_policy_');
      expect(armor.adaptive_protection_config).toEqual({ layer_7_ddos_defense_config: { enable: true, rule_visibility: 'STANDARD' } });
      const expressions = armor.rule.map((r: any) => r.match.expr?.expression).filter(Boolean);
      expect(expressions).toContain("evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 2})");
      expect(expressions).toContain("evaluatePreconfiguredWaf('xss-v33-stable', {'sensitivity': 2})");
      expect(armor.rule[0]).toMatchObject({
        action: 'throttle',
        rate_limit_options: { exceed_action: 'deny(429)', rate_limit_threshold: { count: 600, interval_sec: 60 } },
      });
      expect(one(json, 'google_compute_backend_service', 'edge_backend_').security_policy).toMatch(/armor_policy_/);
    });

    test('THEN Cloud Storage data-access audit logs flow into a locked, CMEK log bucket', () => {
      const text = synth.text(US);
      expect(text).toHaveResourceWithProperties(T('google_project_iam_audit_config'), {
        service: 'storage.googleapis.com',
        audit_log_config: [{ log_type: 'ADMIN_READ' }, { log_type: 'DATA_READ' }, { log_type: 'DATA_WRITE' }],
      });
      const logBucket = one(synth.json(US), 'google_logging_project_bucket_config', 'audit_log-bucket_');
      expect(logBucket).toMatchObject({ locked: true, retention_days: 400, location: 'us-central1' });
      expect(logBucket.cmek_settings.kms_key_name).toMatch(/keys_logs_key_/);
      expect(one(synth.json(US), 'google_logging_project_sink', 'audit_sink_').filter).toMatch(/^logName:"cloudaudit\.googleapis\.com" AND NOT \(/);
    });

    test('THEN the EU stack places every location in europe-west1 and shares the project without a second audit config', () => {
      const json = synth.json(EU);
      const locations = Object.values(json.resource ?? {}).flatMap((byName) =>
        Object.values(byName).flatMap((r: any) => [r.location, r.region].filter((v) => typeof v === 'string' && !v.includes('${'))),
      );
      expect(new Set(locations.map((l: string) => l.toLowerCase()))).toEqual(new Set(['europe-west1']));
      expect((json.provider as any).google[0]).toMatchObject({ region: 'europe-west1', default_labels: { rampart_residency: 'eu' } });
      expect(resourcesOf(json, 'google_project_iam_audit_config')).toEqual({});
      expect(resourcesOf(json, 'google_org_policy_policy')).toEqual({});
      // The project-wide Container Scanning API is the US stack's alone: two Terraform states never manage one service.
      const scanningApis = (stack: string) =>
        Object.values(resourcesOf(synth.json(stack), 'google_project_service')).filter((r: any) => r.service === 'containerscanning.googleapis.com');
      expect(scanningApis(US)).toEqual([expect.objectContaining({ project: 'example-recordings', disable_on_destroy: false })]);
      expect(scanningApis(EU)).toEqual([]);
      expect(one(json, 'google_storage_bucket', 'recordings_').name).toBe('example-recordings-recordings-eu');
    });

    test('THEN the Cloud Run service is defined in the stack: load-balancer ingress, CMEK of its own, deletion protection, no public invoker', () => {
      for (const [stack, region] of [
        [US, 'us-central1'],
        [EU, 'europe-west1'],
      ] as const) {
        const json = synth.json(stack);
        const service = one(json, 'google_cloud_run_v2_service', 'service_');
        expect(service).toMatchObject({
          name: 'recordings-api',
          location: region,
          ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
          deletion_protection: true,
          invoker_iam_disabled: true,
        });
        // Its own key, used by nothing else, granted to the Cloud Run service agent only (encrypt/decrypt).
        expect(service.template.encryption_key).toMatch(/^\$\{google_kms_crypto_key\.keys_service_key_[0-9A-F]+\.id\}$/);
        expect(one(json, 'google_kms_crypto_key', 'keys_service_key_')).toMatchObject({
          name: 'service',
          labels: { rampart_key_purpose: 'service' },
        });
        const keyRef = service.template.encryption_key.replace('.id}', '');
        const grants = Object.values(resourcesOf(json, 'google_kms_crypto_key_iam_member')).filter((g) => g.crypto_key_id.startsWith(keyRef));
        expect(grants).toEqual([
          expect.objectContaining({
            role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
            member: 'serviceAccount:service-${data.google_project.project.number}@serverless-robot-prod.iam.gserviceaccount.com',
          }),
        ]);
        expect(JSON.stringify(json).split(keyRef).length - 1).toBe(2); // the service and its one grant
        // No IAM binding of any kind names the public.
        expect(JSON.stringify(json)).not.toMatch(/allUsers|allAuthenticatedUsers/);
        expect(resourcesOf(json, 'google_cloud_run_v2_service_iam_member')).toEqual({});
        expect(resourcesOf(json, 'google_cloud_run_v2_service_iam_binding')).toEqual({});
        // Its own runtime identity, not the Compute Engine default account.
        expect(service.template.service_account).toMatch(/^\$\{google_service_account\.service_identity_[0-9A-F]+\.email\}$/);
        // The image: pinned, from the stack's own repository in the stack's region (immutable tags, CMEK).
        const prefix = stack === US ? 'rampart-rec-us' : 'rampart-rec-eu';
        expect(service.template.containers).toEqual([
          { image: `${region}-docker.pkg.dev/example-recordings/${prefix}-images/recordings-api:1.0.0`, ports: { container_port: 8080 } },
        ]);
        expect(one(json, 'google_artifact_registry_repository', 'images_repository_')).toMatchObject({
          location: region,
          repository_id: `${prefix}-images`,
          format: 'DOCKER',
          docker_config: { immutable_tags: true },
          kms_key_name: expect.stringMatching(/keys_images_key_/),
          lifecycle: { prevent_destroy: true },
        });
        // The serverless NEG sends traffic to that service, by reference.
        const neg = one(json, 'google_compute_region_network_endpoint_group', 'edge_serverless-neg_');
        expect(neg).toMatchObject({ network_endpoint_type: 'SERVERLESS', region });
        expect(neg.cloud_run).toEqual({ service: expect.stringMatching(/^\$\{google_cloud_run_v2_service\.service_[0-9A-F]+\.name\}$/) });
      }
    });

    test("THEN each stack refuses to deploy while the project has its auto-mode 'default' network", () => {
      for (const stack of [US, EU]) {
        const json = synth.json(stack);
        const [dataName] = Object.keys((json.data as any).google_compute_networks);
        expect((json.data as any).google_compute_networks[dataName]).toMatchObject({ project: 'example-recordings' });
        const vpc = one(json, 'google_compute_network', 'network_vpc_');
        expect(vpc.lifecycle.precondition).toEqual([
          {
            condition: `\${!contains(data.google_compute_networks.${dataName}.networks, "default")}`,
            error_message: expect.stringContaining('gcloud compute networks delete default --project=example-recordings'),
          },
        ]);
      }
    });

    test("THEN the EU stack keeps its log entries in europe-west1: a CMEK log bucket there, and out of the project's _Default bucket", () => {
      const json = synth.json(EU);
      const bucket = one(json, 'google_logging_project_bucket_config', 'regional-logs_bucket_');
      expect(bucket).toMatchObject({
        location: 'europe-west1',
        bucket_id: 'rampart-rec-eu-logs',
        retention_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      expect(bucket.cmek_settings.kms_key_name).toMatch(/keys_operational-logs_key_/);
      const sink = one(json, 'google_logging_project_sink', 'regional-logs_sink_');
      expect(sink.destination).toBe(
        'logging.googleapis.com/projects/example-recordings/locations/europe-west1/buckets/${google_logging_project_bucket_config.' +
          Object.keys(resourcesOf(json, 'google_logging_project_bucket_config')).find((n) => n.startsWith('regional-logs_bucket_')) +
          '.bucket_id}',
      );
      // The project is shared with the US stack: entries located in europe-west1, and this stack's load-balancer request logs.
      expect(sink.filter).toBe(
        '(resource.labels.location="europe-west1" OR resource.labels.region="europe-west1" OR resource.labels.zone:"europe-west1-") ' +
          'OR resource.labels.forwarding_rule_name:"rampart-rec-eu-"',
      );
      const exclusion = one(json, 'google_logging_project_exclusion', 'regional-logs_default-exclusion_');
      expect(exclusion).toMatchObject({ project: 'example-recordings', filter: sink.filter });
      expect(exclusion.disabled).toBeUndefined();
      // Every log bucket and every log sink destination of the EU stack is in europe-west1.
      for (const b of Object.values(resourcesOf(json, 'google_logging_project_bucket_config'))) expect(b.location).toBe('europe-west1');
      for (const s of Object.values(resourcesOf(json, 'google_logging_project_sink')))
        expect(s.destination).toMatch(/\/locations\/europe-west1\/buckets\//);
      // The US stack stores no regional copy of its own: only the EU variant pins log storage.
      expect(resourcesOf(synth.json(US), 'google_logging_project_exclusion')).toEqual({});
    });

    test('THEN the synthesized stacks match the snapshots', () => {
      expect(forSnapshot(synth.json(US))).toMatchSnapshot('us');
      expect(forSnapshot(synth.json(EU))).toMatchSnapshot('eu');
    });
  });
});
