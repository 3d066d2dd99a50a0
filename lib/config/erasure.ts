import { BACKUP_TIERS } from '../constructs/backup/four-tier-plan';

/**
 * Control ERASURE: a tenant's deleted data is gone from all systems, backups included, within this
 * many days of the offboarding request.
 *
 * The four-tier backup plan keeps monthly recovery points 365 days (and weekly ones 28 days, which
 * with an offboarding grace period of 3 days or more also ends past the deadline), and a
 * compliance-mode vault lock forbids deleting them early. Erasure therefore rests on
 * crypto-shredding: each tenant's data and backups are encrypted under the tenant's own KMS keys,
 * and scheduling those keys for deletion makes every copy unreadable once the KMS pending window
 * ends. Config validation checks that the grace period plus that window fits inside the promise
 * (`offboardingWithinErasureDeadline` in tenant-rules.ts).
 *
 * The tier retentions are read from BACKUP_TIERS (lib/constructs/backup/four-tier-plan.ts) so the
 * message can never disagree with the plan; that module imports nothing from lib/config, so there
 * is no import cycle. Keep it that way.
 */
export const ERASURE_DEADLINE_DAYS = 30;

/**
 * Backup tiers whose recovery points outlive the erasure promise, e.g. `monthly (365 d)`. Backups
 * keep being taken until erasure starts (`graceDays` after the request), so a tier outlives the
 * promise when graceDays + its retention exceeds it: the monthly tier always, the weekly one
 * (28 d) once the grace period is 3 days or more.
 */
export function tiersOutlivingErasure(graceDays: number): string[] {
  return BACKUP_TIERS.filter((tier) => graceDays + tier.keepDays > ERASURE_DEADLINE_DAYS).map((tier) => `${tier.name} (${tier.keepDays} d)`);
}
