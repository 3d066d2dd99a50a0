/**
 * The source of a CloudFormation Validate worker thread (lib/nag/cloudformation-validate-workers.ts),
 * apart because it is plain JavaScript run with `eval`: no TypeScript loader in a worker.
 */

/** Control words shared with the workers: templates taken so far (all batches), and how many workers finished. */
export const TAKEN = 0;
export const DONE = 1;

// Plain JavaScript (no TypeScript loader in a worker). It starts an engine with no resource types,
// which compiles the engine's WebAssembly and built-in rules, then validates batches as they come.
// The plugin applies the rules of the types its engine was started with; given a template with a
// type its engine lacks, it starts a new engine (seconds) with that template's types alone, and again
// for the next template of other types. So the worker keeps its engine's types the union of all it
// has met: a batch starts by adding the types of all its templates (those its submitter read or
// expects, `resourceTypes`, else read here), and each template's own types are added before it is
// validated (a template may hold a type its submitter did not expect). The engine is started again
// only when that union grows. Templates are taken from the batch's shared queue one at a time.
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
function digestOf(text) {
  return createHash('sha256').update(text).digest('hex');
}
function typesOf(text) {
  const found = [];
  for (const resource of Object.values(JSON.parse(text).Resources || {}))
    if (resource && typeof resource.Type === 'string') found.push(resource.Type);
  return found;
}
// Starts the engine again when 'found' holds a type it was not started with.
function know(found) {
  const before = types.size;
  for (const type of found) types.add(type);
  if (types.size !== before) plugin.initializeEngine(new Set(types));
}
function validate({ templates, next, order, resourceTypes }) {
  const queue = new Int32Array(next);
  queues.push([queue, templates.length]);
  // A worker that joins late is sent the early batches too: nothing to read when the other emptied them.
  if (Atomics.load(queue, 0) >= templates.length) return;
  // Without the submitter's types, every template of the batch is read first, for the same reason.
  know(resourceTypes !== undefined ? resourceTypes : templates.flatMap(({ templatePath }) => typesOf(readFileSync(templatePath))));
  for (let at = Atomics.add(queue, 0, 1); at < order.length; at = Atomics.add(queue, 0, 1)) {
    const template = templates[order[at]];
    const text = readFileSync(template.templatePath);
    const digest = digestOf(text);
    know(typesOf(text));
    const report = plugin.validate({ templatePaths: [template.templatePath], stackTemplates: [template] });
    // The plugin reads the file itself: the digest stands for the text it validated only if unchanged.
    if (digestOf(readFileSync(template.templatePath)) !== digest) throw new Error(template.templatePath + ' changed while it was validated');
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
