import type { IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';

/**
 * CloudFormation Validate in worker threads, running while the cdk-nag packs run.
 *
 * Why: it is the longest phase of a large synth (about 12 ms per pooled tenant template, 55 ms per
 * silo tenant, several seconds per pipeline template: the engine's time grows with the square of a
 * pipeline's actions) and its engine takes 2 to 3 s to start. aws-cdk-lib calls validation plugins
 * one after the other, synchronously, on one core, and the cdk-nag packs that run first walk the
 * construct tree on that core for about as long again. So:
 *
 * - `prewarm`, when the app is created: one worker starts an engine while the stacks are built;
 * - `submit`, when the first validation plugin starts (every template is written by then): the
 *   workers take the templates from one shared queue, largest first, while this thread runs the
 *   cdk-nag packs; a second worker joins from `PARALLEL_MIN_TEMPLATES` templates on;
 * - `collect`, when CloudFormation Validate's turn comes: this thread waits for the workers and
 *   merges their per-template reports.
 *
 * Same report, byte for byte, as one pass of the plugin: the plugin validates each template on its
 * own and merges a violation into the first one with the same rule, severity and description, so
 * merging the per-template reports in the order aws-cdk-lib gives the templates repeats that pass
 * (`mergeReports`); and every engine is initialized with the resource types of every template, as
 * the single pass's engine is (the plugin loads the rules of the types it is initialized with).
 * test/nag/cloudformation-validate-workers.test.ts compares them.
 */

/** From this many templates on, a second worker validates too (an engine costs seconds to start). */
export const PARALLEL_MIN_TEMPLATES = 100;

/** The wait gives up when no template was taken and no worker finished for this long (one pipeline template takes about 10 s). */
const STALL_TIMEOUT_MS = 5 * 60 * 1000;
/** How often the waiting thread looks at the queue's progress. */
const WAIT_SLICE_MS = 10 * 1000;

/** Control words shared with the workers: the next queue position, and how many workers finished. */
const NEXT = 0;
const DONE = 1;

type StackTemplate = IPolicyValidationContext['stackTemplates'][number];

interface WorkerMessage {
  readonly results?: readonly (readonly [number, PolicyValidationPluginReport])[];
  readonly error?: string;
}

// Plain JavaScript (no TypeScript loader in a worker). A prewarmed worker (no job yet) starts an
// engine with no resource types, which compiles the engine's WebAssembly and built-in rules, and
// waits for its job. With the job: an engine for every type of the templates (the plugin starts it
// again only when the types are new), take templates from the queue one at a time until it is empty,
// post the reports, and count this worker as done whatever happened (a failed worker also empties
// the queue for the other).
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { cdkLib, control, port, job } = workerData;
const words = new Int32Array(control);
let plugin;
let startFailure;
try {
  plugin = new (require(cdkLib).CloudFormationValidatePlugin)();
  if (job === undefined) plugin.initializeEngine(new Set());
} catch (error) {
  startFailure = error;
}
function run({ resourceTypes, stackTemplates, order }) {
  let message;
  try {
    if (startFailure !== undefined) throw startFailure;
    plugin.initializeEngine(new Set(resourceTypes));
    const results = [];
    for (let next = Atomics.add(words, ${NEXT}, 1); next < order.length; next = Atomics.add(words, ${NEXT}, 1)) {
      const template = stackTemplates[order[next]];
      results.push([order[next], plugin.validate({ templatePaths: [template.templatePath], stackTemplates: [template] })]);
    }
    message = { results };
  } catch (error) {
    Atomics.store(words, ${NEXT}, order.length);
    message = { error: String((error && error.stack) || error) };
  }
  try {
    port.postMessage(message);
  } finally {
    Atomics.add(words, ${DONE}, 1);
    Atomics.notify(words, ${DONE});
  }
}
if (job === undefined) port.once('message', run);
else run(job);
`;

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

/** What a worker validates: the templates in aws-cdk-lib's order, the queue order, every template's resource types. */
interface Job {
  readonly stackTemplates: readonly StackTemplate[];
  readonly order: readonly number[];
  readonly resourceTypes: readonly string[];
}

interface StartedWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

export class CloudFormationValidateWorkers {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly workers: StartedWorker[] = [];
  private submitted?: readonly StackTemplate[];
  private prewarmed?: StartedWorker;

  /**
   * Starts one worker's engine before there is anything to validate (call when the app is created):
   * its start (2 to 3 s, most of CloudFormation Validate on a one-stack synth) overlaps building and
   * synthesizing the stacks. An app that is never synthesized leaves it idle until the process ends.
   */
  public prewarm(): void {
    if (this.prewarmed === undefined && this.submitted === undefined) this.prewarmed = this.spawn(undefined);
  }

  /** Starts the workers on the written templates; `sizes` in bytes, `resourceTypes` of every template. Once. */
  public submit(stackTemplates: readonly StackTemplate[], sizes: readonly number[], resourceTypes: ReadonlySet<string>): void {
    if (this.submitted !== undefined) return;
    this.submitted = stackTemplates;
    const job: Job = { stackTemplates, order: largestFirst(sizes), resourceTypes: [...resourceTypes] };
    let count = stackTemplates.length >= PARALLEL_MIN_TEMPLATES ? 2 : 1;
    if (this.prewarmed !== undefined) {
      this.prewarmed.port.postMessage(job);
      count -= 1;
    }
    for (let i = 0; i < count; i += 1) this.spawn(job);
  }

  /** Waits for the workers and returns the report one pass over `context` would give. */
  public collect(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const templates = this.submitted;
    try {
      if (
        templates === undefined ||
        templates.length !== context.stackTemplates.length ||
        templates.some((t, i) => t.templatePath !== context.stackTemplates[i].templatePath)
      ) {
        throw new Error('CloudFormation Validate: the templates submitted to the workers are not the ones the plugin was given');
      }
      this.waitForWorkers(templates.length);
      const reports: (PolicyValidationPluginReport | undefined)[] = new Array(templates.length);
      for (const { port } of this.workers) {
        const received = receiveMessageOnPort(port)?.message as WorkerMessage | undefined;
        if (received?.results === undefined) throw new Error(`CloudFormation Validate failed in a worker thread: ${received?.error ?? 'no report'}`);
        for (const [index, report] of received.results) reports[index] = report;
      }
      const missing = reports.findIndex((r) => r === undefined);
      if (missing >= 0 || reports.length !== templates.length)
        throw new Error(`CloudFormation Validate: no report for ${templates[missing]?.templatePath}`);
      return mergeReports(reports as PolicyValidationPluginReport[]);
    } finally {
      for (const { worker, port } of this.workers.splice(0)) {
        port.close();
        void worker.terminate();
      }
    }
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
      const now = Math.min(Atomics.load(this.control, NEXT), templates) + Atomics.load(this.control, DONE);
      if (now !== progress) {
        progress = now;
        since = Date.now();
      } else if (Date.now() - since > STALL_TIMEOUT_MS) {
        throw new Error(
          `CloudFormation Validate: its workers stopped taking templates (${Math.min(Atomics.load(this.control, NEXT), templates)} of ${templates} taken)`,
        );
      }
    }
  }

  /** A worker on `job`, or prewarmed (its job comes by message) when `job` is undefined. */
  private spawn(job: Job | undefined): StartedWorker {
    const { port1, port2 } = new MessageChannel();
    const workerData = { cdkLib: require.resolve('aws-cdk-lib'), job, control: this.control.buffer, port: port2 };
    // No --import tsx in a worker: its source is JavaScript, and the loader would only slow its start.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, transferList: [port2], execArgv: [] });
    // Unreferenced: a synthesis that fails before CloudFormation Validate's turn does not keep the process alive.
    worker.unref();
    port1.unref();
    const started = { worker, port: port1 };
    this.workers.push(started);
    return started;
  }
}
