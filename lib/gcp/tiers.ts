/**
 * The BACKUP-TIERS promise: hourly copies kept 2 days, daily 7, weekly 4 weeks, monthly 12 months.
 * The bucket copies (Storage Transfer Service) and the database plan (Backup and DR) both read it.
 * The policy suite keeps its own copy of the numbers, so a change here fails the policy run.
 */
export interface BackupTier {
  /** Rule id and object prefix in the backup bucket (`hourly/...`). */
  readonly name: 'hourly' | 'daily' | 'weekly' | 'monthly';
  /** How often a copy is taken. */
  readonly everySeconds: number;
  /** Days each copy is kept before the lifecycle (or the Backup and DR rule) deletes it. */
  readonly keepDays: number;
}

export const BACKUP_TIERS: readonly BackupTier[] = [
  { name: 'hourly', everySeconds: 3600, keepDays: 2 },
  { name: 'daily', everySeconds: 86400, keepDays: 7 },
  { name: 'weekly', everySeconds: 7 * 86400, keepDays: 28 },
  // Storage Transfer Service repeats by interval, not by calendar month: every 30 days.
  { name: 'monthly', everySeconds: 30 * 86400, keepDays: 365 },
];

/** The shortest tier: the backup bucket's locked retention may not exceed it, or it would block that tier's deletions. */
export const SHORTEST_TIER_DAYS = Math.min(...BACKUP_TIERS.map((t) => t.keepDays));

export const DAY_SECONDS = 86400;
