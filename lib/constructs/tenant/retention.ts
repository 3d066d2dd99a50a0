import * as logs from 'aws-cdk-lib/aws-logs';

/** The retention periods CloudWatch Logs accepts, ascending. */
const LOG_RETENTION_STEPS = (
  Object.values(logs.RetentionDays).filter((v) => typeof v === 'number' && v > 0 && v !== logs.RetentionDays.INFINITE) as number[]
).sort((a, b) => a - b);

/**
 * CloudWatch Logs only keeps logs for fixed periods (1, 3, 5, 7, 14, 30, ... 3653 days): the
 * shortest one that is at least `days`, so logs are never dropped before the data they describe.
 * (S3 lifecycle rules take any day count, so buckets use `days` exactly.)
 */
export function logRetentionAtLeast(days: number): logs.RetentionDays {
  const step = LOG_RETENTION_STEPS.find((s) => s >= days);
  if (step === undefined)
    throw new Error(`logRetentionAtLeast: no CloudWatch Logs retention of at least ${days} days (max ${LOG_RETENTION_STEPS.at(-1)})`);
  return step as logs.RetentionDays;
}
