// The provisioner's deadline: CloudFormation waits for an answer on its pre-signed URL, and a Lambda
// that reaches its own timeout sends none (the tenant's deploy then waits for the resource's
// ServiceTimeout and fails with no reason). So every piece of work the handler does (reading the
// secret, connecting, the SQL, a retry's pause) is raced against a deadline taken from the Lambda
// context's remaining time, less a margin kept for the FAILED answer. Pure and dependency-free: the
// handler (bundled into asset/index.js) and the unit tests use it without a network.

/** Time kept after the deadline for the PUT to CloudFormation (a few hundred ms through the gateway endpoint) and the log line. */
export const RESPONSE_MARGIN_MS = 10_000;
/** The least time worth starting another attempt with: a connect (15 s) and the SQL of a tenant, with some to spare. */
export const MIN_ATTEMPT_MS = 20_000;
export const ATTEMPTS = 3;
/** Pause before attempt n + 1: n times this. */
export const BACKOFF_MS = 2_000;

/** What the Lambda runtime's context offers (the rest of it is not used). */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** The work ran out of time: its message is the FAILED answer's reason. */
export class DeadlineExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineExceeded';
  }
}

export class Deadline {
  /** Epoch milliseconds by which the handler must stop working and answer. */
  public readonly at: number;
  /** Seconds of work the invocation had (for reasons an operator reads). */
  public readonly budgetSeconds: number;

  /** From the context's remaining time when the invocation starts, less `margin` for the answer. */
  constructor(context: LambdaContext, margin = RESPONSE_MARGIN_MS) {
    const remaining = context.getRemainingTimeInMillis();
    this.at = Date.now() + Math.max(0, remaining - margin);
    this.budgetSeconds = Math.round(Math.max(0, remaining - margin) / 1000);
  }

  remaining(): number {
    return Math.max(0, this.at - Date.now());
  }

  /**
   * `work`, or a DeadlineExceeded naming `step()` (what the work was doing when time ran out) if
   * the deadline comes first; then `abort` runs so a hung socket does not outlive the answer.
   */
  async race<T>(work: Promise<T>, step: () => string, abort: () => void = () => undefined): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort();
        reject(new DeadlineExceeded(`no answer within the function's deadline (${this.budgetSeconds} s, kept before its timeout): stuck ${step()}`));
      }, this.remaining());
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * `attempt` up to ATTEMPTS times with a growing pause, as long as the deadline leaves MIN_ATTEMPT_MS
 * after the pause; the error of the last attempt (with why no further one was made) otherwise. An
 * attempt that hit the deadline is not retried.
 */
export async function withRetries<T>(deadline: Deadline, attempt: (n: number) => Promise<T>, log: (line: string) => void): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof DeadlineExceeded) throw error;
      if (n >= ATTEMPTS) throw new Error(`${message} (attempt ${n} of ${ATTEMPTS})`);
      const pause = BACKOFF_MS * n;
      if (deadline.remaining() < pause + MIN_ATTEMPT_MS) {
        throw new Error(`${message} (attempt ${n}; ${Math.round(deadline.remaining() / 1000)} s left before the deadline, too little to retry)`);
      }
      log(`attempt ${n} failed, retrying in ${pause} ms: ${message}`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
