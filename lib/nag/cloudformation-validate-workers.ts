import type { IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { statSync } from 'fs';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { DONE, TAKEN, WORKER_SOURCE } from './cloudformation-validate-worker-source';

/**
 * CloudFormation Validate in worker threads, running while the stages are added to the pipelines and
 * while the cdk-nag packs run.
 *
 * Why: it is the longest phase of a large synth (about 12 ms per pooled tenant template, 55 ms per
 * silo tenant, several seconds per pipeline template: the engine's time grows with the square of a
 * pipeline's actions) and its engine takes 2 to 3 s to start. aws-cdk-lib calls validation plugins
 * one after the other, synchronously, on one core, after every template is written; before that,
 * building the stacks and adding the pipelines keep one core busy and leave the other idle. So:
 *
 * - `prewarm`, when the app is created: one worker starts an engine while the stacks are built;
 * - `submitEarly`, while a stage is synthesized (the main job synthesizes each stage a pipeline
 *   deploys once its stacks are built, CDK Pipelines when its first wave is added; both long before
 *   the app's own synthesis): its templates go over as they are written, a few at a time
 *   (lib/app/stream-stage-templates.ts), and that worker validates them, largest first within each
 *   batch, on the core the main thread leaves idle;
 * - `submit`, when the first validation plugin starts (every template is written by then): the
 *   templates not submitted yet (the pipelines', the cross-region support stacks') follow, largest
 *   first; a second worker joins from `PARALLEL_MIN_TEMPLATES` templates on and helps with whatever
 *   is left of every batch; the workers are told no more will come;
 * - `collect`, when CloudFormation Validate's turn comes: this thread waits for the workers and
 *   merges their per-template reports.
 *
 * Same report, byte for byte, as one pass of the plugin: the plugin validates each template on its
 * own and merges a violation into the first one with the same rule, severity and description, so
 * merging the per-template reports in the order aws-cdk-lib gives the templates repeats that pass
 * (`mergeReports`). The plugin loads the rules of the resource types its engine is initialized with;
 * a worker's engine has the types of every template it has been given so far, which include every
 * type of the template it validates, so it applies the rules the single pass applies to that template
 * (a rule of a type the template lacks has nothing to judge in it). A template changed after a worker
 * read it fails the run (its digest is compared). test/nag/cloudformation-validate-workers.test.ts
 * compares the reports, with early batches of other types than the late ones.
 */

/** From this many templates on, a second worker validates too (an engine costs seconds to start). */
export const PARALLEL_MIN_TEMPLATES = 100;

/** The wait gives up when no template was taken and no worker finished for this long (one pipeline template takes about 10 s). */
const STALL_TIMEOUT_MS = 5 * 60 * 1000;
/** How often the waiting thread looks at the queue's progress. */
const WAIT_SLICE_MS = 10 * 1000;

type StackTemplate = IPolicyValidationContext['stackTemplates'][number];

/** One batch of templates, validated from one shared queue (its first word: the next position). */
interface Batch {
  readonly templates: readonly StackTemplate[];
  readonly next: SharedArrayBuffer;
  /** Queue order (largest first), decided by the submitter: every worker on the batch follows it. */
  readonly order: readonly number[];
  /** Resource types the submitter read in the templates or expects there; a worker reads them itself otherwise. */
  readonly resourceTypes?: readonly string[];
}

interface WorkerMessage {
  /** Per template: its path, its report, the SHA-256 of the text validated. */
  readonly results?: readonly (readonly [string, PolicyValidationPluginReport, string])[];
  /** The engine's version, as the worker's plugin reports it. */
  readonly version?: string;
  readonly error?: string;
}

/** The single pass's report from per-template reports given in template order (the plugin's own merge rule). */
function mergeReports(reports: readonly PolicyValidationPluginReport[]): PolicyValidationPluginReport {
  const violations: PolicyViolation[] = [];
  for (const report of reports) {
    for (const v of report.violations) {
      const existing = violations.find((e) => e.ruleName === v.ruleName && e.severity === v.severity && e.description === v.description);
      if (existing === undefined) violations.push({ ...v, violatingResources: [...v.violatingResources] });
      else existing.violatingResources.push(...v.violatingResources);
    }
  }
  return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
}

/** Queue order: the heaviest templates first, so no worker is left with a pipeline template at the end. */
export function largestFirst(sizes: readonly number[]): number[] {
  return sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
}

interface StartedWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/** A template as aws-cdk-lib hands it to the plugin: the same path with another stack or environment is another template. */
function keyOf(t: StackTemplate): string {
  return JSON.stringify([t.templatePath, t.stackConstructPath, t.accountId ?? null, t.region ?? null]);
}

/** A worker started before any App exists (startEngineEarly), with the control words it was given. */
let earlyWorker: { readonly control: Int32Array; readonly started: StartedWorker } | undefined;

/**
 * Starts one worker's engine now, before the process has loaded what builds the stacks: the main job
 * calls it first thing (bin/main-job.ts), and the first CloudFormationValidateWorkers created takes
 * it over. Why: on a small selection (one tenant) the engine's start, not the templates, is what the
 * synth waits for at the end; begun after module loading, it was a second of that wait. Unreferenced,
 * so a run that never validates (a config error, a Google-Cloud-only config) exits without it.
 */
export function startEngineEarly(): void {
  if (earlyWorker !== undefined) return;
  const control = new Int32Array(new SharedArrayBuffer(8));
  earlyWorker = { control, started: spawnWorker(control) };
}

/** Whether a worker started early waits for an instance to take it over. */
export function earlyWorkerPending(): boolean {
  return earlyWorker !== undefined;
}

/** A worker thread that validates the batches it is sent until told the end, counting into `control`. */
function spawnWorker(control: Int32Array): StartedWorker {
  const { port1, port2 } = new MessageChannel();
  const workerData = { cdkLib: require.resolve('aws-cdk-lib'), control: control.buffer, port: port2 };
  // No --import tsx in a worker: its source is JavaScript, and the loader would only slow its start.
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, transferList: [port2], execArgv: [] });
  // Unreferenced: a synthesis that fails before CloudFormation Validate's turn does not keep the process alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1 };
}

export class CloudFormationValidateWorkers {
  private readonly control: Int32Array;
  private readonly workers: StartedWorker[] = [];
  private readonly batches: Batch[] = [];
  /** Every template submitted, by `keyOf`. */
  private readonly submitted = new Set<string>();
  /** The templates of the final submission, with the digest of each as the submitter read it. */
  private final?: { readonly templates: readonly StackTemplate[]; readonly digests: readonly string[] };
  /**
   * The engine's version, once `collect` has the workers' reports: read in a worker, whose engine is
   * loaded already (reading it here would load the engine's WebAssembly on this thread, 0.2 s).
   */
  public engineVersion?: string;

  constructor() {
    // The worker started early, if any, is this one's first (its control words with it).
    const early = earlyWorker;
    earlyWorker = undefined;
    this.control = early?.control ?? new Int32Array(new SharedArrayBuffer(8));
    if (early !== undefined) this.workers.push(early.started);
  }

  /**
   * Starts one worker's engine before there is anything to validate (call when the app is created):
   * its start (2 to 3 s, most of CloudFormation Validate on a one-stack synth) overlaps building and
   * synthesizing the stacks. An app that is never synthesized leaves it idle until the process ends.
   */
  public prewarm(): void {
    if (this.workers.length === 0 && this.final === undefined) this.spawn();
  }

  /**
   * Starts validating templates already written for good (a synthesized stage's, or its stacks' as
   * they are written); ignored once `submit` has run. `expectedTypes`, the resource types the caller
   * expects in these and its next templates, lets a worker start its engine once for all of them
   * (each template's own types are read anyway: lib/nag/cloudformation-validate-worker-source.ts).
   */
  public submitEarly(stackTemplates: readonly StackTemplate[], expectedTypes?: ReadonlySet<string>): void {
    if (this.final !== undefined) return;
    const fresh = stackTemplates.filter((t) => !this.submitted.has(keyOf(t)));
    if (fresh.length === 0) return;
    if (this.workers.length === 0) this.spawn();
    // The order is decided here, once: every worker that takes from the batch's queue must follow it.
    const order = largestFirst(fresh.map((t) => statSync(t.templatePath).size));
    const resourceTypes = expectedTypes === undefined ? undefined : [...expectedTypes];
    this.post({ templates: fresh, next: new SharedArrayBuffer(4), order, resourceTypes });
  }

  /**
   * Submits every template the plugin will be given (`sizes` in bytes, `resourceTypes` of them all,
   * `digests` the SHA-256 of each as written); those not submitted early are validated now. Once.
   */
  public submit(
    stackTemplates: readonly StackTemplate[],
    sizes: readonly number[],
    resourceTypes: ReadonlySet<string>,
    digests: readonly string[],
  ): void {
    if (this.final !== undefined) return;
    const rest = stackTemplates.map((_, i) => i).filter((i) => !this.submitted.has(keyOf(stackTemplates[i])));
    this.final = { templates: stackTemplates, digests };
    if (this.workers.length === 0) this.spawn();
    if (rest.length > 0) {
      const order = largestFirst(rest.map((i) => sizes[i]));
      this.post({ templates: rest.map((i) => stackTemplates[i]), next: new SharedArrayBuffer(4), order, resourceTypes: [...resourceTypes] });
    }
    if (stackTemplates.length >= PARALLEL_MIN_TEMPLATES && this.workers.length < 2) {
      const joining = this.spawn();
      // The final batch first (the pipelines' templates: the heaviest, several seconds each, which the
      // first worker reaches only after the stages' batches), then the early ones; each with the types
      // of every template, so that the joining worker starts its engine once (it still reads each
      // template's own types before validating it).
      const finalBatch = rest.length > 0 ? this.batches.slice(-1) : [];
      for (const batch of [...finalBatch, ...this.batches.slice(0, this.batches.length - finalBatch.length)]) {
        joining.port.postMessage({ ...batch, resourceTypes: [...resourceTypes] });
      }
    }
    for (const { port } of this.workers) port.postMessage({ end: true });
  }

  /** Waits for the workers and returns the report one pass over `context` would give. */
  public collect(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const final = this.final;
    try {
      if (
        final === undefined ||
        final.templates.length !== context.stackTemplates.length ||
        final.templates.some((t, i) => keyOf(t) !== keyOf(context.stackTemplates[i])) ||
        this.submitted.size !== final.templates.length
      ) {
        throw new Error('CloudFormation Validate: the templates submitted to the workers are not the ones the plugin was given');
      }
      this.waitForWorkers(final.templates.length);
      const byPath = new Map<string, readonly [PolicyValidationPluginReport, string]>();
      for (const { port } of this.workers) {
        const received = receiveMessageOnPort(port)?.message as WorkerMessage | undefined;
        if (received?.results === undefined) throw new Error(`CloudFormation Validate failed in a worker thread: ${received?.error ?? 'no report'}`);
        for (const [path, report, digest] of received.results) byPath.set(path, [report, digest]);
        this.engineVersion ??= received.version;
      }
      const reports = final.templates.map((t, i) => {
        const found = byPath.get(t.templatePath);
        if (found === undefined) throw new Error(`CloudFormation Validate: no report for ${t.templatePath}`);
        if (found[1] !== final.digests[i]) throw new Error(`CloudFormation Validate: ${t.templatePath} changed after a worker validated it`);
        return found[0];
      });
      return mergeReports(reports);
    } finally {
      for (const { worker, port } of this.workers.splice(0)) {
        port.close();
        void worker.terminate();
      }
    }
  }

  /** Hands `batch` to every worker and remembers it for a worker that joins later. */
  private post(batch: Batch): void {
    for (const t of batch.templates) this.submitted.add(keyOf(t));
    this.batches.push(batch);
    for (const { port } of this.workers) port.postMessage(batch);
  }

  /**
   * Blocks until every worker is done (this thread cannot see a worker's exit event while it waits).
   * A worker that dies without counting itself done (out of memory) stalls the queue: after
   * STALL_TIMEOUT_MS without a template taken or a worker finished, it fails instead of waiting on.
   */
  private waitForWorkers(templates: number): void {
    let progress = -1;
    let since = Date.now();
    for (let done = Atomics.load(this.control, DONE); done < this.workers.length; done = Atomics.load(this.control, DONE)) {
      Atomics.wait(this.control, DONE, done, WAIT_SLICE_MS);
      const now = Atomics.load(this.control, TAKEN) + Atomics.load(this.control, DONE);
      if (now !== progress) {
        progress = now;
        since = Date.now();
      } else if (Date.now() - since > STALL_TIMEOUT_MS) {
        throw new Error(
          `CloudFormation Validate: its workers stopped taking templates (${Atomics.load(this.control, TAKEN)} of ${templates} validated)`,
        );
      }
    }
  }

  /** A worker that validates the batches it is sent, until told the end. */
  private spawn(): StartedWorker {
    const started = spawnWorker(this.control);
    this.workers.push(started);
    return started;
  }
}
