import type { IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';

/**
 * CloudFormation Validate over many templates on two cores: the first share in this thread, the
 * rest in one worker thread, merged into the report a single pass would give.
 *
 * Why: it is the longest phase of a large synth (about 50 ms per tenant template, seconds per
 * pipeline template) and runs on one core. aws-cdk-lib calls a plugin synchronously, so this thread
 * blocks on an Atomics.wait while it waits for the worker's share, and reads the worker's report
 * with receiveMessageOnPort.
 *
 * Same report, byte for byte: the templates are split into two contiguous runs in the order
 * aws-cdk-lib gives them, so concatenating the runs' violations (merging a violation both report,
 * as the plugin merges equal rule, severity and description) gives the single pass's order; and both
 * engines are initialized with the resource types of every template, so they load the same rules
 * the single engine would (the plugin loads the rules of the types it is initialized with).
 * test/nag/parallel-cloudformation-validate.test.ts compares the two.
 */

/** Fewer templates than this are validated in one thread: a second engine costs seconds to start. */
export const PARALLEL_MIN_TEMPLATES = 100;

/** The worker gives up waiting after this long (the whole 1,000-tenant phase takes minutes). */
const WORKER_TIMEOUT_MS = 30 * 60 * 1000;

/** What the worker needs; all plain data. */
interface WorkerInput {
  readonly cdkLib: string;
  readonly resourceTypes: readonly string[];
  readonly context: Pick<IPolicyValidationContext, 'templatePaths' | 'stackTemplates'>;
  readonly signal: Int32Array;
}

// Plain JavaScript (no TypeScript loader in the worker): validates its share, posts the report, wakes the caller.
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { cdkLib, resourceTypes, context, signal, port } = workerData;
let message;
try {
  const plugin = new (require(cdkLib).CloudFormationValidatePlugin)();
  plugin.initializeEngine(new Set(resourceTypes));
  message = { report: plugin.validate(context) };
} catch (error) {
  message = { error: String((error && error.stack) || error) };
}
port.postMessage(message);
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
`;

/** A CloudFormation Validate plugin as this module drives it: its engine is initialized explicitly. */
export interface ValidatePlugin {
  validate(context: IPolicyValidationContext): PolicyValidationPluginReport;
}

/**
 * Index splitting `weights` into two contiguous runs of about equal weight. A template's validation
 * time grows faster than its size (a 420 KB pipeline template takes 8 s, a 110 KB tenant 50 ms), so
 * callers weigh a template by its size squared.
 */
export function balancedSplit(weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < weights.length; i += 1) {
    if (sum + weights[i] / 2 >= total / 2) return Math.max(1, Math.min(i, weights.length - 1));
    sum += weights[i];
  }
  return weights.length - 1;
}

/** The single pass's report from two contiguous runs' reports (the plugin's own merge rule). */
export function mergeReports(first: PolicyValidationPluginReport, second: PolicyValidationPluginReport): PolicyValidationPluginReport {
  const violations: PolicyViolation[] = first.violations.map((v) => ({ ...v, violatingResources: [...v.violatingResources] }));
  for (const v of second.violations) {
    const existing = violations.find((e) => e.ruleName === v.ruleName && e.severity === v.severity && e.description === v.description);
    if (existing === undefined) violations.push({ ...v, violatingResources: [...v.violatingResources] });
    else existing.violatingResources.push(...v.violatingResources);
  }
  return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
}

/**
 * Validates `context` with `plugin` in this thread and, from `split` on, in a worker thread; both
 * engines know `resourceTypes` (every type of every template). `initialize` sets up this thread's engine.
 */
export function validateInTwoThreads(
  plugin: ValidatePlugin,
  initialize: (resourceTypes: ReadonlySet<string>) => void,
  context: IPolicyValidationContext,
  resourceTypes: ReadonlySet<string>,
  split: number,
): PolicyValidationPluginReport {
  const share = (from: number, to?: number) => ({
    templatePaths: context.stackTemplates.slice(from, to).map((s) => s.templatePath),
    stackTemplates: context.stackTemplates.slice(from, to),
  });
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const input: WorkerInput & { port: typeof port2 } = {
    cdkLib: require.resolve('aws-cdk-lib'),
    resourceTypes: [...resourceTypes],
    context: share(split),
    signal,
    port: port2,
  };
  // No --import tsx in the worker: its source is JavaScript, and the loader would only slow its start.
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: input, transferList: [port2], execArgv: [] });
  try {
    initialize(resourceTypes);
    const mine = plugin.validate({ ...context, ...share(0, split) });
    if (Atomics.wait(signal, 0, 0, WORKER_TIMEOUT_MS) === 'timed-out') {
      throw new Error(`CloudFormation Validate: the worker validating ${context.stackTemplates.length - split} templates did not finish`);
    }
    const received = receiveMessageOnPort(port1)?.message as { report?: PolicyValidationPluginReport; error?: string } | undefined;
    if (received?.report === undefined) throw new Error(`CloudFormation Validate failed in its worker thread: ${received?.error ?? 'no report'}`);
    return mergeReports(mine, received.report);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
