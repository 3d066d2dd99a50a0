import type { BackupCadence, BackupTierPolicy } from '../promises/policy-numbers';
import { CADENCE_SECONDS } from './durations';

/**
 * The BACKUP-TIERS promise on Google Cloud, derived from the policy's `backupTiers` (config
 * `policy:`, lib/promises/policy-numbers.ts): no tier number is written here. The bucket copies
 * (Storage Transfer Service) and the database plan (Backup and DR) both read the result; the policy
 * suite reads the same policy and checks the synthesized JSON against it.
 */
export interface BackupTier {
  /** Rule id and object prefix in the backup bucket (`hourly/...`). */
  readonly name: string;
  /** The cadence as the policy states it; Backup and DR schedules by it. */
  readonly every: BackupCadence;
  /** How often a copy is taken, in seconds: Storage Transfer Service repeats by interval. */
  readonly everySeconds: number;
  /** Days each copy is kept before the lifecycle (or the Backup and DR rule) deletes it. */
  readonly keepDays: number;
}

/** The policy's tiers with their transfer intervals, in the policy's order. */
export function gcpBackupTiers(policyTiers: readonly BackupTierPolicy[]): BackupTier[] {
  return policyTiers.map(({ name, every, keepDays }) => ({ name, every, everySeconds: CADENCE_SECONDS[every], keepDays }));
}

/** The shortest tier: the backup bucket's locked retention may not exceed it, or it would block that tier's deletions. */
export function shortestTierDays(tiers: readonly { readonly keepDays: number }[]): number {
  if (tiers.length === 0) throw new Error('shortestTierDays: the policy has no backup tiers');
  return Math.min(...tiers.map((t) => t.keepDays));
}
