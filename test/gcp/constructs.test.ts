import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AuditLogging, inRegions, notInRegions } from '../../lib/gcp/constructs/audit';
import { SecureBucket } from '../../lib/gcp/constructs/buckets';
import { backupPlanRules } from '../../lib/gcp/constructs/database';
import { KeyRing } from '../../lib/gcp/constructs/keys';
import { backupErasureRules, groupBySchedule, recordingDeletionRules, tierExpiryRules } from '../../lib/gcp/constructs/lifecycle';
import { EuResourceLocations } from '../../lib/gcp/constructs/org-policy';
import { CloudArmorPolicy, wafRules } from '../../lib/gcp/constructs/waf';
import { BACKUP_TIERS } from '../../lib/gcp/tiers';
import './helpers';

const T = (tfResourceType: string) => ({ tfResourceType });
const ring = (scope: Construct, rotationDays?: number) => new KeyRing(scope, 'keys', { project: 'p-123456', location: 'us-central1', name: 'ring', rotationDays });

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
        condition: { daysSinceCustomTime: 5, matchesPrefix: ['hourly/workspaces/x/', 'daily/workspaces/x/', 'weekly/workspaces/x/', 'monthly/workspaces/x/'] },
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
    expect(inRegions(['europe-west1'])).toBe('(resource.labels.location="europe-west1" OR resource.labels.region="europe-west1" OR resource.labels.zone:"europe-west1-")');
    expect(notInRegions(['europe-west1']).startsWith('NOT (')).toBe(true);
  });
});

describe('GIVEN the constructs in a bare stack (Testing.synthScope)', () => {
  test('WHEN a SecureBucket is created THEN it is CMEK, private, soft-deleting and waits for the key grant', () => {
    const synth = Testing.synthScope((scope) => {
      const key = ring(scope).key('recordings');
      key.grantEncryptDecrypt('agent', 'serviceAccount:agent@example.iam.gserviceaccount.com');
      new SecureBucket(scope, 'bucket', { project: 'p-123456', name: 'b-1', location: 'us-central1', key, role: 'recordings', protection: { kind: 'versioning' }, softDeleteDays: 7 });
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

  test('WHEN rotation exceeds 90 days THEN KeyRing throws naming the prop and the value', () => {
    expect(() => Testing.synthScope((scope) => ring(scope, 120))).toThrow('KeyRing stack/keys: rotationDays must be a whole number from 1 to 90, got 120');
  });

  test('WHEN soft delete is below 7 days THEN SecureBucket throws', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const key = ring(scope).key('backups');
        new SecureBucket(scope, 'bucket', { project: 'p-123456', name: 'b-2', location: 'us-central1', key, role: 'backups', protection: { kind: 'locked-retention', days: 2 }, softDeleteDays: 1 });
      }),
    ).toThrow('softDeleteDays must be from 7 to 90, got 1');
  });

  test('WHEN the WAF sensitivity is out of range THEN CloudArmorPolicy throws', () => {
    expect(() =>
      Testing.synthScope((scope) => new CloudArmorPolicy(scope, 'armor', { project: 'p-123456', name: 'a', wafSensitivity: 5, rateLimitRequests: 100, rateLimitIntervalSec: 60 })),
    ).toThrow('wafSensitivity must be 1 to 4, got 5');
  });

  test('WHEN audit retention is below a year THEN AuditLogging throws', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const key = ring(scope).key('logs');
        new AuditLogging(scope, 'audit', { project: 'p-123456', region: 'us-central1', prefix: 'x', key, retentionDays: 30, manageAuditConfig: true });
      }),
    ).toThrow('retentionDays must be at least 365, got 30');
  });

  test('WHEN the EU resource-locations policy is created THEN it allows only the EU value group', () => {
    const synth = Testing.synthScope((scope) => new EuResourceLocations(scope, 'eu', { project: 'p-eu-123' }));
    expect(synth).toHaveResourceWithProperties(T('google_org_policy_policy'), {
      name: 'projects/p-eu-123/policies/gcp.resourceLocations',
      spec: { inherit_from_parent: false, rules: [{ values: { allowed_values: ['in:eu-locations'] } }] },
    });
  });
});
