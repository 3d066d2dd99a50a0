import type { Json, StackArtifact } from '../types';
import { asArray, get, isObject, num, resolve, resources, str, type TfResource } from './terraform';

/**
 * Cloud Storage as the JSON shows it: which buckets hold data and which hold backup copies, and what
 * each Storage Transfer Service job copies from where to where.
 */

export interface TransferJob {
  readonly job: TfResource;
  /** The source and sink buckets of the stack (undefined when the name does not resolve to one). */
  readonly source?: TfResource;
  readonly sink?: TfResource;
  /** Object prefix the copies are written under (`hourly/`), '' for the bucket root. */
  readonly sinkPath: string;
}

/** A bucket named by reference (`${google_storage_bucket.x.name}`) or by its literal name. */
export function bucketNamed(stack: StackArtifact, value: Json | undefined): TfResource | undefined {
  const byReference = resolve(stack, value);
  if (byReference !== undefined) return byReference.type === 'google_storage_bucket' ? byReference : undefined;
  const name = str(value);
  return name === undefined ? undefined : resources(stack, 'google_storage_bucket').find((b) => get(b, 'name') === name);
}

export function transferJobs(stack: StackArtifact): TransferJob[] {
  return resources(stack, 'google_storage_transfer_job').map((job) => {
    const source = bucketNamed(stack, get(job, 'transfer_spec', 'gcs_data_source', 'bucket_name'));
    const sink = bucketNamed(stack, get(job, 'transfer_spec', 'gcs_data_sink', 'bucket_name'));
    return {
      job,
      ...(source === undefined ? {} : { source }),
      ...(sink === undefined ? {} : { sink }),
      sinkPath: str(get(job, 'transfer_spec', 'gcs_data_sink', 'path')) ?? '',
    };
  });
}

/** Buckets that hold backup copies: the sink of a transfer job, or labelled `rampart_role: backups`. */
export function backupBuckets(stack: StackArtifact): TfResource[] {
  const sinks = new Set(transferJobs(stack).flatMap((t) => (t.sink === undefined ? [] : [t.sink.address])));
  return resources(stack, 'google_storage_bucket').filter((b) => sinks.has(b.address) || get(b, 'labels', 'rampart_role') === 'backups');
}

/** Buckets that hold data of their own (every bucket that is not a backup bucket). */
export function dataBuckets(stack: StackArtifact): TfResource[] {
  const backups = new Set(backupBuckets(stack).map((b) => b.address));
  return resources(stack, 'google_storage_bucket').filter((b) => !backups.has(b.address));
}

/** One `Delete` lifecycle rule of a bucket: its index in `lifecycle_rule` and its condition. */
export interface DeleteRule {
  readonly index: number;
  readonly condition: { readonly [key: string]: Json };
  readonly prefixes: readonly string[];
}

export function deleteRules(bucket: TfResource): DeleteRule[] {
  return asArray(get(bucket, 'lifecycle_rule')).flatMap((rule, index): DeleteRule[] => {
    if (!isObject(rule)) return [];
    const action = Array.isArray(rule.action) ? rule.action[0] : rule.action;
    const raw = Array.isArray(rule.condition) ? rule.condition[0] : rule.condition;
    if (!isObject(action) || action.type !== 'Delete' || !isObject(raw)) return [];
    const prefixes = asArray(raw.matches_prefix).flatMap((p) => (typeof p === 'string' ? [p] : []));
    return [{ index, condition: raw, prefixes }];
  });
}

/** Days Cloud Storage keeps a deleted object restorable: the soft delete policy, 7 days when the bucket names none. */
export const DEFAULT_SOFT_DELETE_SECONDS = 7 * 86400;

export function softDeleteSeconds(bucket: TfResource): number {
  return num(get(bucket, 'soft_delete_policy', 'retention_duration_seconds')) ?? DEFAULT_SOFT_DELETE_SECONDS;
}
