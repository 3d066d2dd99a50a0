import { configWith, EU, one, resourcesOf, synthesize, Synthesized, US } from './helpers';

/**
 * The same config with every number the Google Cloud part reads from the policy changed: tiers,
 * rotation, audit retention, TLS minimum and EU regions. The stacks must follow the policy (the
 * suite, reading the same policy, stays clean) with no code change.
 */
describe('GIVEN a policy with other numbers than the published ones', () => {
  let synth: Synthesized;
  beforeAll(() => {
    const config = configWith(
      (gcp) => ({ ...gcp, eu: { ...(gcp.eu as object), region: 'europe-west4' } }),
      (policy) => ({
        ...policy,
        backupTiers: [
          { name: 'hourly', every: 'hour', keepDays: 1 },
          { name: 'daily', every: 'day', keepDays: 14 },
          { name: 'weekly', every: 'week', keepDays: 21 },
          { name: 'quarterly', every: 'month', keepDays: 30 },
        ],
        keyRotation: { ...(policy.keyRotation as object), gcpMaxDays: 30 },
        auditLogs: { ...(policy.auditLogs as object), retentionDays: 500 },
        tls: { minimum: '1.3', preferred: '1.3' },
        residency: { ...(policy.residency as object), euGcpRegions: ['europe-west4'] },
      }),
    );
    synth = synthesize(config);
  });
  afterAll(() => synth.cleanup());

  test('WHEN synthesized THEN the policy suite, reading the same policy, finds nothing', () => {
    expect(synth.result.stacks.map((s) => [s.name, s.findings])).toEqual([
      [US, []],
      [EU, []],
    ]);
  });

  test('THEN the backup bucket locks for the shortest tier and expires each tier by the policy', () => {
    const bucket = one(synth.json(US), 'google_storage_bucket', 'backups_');
    expect(bucket.retention_policy).toEqual({ is_locked: true, retention_period: 86400 });
    const tierRules = bucket.lifecycle_rule.filter((r: any) => r.condition.age !== undefined);
    expect(tierRules.map((r: any) => [r.condition.matches_prefix[0], r.condition.age])).toEqual([
      ['hourly/', 1],
      ['daily/', 14],
      ['weekly/', 21],
      ['quarterly/', 30],
    ]);
    const jobs = Object.values(resourcesOf(synth.json(US), 'google_storage_transfer_job'));
    expect(jobs.map((j) => [j.transfer_spec.gcs_data_sink.path, j.schedule.repeat_interval]).sort()).toEqual([
      ['daily/', '86400s'],
      ['hourly/', '3600s'],
      ['quarterly/', '2592000s'],
      ['weekly/', '604800s'],
    ]);
  });

  test('THEN the database plan and vault follow the tiers', () => {
    const json = synth.json(US);
    const plan = one(json, 'google_backup_dr_backup_plan', 'database_plan_');
    expect(plan.backup_rules.map((r: any) => [r.rule_id, r.standard_schedule.recurrence_type, r.backup_retention_days])).toEqual([
      ['hourly', 'HOURLY', 1],
      ['daily', 'DAILY', 14],
      ['weekly', 'WEEKLY', 21],
      ['quarterly', 'MONTHLY', 30],
    ]);
    expect(plan.description).toBe('hourly (every 6 h) 1 day, daily 2 weeks, weekly 3 weeks, quarterly 30 days');
    expect(one(json, 'google_backup_dr_backup_vault', 'database_vault_').backup_minimum_enforced_retention_duration).toBe('86400s');
  });

  test('THEN keys rotate, audit logs are kept and TLS is negotiated as the policy says; EU data stays in europe-west4', () => {
    const json = synth.json(US);
    for (const key of Object.values(resourcesOf(json, 'google_kms_crypto_key'))) expect(key.rotation_period).toBe(`${30 * 86400}s`);
    expect(one(json, 'google_logging_project_bucket_config', 'audit_log-bucket_').retention_days).toBe(535);
    expect(one(json, 'google_compute_ssl_policy', 'edge_ssl-policy_')).toMatchObject({ min_tls_version: 'TLS_1_3' });
    expect((synth.json(EU).provider as any).google[0].region).toBe('europe-west4');
  });

  test('WHEN gcp: sets rotation and audit retention itself THEN those win over the policy defaults', () => {
    const own = synthesize(configWith((gcp) => ({ ...gcp, keys: { rotationDays: 45 }, audit: { retentionDays: 730 } })));
    try {
      const json = own.json(US);
      for (const key of Object.values(resourcesOf(json, 'google_kms_crypto_key'))) expect(key.rotation_period).toBe(`${45 * 86400}s`);
      expect(one(json, 'google_logging_project_bucket_config', 'audit_log-bucket_').retention_days).toBe(730);
      expect(own.result.stacks.flatMap((s) => s.findings)).toEqual([]);
    } finally {
      own.cleanup();
    }
  });
});
