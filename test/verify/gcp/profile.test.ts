import type { ControlId } from '../../../lib/promises/control-ids';
import { synthesized } from '../synthesized';
import type { Assembly, ControlResult, Verification } from '../../../lib/verify/types';
import { verifyAssembly } from '../../../lib/verify/verify-assembly';

/**
 * The Google Cloud evidence checks on a second policy profile: the GCP-only screen-recording config
 * (one US stack, no EU variant, four workspaces on three deletion schedules, erasure deadline without
 * backups), synthesized once.
 */

type Json = any;
const PROFILE = 'config/examples/screen-recording-gcp.yaml';

let assembly: Assembly;
let verification: Verification;

beforeAll(() => {
  // The Google Cloud part alone, synthesized in-process: these checks read only cdktf.out.
  assembly = synthesized(PROFILE, { aws: false }).assembly;
  verification = verifyAssembly(assembly);
});

function result(v: Verification, control: ControlId): ControlResult {
  const found = v.controls.find((c) => c.control === control);
  if (found === undefined) throw new Error(`no result for ${control}`);
  return found;
}

function weakened(mutate: (t: Json) => void): Verification {
  const [stack] = assembly.stacks;
  const template = structuredClone(stack.template) as Json;
  mutate(template);
  return verifyAssembly({ ...assembly, stacks: [{ ...stack, template }] });
}

describe('GIVEN the GCP-only screen-recording profile synthesized by the main job', () => {
  test('GIVEN its output THEN one US recordings stack is read, without EU data', () => {
    expect(assembly.stacks.map((s) => [s.id, s.region, s.metadata?.kind, s.metadata?.dataClasses])).toEqual([
      ['screenrec-prod-recordings-us', 'us-central1', 'gcp-recordings', []],
    ]);
  });

  test('GIVEN its output THEN every Google Cloud control holds or is partial, and RESIDENCY-EU is not applicable', () => {
    const verdicts = Object.fromEntries(verification.controls.filter((c) => c.stacks.length > 0).map((c) => [c.control, c.verdict]));
    expect(verdicts).toEqual({
      'ENC-REST': 'holds',
      'KEY-ROTATE': 'holds',
      'KEY-SEPARATE': 'partial',
      'TLS-EDGE': 'holds',
      'TLS-HOPS': 'holds',
      'MULTI-AZ': 'holds',
      'NET-ISOLATION': 'partial',
      'PUBLIC-SURFACE': 'holds',
      WAF: 'holds',
      DDOS: 'holds',
      AUDIT: 'partial',
      'BACKUP-TIERS': 'holds',
      ERASURE: 'partial',
      'WORKSPACE-DELETION': 'holds',
      'NO-LOSS': 'holds',
      'REGION-PINNED': 'holds',
      'LEAST-PRIV': 'partial',
      'VULN-SCAN': 'partial',
      DETECT: 'partial',
      'DETECT-ACTIVITY': 'partial',
    });
    expect(result(verification, 'RESIDENCY-EU').verdict).toBe('not-applicable');
    expect(verification.ok).toBe(true);
  });

  test('GIVEN four workspaces on three schedules THEN each schedule reaches all four backup tiers', () => {
    const counts = (control: ControlId): string[] => result(verification, control).counts.map((k) => `${k.kind} ${k.holding}/${k.total}`);
    expect(counts('WORKSPACE-DELETION')).toEqual([
      'gcp-workspace-schedule 4/4',
      'gcp-backup-lock-within-schedules 1/1',
      'gcp-schedule-on-backups 16/16',
      'gcp-transfer-keeps-creation-time 4/4',
    ]);
    const schedules = result(verification, 'WORKSPACE-DELETION').evidence.filter((e) => e.kind === 'gcp-workspace-schedule');
    expect(schedules.map((e) => e.value).sort((a, b) => Number(a) - Number(b))).toEqual([30, 90, 90, 365]);
  });

  test('GIVEN the 30-day workspace rule dropped from the backups THEN WORKSPACE-DELETION and ERASURE are missing on the backup bucket', () => {
    const v = weakened((t) => {
      const backups = Object.entries(t.resource.google_storage_bucket).find(([name]) => name.startsWith('backups_'))?.[1] as Json;
      backups.lifecycle_rule = backups.lifecycle_rule.filter((r: Json) => r.condition.days_since_custom_time !== 30);
    });
    for (const control of ['WORKSPACE-DELETION', 'ERASURE'] as const) {
      const r = result(v, control);
      expect(r.verdict).toBe('missing');
      expect(
        r.evidence
          .filter((e) => e.outcome === 'missing')
          .map((e) => [e.resource, e.expected.split(' (')[0]])
          .sort(),
      ).toEqual(
        ['daily', 'hourly', 'monthly', 'weekly']
          .map((tier) => [
            'google_storage_bucket.backups_bucket_5DB31D01',
            `a Delete rule of the backup bucket for ${tier}/workspaces/support-tickets/ with days_since_custom_time at most 30`,
          ])
          .sort(),
      );
    }
  });

  test('GIVEN the recordings bucket placed in us-east1 THEN REGION-PINNED is contradicted on it, even without an EU stack', () => {
    const v = weakened((t) => {
      const name = Object.keys(t.resource.google_storage_bucket).find((n) => n.startsWith('recordings_')) as string;
      t.resource.google_storage_bucket[name].location = 'US-EAST1';
    });
    const r = result(v, 'REGION-PINNED');
    expect(r.verdict).toBe('contradicted');
    expect(r.evidence.filter((e) => e.outcome === 'contradicted').map((e) => [e.resource, e.value])).toEqual([
      ['google_storage_bucket.recordings_bucket_2E22DD0A', 'US-EAST1'],
    ]);
  });
});
