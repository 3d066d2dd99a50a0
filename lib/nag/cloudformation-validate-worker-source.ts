/**
 * The source of a CloudFormation Validate worker thread (lib/nag/cloudformation-validate-workers.ts),
 * apart because it is plain JavaScript run with `eval`: no TypeScript loader in a worker.
 */

/** Control words shared with the workers: templates taken so far (all batches), and how many workers finished. */
export const TAKEN = 0;
export const DONE = 1;

// Plain JavaScript (no TypeScript loader in a worker). It starts an engine with no resource types,
// which compiles the engine's WebAssembly and built-in rules, then validates batches as they come:
// the engine is started again only when a batch brings new types (the plugin keeps an engine whose
// types include the template's); templates are taken from the batch's shared queue one at a time.
// At the end message it posts every report and counts itself done, whatever happened (a failure
// empties the queues of its batches for the other worker and is reported instead).
export const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { readFileSync } = require('fs');
const { createHash } = require('crypto');
const { cdkLib, control, port } = workerData;
const words = new Int32Array(control);
const types = new Set();
const results = [];
const queues = [];
let plugin;
let failure;
try {
  plugin = new (require(cdkLib).CloudFormationValidatePlugin)();
  plugin.initializeEngine(new Set());
} catch (error) {
  failure = error;
}
function digestOf(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
function validate({ templates, next, order, resourceTypes }) {
  const queue = new Int32Array(next);
  queues.push([queue, templates.length]);
  // A worker that joins late is sent the early batches too: nothing to read when the other emptied them.
  if (Atomics.load(queue, 0) >= templates.length) return;
  if (resourceTypes === undefined) {
    resourceTypes = [];
    for (const { templatePath } of templates)
      for (const resource of Object.values(JSON.parse(readFileSync(templatePath, 'utf8')).Resources || {}))
        if (resource && typeof resource.Type === 'string') resourceTypes.push(resource.Type);
  }
  const before = types.size;
  for (const type of resourceTypes) types.add(type);
  if (types.size !== before) plugin.initializeEngine(new Set(types));
  for (let at = Atomics.add(queue, 0, 1); at < order.length; at = Atomics.add(queue, 0, 1)) {
    const template = templates[order[at]];
    const digest = digestOf(template.templatePath);
    const report = plugin.validate({ templatePaths: [template.templatePath], stackTemplates: [template] });
    // The plugin reads the file itself: the digest stands for the text it validated only if unchanged.
    if (digestOf(template.templatePath) !== digest) throw new Error(template.templatePath + ' changed while it was validated');
    results.push([template.templatePath, report, digest]);
    Atomics.add(words, ${TAKEN}, 1);
  }
}
port.on('message', (message) => {
  if (message.end) {
    try {
      port.postMessage(failure === undefined ? { results, version: plugin.version } : { error: String((failure && failure.stack) || failure) });
    } finally {
      Atomics.add(words, ${DONE}, 1);
      Atomics.notify(words, ${DONE});
      port.close();
    }
    return;
  }
  if (failure !== undefined) return;
  try {
    validate(message);
  } catch (error) {
    failure = error;
    for (const [queue, length] of queues) Atomics.store(queue, 0, length);
  }
});
`;
