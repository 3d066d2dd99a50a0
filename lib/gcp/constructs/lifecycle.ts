import type { StorageBucketLifecycleRule } from '../bindings';
import type { BackupTier } from '../tiers';

/**
 * Lifecycle rules as small pure functions (tested on their own).
 *
 * Deletion schedules: every workspace's recordings live under `workspaces/<id>/`. Workspaces that
 * share a schedule share ONE rule (`age` + `matchesPrefix` listing them all), so the bucket needs
 * one rule per distinct schedule, not per workspace: thousands of workspaces fit in Cloud
 * Storage's 100-rule limit as long as they use at most 90 distinct schedules (the config enforces
 * that). `age` counts from object creation, which for a recording is its upload: nothing in the
 * application has to set metadata for the schedule to hold.
 */

export interface WorkspaceSchedule {
  /** Workspace id: its recordings live under `workspaces/<id>/`. */
  readonly id: string;
  /** Days after upload at which the workspace's recordings (and their backup copies) are deleted. */
  readonly deleteAfterDays: number;
}

export function workspacePrefix(id: string): string {
  return `workspaces/${id}/`;
}

/** Workspaces grouped by schedule, ascending days; ids sorted so the output is stable. */
export function groupBySchedule(workspaces: readonly WorkspaceSchedule[]): { days: number; ids: string[] }[] {
  const groups = new Map<number, string[]>();
  for (const w of workspaces) groups.set(w.deleteAfterDays, [...(groups.get(w.deleteAfterDays) ?? []), w.id]);
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([days, ids]) => ({ days, ids: [...ids].sort() }));
}

/** Recordings bucket: delete each workspace's recordings `deleteAfterDays` after upload. */
export function recordingDeletionRules(workspaces: readonly WorkspaceSchedule[]): StorageBucketLifecycleRule[] {
  return groupBySchedule(workspaces).map(({ days, ids }) => ({
    action: { type: 'Delete' },
    condition: { age: days, matchesPrefix: ids.map(workspacePrefix) },
  }));
}

/** Versioned buckets: a replaced or deleted version is removed this many days after it became noncurrent. */
export function noncurrentVersionRule(days: number): StorageBucketLifecycleRule {
  return { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: days, withState: 'ARCHIVED' } };
}

/** Backup bucket: each tier's copies are deleted by age (`<tier>/` prefix). */
export function tierExpiryRules(tiers: readonly BackupTier[]): StorageBucketLifecycleRule[] {
  return tiers.map((tier) => ({
    action: { type: 'Delete' },
    condition: { age: tier.keepDays, matchesPrefix: [`${tier.name}/`] },
  }));
}

/**
 * Backup bucket: the deletion schedules reach the copies too (control ERASURE). Storage Transfer
 * Service writes each copy with the recording's original creation time as `customTime`, so
 * `daysSinceCustomTime` deletes a copy when the recording itself is due, in every tier at once.
 */
export function backupErasureRules(workspaces: readonly WorkspaceSchedule[], tiers: readonly BackupTier[]): StorageBucketLifecycleRule[] {
  return groupBySchedule(workspaces).map(({ days, ids }) => ({
    action: { type: 'Delete' },
    condition: { daysSinceCustomTime: days, matchesPrefix: tiers.flatMap((tier) => ids.map((id) => `${tier.name}/${workspacePrefix(id)}`)) },
  }));
}
