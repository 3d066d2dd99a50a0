/** Reasons shorter than this cannot explain a security exception to an auditor. */
export const MIN_REASON_LENGTH = 40;

/**
 * A weakening of a secure default, which Rampart only accepts together with its justification. The
 * one spelling for it, in plans (`BackupCopies` `{ none: Weakening }`) and in construct props
 * (`withoutReplication: Weakening`, `withoutDrCopy?: Weakening`, `{ s3Managed: Weakening }`, ...):
 * the reason lands verbatim where an auditor reads it, the acknowledgment of the finding the
 * weakening causes or the stack's self-description.
 */
export interface Weakening {
  /** Why the secure default cannot apply here, in a sentence an auditor can check. */
  readonly reason: string;
}

/**
 * The reason of a weakening, after checking that it explains something: a construct calls this for
 * every weakening it accepts, so an empty, blank or one-word reason fails synthesis naming the
 * construct (`where`) and the prop.
 */
export function reasonOf(where: string, prop: string, weakening: Weakening): string {
  const { reason } = weakening;
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`${where}: ${prop}.reason must explain the exception in at least ${MIN_REASON_LENGTH} characters, got ${JSON.stringify(reason)}`);
  }
  return reason;
}
