import type { BackupCadence } from '../promises/policy-numbers';

/**
 * Calendar arithmetic for the Google Cloud part: unit conversions and how a number of days reads
 * in a description. Nothing here is a policy number; those come from the plan's `policy`.
 */

export const DAY_SECONDS = 86400;
const DAYS_PER_WEEK = 7;
const DAYS_PER_YEAR = 365;
const MONTHS_PER_YEAR = 12;

/**
 * Seconds between copies per cadence. Storage Transfer Service repeats by interval and cannot
 * follow calendar months, so a month is every 30 days.
 */
export const CADENCE_SECONDS: Readonly<Record<BackupCadence, number>> = {
  hour: 3600,
  day: DAY_SECONDS,
  week: DAYS_PER_WEEK * DAY_SECONDS,
  month: 30 * DAY_SECONDS,
};

/** `2` -> "2 days", `28` -> "4 weeks", `365` -> "12 months": how the published policy words its numbers. */
export function describeDays(days: number): string {
  if (days % DAYS_PER_YEAR === 0) return `${(days / DAYS_PER_YEAR) * MONTHS_PER_YEAR} months`;
  if (days > DAYS_PER_WEEK && days % DAYS_PER_WEEK === 0) return `${days / DAYS_PER_WEEK} weeks`;
  return days === 1 ? '1 day' : `${days} days`;
}
