import type { IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';

/**
 * CloudFormation Validate in worker threads that start before the plugin is called.
 *
 * Why: it is the longest phase of a large synth (about 12 ms per pooled tenant template, 55 ms per
 * silo tenant, several seconds per pipeline template: the engine's time grows with the square of a
 * pipeline's actions) and its engine takes 2 to 3 s to start. aws-cdk-lib calls validation plugins
 * one after the other, synchronously, on one core; the cdk-nag packs that run first walk the
 * construct tree on that core for as long again. So:
 *
 * - `start`, when synthesis begins: a worker starts its engine (with the resource types of the
 *   construct tree) while this thread synthesizes;
 * - `submit`, when the first validation plugin starts (the templates are written): the workers
 *   take the templates from one shared queue, largest first, while this thread runs the cdk-nag
 *   packs; a second worker joins from `PARALLEL_MIN_TEMPLATES` templates on;
 * - `collect`, when CloudFormation Validate's turn comes: this thread waits for the workers and
 *   merges their per-template reports.
 *
 * Same report, byte for byte, as one pass of the plugin: the plugin validates each template on its
 * own and merges a violation into the first one with the same rule, severity and description, so
 * merging the per-template reports in the order aws-cdk-lib gives the templates repeats that pass
 * (`mergeReports`). Every engine knows every resource type of the templates (the plugin loads the
 * rules of the types it is initialized with, and starts its engine again when a template brings a
 * type it was not initialized with). test/nag/cloudformation-validate-workers.test.ts compares them.
 */

/** From this many templates on, a second worker validates too (an engine costs seconds to start). */
export const PARALLEL_MIN_TEMPLATES = 100;

/** The wait gives up after this long (the whole 1,000-tenant phase takes about a minute). */
const WORKER_TIMEOUT_MS = 30 * 60 * 1000;

/** Control words shared with the workers: the next queue position, and how many workers finished. */
const NEXT = 0;
const DONE = 1;

type StackTemplate = IPolicyValidationContext['stackTemplates'][number];

interface WorkerMessage {
  readonly results?: readonly (readonly [number, PolicyValidationPluginReport])[];
  readonly error?: string;
}

// Plain JavaScript (no TypeScript loader in a worker): start the engine, then take templates from
// the queue one at a time until it is empty, post the reports, and count this worker as done.
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { cdkLib, resourceTypes, control, port } = workerData;
const words = new Int32Array(control);
let plugin;
let failure;
try {
  plugin = new (require(cdkLib).CloudFormationValidatePlugin)();
  plugin.initializeEngine(new Set(resourceTypes));
} catch (error) {
  failure = String((error && error.stack) || error);
}
port.once('message', ({ stackTemplates, order }) => {
  const results = [];
  let message;
  try {
    if (failure !== undefined) throw new Error(failure);
    for (let next = Atomics.add(words, ${NEXT}, 1); next < order.length; next = Atomics.add(words, ${NEXT}, 1)) {
      const template = stackTemplates[order[next]];
      results.push([order[next], plugin.validate({ templatePaths: [template.templatePath], stackTemplates: [template] })]);
    }
    message = { results };
  } catch (error) {
    message = { error: String((error && error.stack) || error) };
  }
  port.postMessage(message);
  Atomics.add(words, ${DONE}, 1);
  Atomics.notify(words, ${DONE});
  port.close();
});
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

interface StartedWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

export class CloudFormationValidateWorkers {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly workers: StartedWorker[] = [];
  private submitted?: readonly StackTemplate[];

  /** Starts one worker's engine for `resourceTypes` (more may come with the templates). */
  public start(resourceTypes: ReadonlySet<string>): void {
    if (this.workers.length === 0) this.spawn(resourceTypes);
  }

  /** Hands the written templates to the workers (starting one if `start` was not called); `sizes` in bytes. */
  public submit(stackTemplates: readonly StackTemplate[], sizes: readonly number[], resourceTypes: ReadonlySet<string>): void {
    if (this.submitted !== undefined) return;
    this.submitted = stackTemplates;
    this.start(resourceTypes);
    if (stackTemplates.length >= PARALLEL_MIN_TEMPLATES) this.spawn(resourceTypes);
    const job = { stackTemplates, order: largestFirst(sizes) };
    for (const { port } of this.workers) port.postMessage(job);
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
      for (let done = Atomics.load(this.control, DONE); done < this.workers.length; done = Atomics.load(this.control, DONE)) {
        if (Atomics.wait(this.control, DONE, done, WORKER_TIMEOUT_MS) === 'timed-out') {
          throw new Error(
            `CloudFormation Validate: its workers did not finish ${templates.length} templates in ${WORKER_TIMEOUT_MS / 60000} minutes`,
          );
        }
      }
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
      this.dispose();
    }
  }

  /** Stops every worker (also when synthesis failed before CloudFormation Validate's turn). */
  public dispose(): void {
    for (const { worker, port } of this.workers.splice(0)) {
      port.close();
      void worker.terminate();
    }
  }

  private spawn(resourceTypes: ReadonlySet<string>): void {
    const { port1, port2 } = new MessageChannel();
    const workerData = { cdkLib: require.resolve('aws-cdk-lib'), resourceTypes: [...resourceTypes], control: this.control.buffer, port: port2 };
    // No --import tsx in a worker: its source is JavaScript, and the loader would only slow its start.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, transferList: [port2], execArgv: [] });
    // A synthesis that fails before CloudFormation Validate's turn (a guard refusing the tree) must
    // not be kept alive by a worker: unreferenced, it ends with the process (the main job and the
    // CLI's app exit on that failure); a long-lived caller that catches it calls
    // ValidatorRunLog.of(app).cloudFormationValidate?.dispose().
    worker.unref();
    port1.unref();
    this.workers.push({ worker, port: port1 });
  }
}
