import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { CloudRunV2Service } from '../../lib/gcp/bindings';
import { AuditLogging, inRegions, notInRegions } from '../../lib/gcp/constructs/audit';
import { SecureBucket } from '../../lib/gcp/constructs/buckets';
import { backupPlanDescription, backupPlanRules } from '../../lib/gcp/constructs/database';
import { EdgeLoadBalancer, sslPolicyMinTlsVersion } from '../../lib/gcp/constructs/edge';
import { KeyRing } from '../../lib/gcp/constructs/keys';
import { RecordKeyStore, recordKeyDatabaseName } from '../../lib/gcp/constructs/record-keys';
import { backupErasureRules, groupBySchedule, recordingDeletionRules, tierExpiryRules } from '../../lib/gcp/constructs/lifecycle';
import { EuResourceLocations } from '../../lib/gcp/constructs/org-policy';
import { CloudArmorPolicy, wafRules } from '../../lib/gcp/constructs/waf';
import { describeDays } from '../../lib/gcp/durations';
import { gcpBackupTiers, shortestTierDays } from '../../lib/gcp/tiers';
import { PUBLISHED_POLICY } from '../../lib/promises/policy-numbers';
import './helpers';

const T = (tfResourceType: string) => ({ tfResourceType });
const MAX_ROTATION = PUBLISHED_POLICY.keyRotation.gcpMaxDays;
const ring = (scope: Construct, rotationDays?: number) =>
  new KeyRing(scope, 'keys', { project: 'p-123456', location: 'us-central1', name: 'ring', maxRotationDays: MAX_ROTATION, rotationDays });
const BACKUP_TIERS = gcpBackupTiers(PUBLISHED_POLICY.backupTiers);

describe('GIVEN the lifecycle rule builders', () => {
  const workspaces = [
    { id: 'b', deleteAfterDays: 30 },
    { id: 'a', deleteAfterDays: 30 },
    { id: 'c', deleteAfterDays: 7 },
  ];

  test('WHEN workspaces share a schedule THEN they share one rule (one rule per distinct schedule, ascending)', () => {
    expect(groupBySchedule(workspaces)).toEqual([
      { days: 7, ids: ['c'] },
      { days: 30, ids: ['a', 'b'] },
    ]);
    expect(recordingDeletionRules(workspaces)).toEqual([
      { action: { type: 'Delete' }, condition: { age: 7, matchesPrefix: ['workspaces/c/'] } },
      { action: { type: 'Delete' }, condition: { age: 30, matchesPrefix: ['workspaces/a/', 'workspaces/b/'] } },
    ]);
  });

  test('WHEN 1,000 workspaces use three schedules THEN the recordings bucket needs three rules', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ id: `w${i}`, deleteAfterDays: [30, 90, 365][i % 3] }));
    expect(recordingDeletionRules(many)).toHaveLength(3);
  });

  test('WHEN tiers are expired THEN each tier prefix is deleted by age 2/7/28/365 and erasure reaches every tier copy', () => {
    expect(tierExpiryRules(BACKUP_TIERS).map((r) => [r.condition.matchesPrefix, r.condition.age])).toEqual([
      [['hourly/'], 2],
      [['daily/'], 7],
      [['weekly/'], 28],
      [['monthly/'], 365],
    ]);
    expect(backupErasureRules([{ id: 'x', deleteAfterDays: 5 }], BACKUP_TIERS)).toEqual([
      {
        action: { type: 'Delete' },
        condition: {
          daysSinceCustomTime: 5,
          matchesPrefix: ['hourly/workspaces/x/', 'daily/workspaces/x/', 'weekly/workspaces/x/', 'monthly/workspaces/x/'],
        },
      },
    ]);
  });

  test('WHEN the Backup and DR rules are built THEN hourly runs every 6 h (API minimum) in a >= 6 h window and retention follows the tiers', () => {
    const rules = backupPlanRules(BACKUP_TIERS);
    expect(rules.map((r) => [r.ruleId, r.standardSchedule.recurrenceType, r.backupRetentionDays])).toEqual([
      ['hourly', 'HOURLY', 2],
      ['daily', 'DAILY', 7],
      ['weekly', 'WEEKLY', 28],
      ['monthly', 'MONTHLY', 365],
    ]);
    expect(rules[0].standardSchedule.hourlyFrequency).toBe(6);
    for (const r of rules) {
      const w = r.standardSchedule.backupWindow!;
      expect((w.endHourOfDay ?? 24) - w.startHourOfDay).toBeGreaterThanOrEqual(6);
    }
  });

  test('WHEN the WAF rules are built THEN every OWASP rule set is denied at the chosen sensitivity', () => {
    const rules = wafRules(3);
    expect(rules.every((r) => r.action === 'deny(403)' && r.preview === false)).toBe(true);
    expect(rules[0].match.expr?.expression).toBe("evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 3})");
  });

  test('WHEN audit filters are built THEN they match or exclude a region by location, region and zone labels', () => {
    expect(inRegions(['europe-west1'])).toBe(
      '(resource.labels.location="europe-west1" OR resource.labels.region="europe-west1" OR resource.labels.zone:"europe-west1-")',
    );
    expect(notInRegions(['europe-west1']).startsWith('NOT (')).toBe(true);
  });
});

describe('GIVEN the constructs in a bare stack (Testing.synthScope)', () => {
  test('WHEN a SecureBucket is created THEN it is CMEK, private, soft-deleting and waits for the key grant', () => {
    const synth = Testing.synthScope((scope) => {
      const key = ring(scope).key('recordings');
      key.grantEncryptDecrypt('agent', 'serviceAccount:agent@example.iam.gserviceaccount.com');
      new SecureBucket(scope, 'bucket', {
        project: 'p-123456',
        name: 'b-1',
        location: 'us-central1',
        key,
        role: 'recordings',
        protection: { kind: 'versioning' },
        softDeleteDays: 7,
      });
    });
    expect(synth).toHaveResourceWithProperties(T('google_storage_bucket'), {
      location: 'US-CENTRAL1',
      public_access_prevention: 'enforced',
      uniform_bucket_level_access: true,
      versioning: { enabled: true },
      depends_on: [expect.stringMatching(/^google_kms_crypto_key_iam_member\.keys_recordings_agent_/)],
    });
    expect(synth).not.toHaveResourceWithProperties(T('google_storage_bucket'), { public_access_prevention: 'inherited' });
  });

  test('WHEN a RecordKeyStore is created THEN it is Firestore in the region under its CMEK key, PITR on, never deleted, and the grant names only it', () => {
    const synth = Testing.synthScope((scope) => {
      const key = ring(scope).key('record-keys');
      key.grantEncryptDecrypt('firestore-agent', 'serviceAccount:service-1@gcp-sa-firestore.iam.gserviceaccount.com');
      const store = new RecordKeyStore(scope, 'record-keys', { project: 'p-123456', region: 'europe-west1', prefix: 'rec-eu', key });
      store.grantRecordKeys('run', 'serviceAccount:run@p-123456.iam.gserviceaccount.com');
    });
    expect(synth).toHaveResourceWithProperties(T('google_firestore_database'), {
      name: recordKeyDatabaseName('rec-eu'),
      location_id: 'europe-west1',
      type: 'FIRESTORE_NATIVE',
      point_in_time_recovery_enablement: 'POINT_IN_TIME_RECOVERY_ENABLED',
      delete_protection_state: 'DELETE_PROTECTION_ENABLED',
      deletion_policy: 'ABANDON',
      lifecycle: { prevent_destroy: true },
      cmek_config: { kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.keys_record-keys_key_/) },
      depends_on: [expect.stringMatching(/^google_kms_crypto_key_iam_member\.keys_record-keys_firestore-agent_/)],
    });
    expect(synth).not.toHaveResource(T('google_firestore_backup_schedule'));
    expect(synth).toHaveResourceWithProperties(T('google_project_iam_member'), {
      role: 'roles/datastore.user',
      project: 'p-123456',
      condition: expect.objectContaining({ expression: "resource.name == 'projects/p-123456/databases/rec-eu-record-keys'" }),
    });
  });

  test('WHEN rotation exceeds 90 days THEN KeyRing throws naming the prop and the value', () => {
    expect(() => Testing.synthScope((scope) => ring(scope, 120))).toThrow(
      'KeyRing stack/keys: rotationDays must be a whole number from 1 to 90, got 120',
    );
  });

  test('WHEN soft delete is below 7 days THEN SecureBucket throws', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const key = ring(scope).key('backups');
        new SecureBucket(scope, 'bucket', {
          project: 'p-123456',
          name: 'b-2',
          location: 'us-central1',
          key,
          role: 'backups',
          protection: { kind: 'locked-retention', days: 2 },
          softDeleteDays: 1,
        });
      }),
    ).toThrow('softDeleteDays must be from 7 to 90, got 1');
  });

  test('WHEN the WAF sensitivity is out of range THEN CloudArmorPolicy throws', () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new CloudArmorPolicy(scope, 'armor', {
            project: 'p-123456',
            name: 'a',
            wafSensitivity: 5,
            rateLimitRequests: 100,
            rateLimitIntervalSec: 60,
          }),
      ),
    ).toThrow('wafSensitivity must be 1 to 4, got 5');
  });

  test('WHEN audit retention is below a year THEN AuditLogging throws', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const key = ring(scope).key('logs');
        const props = { project: 'p-123456', region: 'us-central1', prefix: 'x', key, manageAuditConfig: true };
        new AuditLogging(scope, 'audit', { ...props, minRetentionDays: 365, retentionDays: 30 });
      }),
    ).toThrow("retentionDays must be at least 365 (the policy's audit retention) and at most 3650, got 30");
  });

  test('WHEN the EU resource-locations policy is created THEN it allows only the EU value group', () => {
    const synth = Testing.synthScope((scope) => new EuResourceLocations(scope, 'eu', { project: 'p-eu-123' }));
    expect(synth).toHaveResourceWithProperties(T('google_org_policy_policy'), {
      name: 'projects/p-eu-123/policies/gcp.resourceLocations',
      spec: { inherit_from_parent: false, rules: [{ values: { allowed_values: ['in:eu-locations'] } }] },
    });
  });
});

describe('GIVEN numbers that come from the policy rather than the constructs', () => {
  const custom = gcpBackupTiers([
    { name: 'hourly', every: 'hour', keepDays: 1 },
    { name: 'daily', every: 'day', keepDays: 14 },
    { name: 'quarterly', every: 'month', keepDays: 730 },
  ]);

  test('WHEN tiers are derived THEN each cadence maps to its interval and the shortest tier is the smallest keepDays', () => {
    expect(custom.map((t) => [t.name, t.everySeconds, t.keepDays])).toEqual([
      ['hourly', 3600, 1],
      ['daily', 86400, 14],
      ['quarterly', 30 * 86400, 730],
    ]);
    expect(shortestTierDays(custom)).toBe(1);
    expect(backupPlanRules(custom).map((r) => [r.ruleId, r.standardSchedule.recurrenceType, r.backupRetentionDays])).toEqual([
      ['hourly', 'HOURLY', 1],
      ['daily', 'DAILY', 14],
      ['quarterly', 'MONTHLY', 730],
    ]);
  });

  test('WHEN the Backup and DR plan is described THEN it words the tiers like the published policy does', () => {
    expect(backupPlanDescription(BACKUP_TIERS)).toBe('hourly (every 6 h) 2 days, daily 7 days, weekly 4 weeks, monthly 12 months');
    expect(backupPlanDescription(custom)).toBe('hourly (every 6 h) 1 day, daily 2 weeks, quarterly 24 months');
    expect([describeDays(7), describeDays(28), describeDays(365)]).toEqual(['7 days', '4 weeks', '12 months']);
  });

  test('WHEN a KeyRing gets no rotationDays THEN its keys rotate every maxRotationDays; a longer period throws naming the maximum', () => {
    const synth = Testing.synthScope((scope) => {
      new KeyRing(scope, 'keys', { project: 'p-123456', location: 'us-central1', name: 'ring', maxRotationDays: 30 }).key('logs');
    });
    expect(synth).toHaveResourceWithProperties(T('google_kms_crypto_key'), { rotation_period: `${30 * 86400}s` });
    const props = { project: 'p-123456', location: 'us-central1', name: 'ring', maxRotationDays: 30 };
    const tooLong = () => Testing.synthScope((scope) => new KeyRing(scope, 'keys', { ...props, rotationDays: 31 }));
    expect(tooLong).toThrow('rotationDays must be a whole number from 1 to 30, got 31');
  });

  test('WHEN the policy asks for longer audit retention THEN AuditLogging refuses a bucket shorter than it', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const key = ring(scope).key('logs');
        const props = { project: 'p-123456', region: 'us-central1', prefix: 'x', key, manageAuditConfig: true };
        new AuditLogging(scope, 'audit', { ...props, minRetentionDays: 500, retentionDays: 400 });
      }),
    ).toThrow('retentionDays must be at least 500');
  });

  test('WHEN the policy minimum is TLS 1.3 THEN the SSL policy sets TLS_1_3 and says so', () => {
    expect([sslPolicyMinTlsVersion('1.2'), sslPolicyMinTlsVersion('1.3')]).toEqual(['TLS_1_2', 'TLS_1_3']);
    const synth = Testing.synthScope((scope) => {
      const armor = new CloudArmorPolicy(scope, 'armor', {
        project: 'p-123456',
        name: 'a',
        wafSensitivity: 2,
        rateLimitRequests: 100,
        rateLimitIntervalSec: 60,
      });
      const service = new CloudRunV2Service(scope, 'run', { location: 'us-central1', name: 'api', template: { containers: [{ image: 'i' }] } });
      new EdgeLoadBalancer(scope, 'edge', {
        project: 'p-123456',
        region: 'us-central1',
        prefix: 'x',
        domain: 'rec.example.com',
        minTlsVersion: 'TLS_1_3',
        tlsProfile: 'RESTRICTED',
        service,
        securityPolicy: armor,
      });
    });
    expect(synth).toHaveResourceWithProperties(T('google_compute_ssl_policy'), {
      min_tls_version: 'TLS_1_3',
      description: 'TLS 1.3 minimum, RESTRICTED cipher profile',
    });
  });
});
