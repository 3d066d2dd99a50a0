import { CloudFormationValidatePlugin, IPolicyValidationContext } from 'aws-cdk-lib';
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  CloudFormationValidateWorkers,
  largestFirst,
  PARALLEL_MIN_TEMPLATES,
  startEngineEarly,
  earlyWorkerPending,
} from '../../lib/nag/cloudformation-validate-workers';

/**
 * CloudFormation Validate in worker threads gives the report of a single pass of the plugin: same
 * violations, same order, a violation found in several templates merged as the plugin merges it,
 * though the workers take the templates largest first and in any interleaving.
 */
const dir = mkdtempSync(join(tmpdir(), 'rampart-cfn-validate-'));
const bucket = (properties: Record<string, unknown>) => ({ Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: properties } } });
const shapes: Record<string, unknown>[] = [
  bucket({ Unknown: 'x' }),
  bucket({}),
  { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 7, Nope: true } } } },
  bucket({ Unknown: 'y', Padding: 'p'.repeat(400) }),
  { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 'soon' } } } },
];

function contextOf(count: number): IPolicyValidationContext {
  const stackTemplates = Array.from({ length: count }, (_, i) => {
    const templatePath = join(dir, `stack${count}-${i}.template.json`);
    writeFileSync(templatePath, JSON.stringify(shapes[i % shapes.length], undefined, 1));
    return { templatePath, stackConstructPath: `stage/stack${i}`, accountId: '111111111111', region: 'us-east-1' };
  });
  // appConstruct (the App) is not read by CloudFormation Validate.
  return { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates } as unknown as IPolicyValidationContext;
}

const types = new Set(['AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::SQS::Queue']);

type StackTemplates = IPolicyValidationContext['stackTemplates'];
const digestsOf = (templates: StackTemplates) =>
  templates.map((t) => createHash('sha256').update(readFileSync(t.templatePath, 'utf8')).digest('hex'));

/** The final submission, as RecordingCloudFormationValidate makes it (sizes need not be the real ones). */
function submitAll(workers: CloudFormationValidateWorkers, templates: StackTemplates) {
  workers.submit(
    templates,
    templates.map((_, i) => (i % shapes.length === 3 ? 500 : 100)),
    types,
    digestsOf(templates),
  );
}

/** `early` batches of template indexes are submitted as stages would be, before the final submission. */
function inWorkers(context: IPolicyValidationContext, early: readonly (readonly number[])[] = []) {
  const workers = new CloudFormationValidateWorkers();
  workers.prewarm();
  for (const batch of early) workers.submitEarly(batch.map((i) => context.stackTemplates[i]));
  submitAll(workers, context.stackTemplates);
  return workers.collect(context);
}

describe('GIVEN templates with findings WHEN CloudFormation Validate runs in worker threads', () => {
  const plugin = new CloudFormationValidatePlugin();

  test('THEN with one worker the report equals the single pass, and the single pass finds something in several templates', () => {
    const context = contextOf(shapes.length);
    const single = plugin.validate(context);
    expect(single.success).toBe(false);
    const where = single.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath));
    expect(new Set(where).size).toBeGreaterThanOrEqual(3);
    expect(inWorkers(context)).toEqual(single);
  });

  test('THEN with a worker started before the plugin existed (the main job starts one first) the report equals the single pass', () => {
    const context = contextOf(shapes.length);
    startEngineEarly();
    expect(earlyWorkerPending()).toBe(true);
    const workers = new CloudFormationValidateWorkers();
    // Taken over by the first instance, with its control words (were they not the worker's, the wait would stall and fail).
    expect(earlyWorkerPending()).toBe(false);
    workers.prewarm();
    submitAll(workers, context.stackTemplates);
    expect(workers.collect(context)).toEqual(plugin.validate(context));
  });

  test("THEN the workers report their engine's version, the plugin's own", () => {
    const context = contextOf(2);
    const workers = new CloudFormationValidateWorkers();
    expect(workers.engineVersion).toBeUndefined();
    submitAll(workers, context.stackTemplates);
    workers.collect(context);
    expect(workers.engineVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(workers.engineVersion).toBe(plugin.version);
  });

  // Two workers: the same finding (an unknown bucket property) comes from both, out of order.
  test(`THEN with ${PARALLEL_MIN_TEMPLATES} templates or more (two workers) the report equals the single pass`, () => {
    const context = contextOf(PARALLEL_MIN_TEMPLATES);
    expect(inWorkers(context)).toEqual(plugin.validate(context));
  });

  // Early batches as stages give them: the first holds buckets only, the second brings a topic and a
  // queue (the worker's engine starts again with the new types); the rest come with the final submission.
  test('THEN with templates submitted early in batches of other types than the rest the report equals the single pass', () => {
    const context = contextOf(PARALLEL_MIN_TEMPLATES);
    const buckets = [0, 1, 3, 5, 6];
    expect(inWorkers(context, [buckets, [2, 4, 7, 9], buckets])).toEqual(plugin.validate(context));
  });

  // Stages hand over their templates as written, with the types they expect: a template may hold a
  // type they did not expect (an override changed it). The report must not change. (That the worker
  // then adds the type to its engine's, rather than letting the plugin restart the engine with that
  // template's types alone, only saves engine starts: it is measured, not asserted here.)
  test("THEN with early batches whose expected types miss some of their templates' the report equals the single pass", () => {
    const context = contextOf(PARALLEL_MIN_TEMPLATES);
    const workers = new CloudFormationValidateWorkers();
    workers.prewarm();
    const bucketsOnly = new Set(['AWS::S3::Bucket']);
    workers.submitEarly(
      [0, 1, 2, 3, 4].map((i) => context.stackTemplates[i]),
      bucketsOnly,
    );
    workers.submitEarly(
      [5, 6, 7, 8, 9].map((i) => context.stackTemplates[i]),
      bucketsOnly,
    );
    submitAll(workers, context.stackTemplates);
    expect(workers.collect(context)).toEqual(plugin.validate(context));
  });

  test('THEN a template whose digest differs from the one the workers validated fails the run, naming it', () => {
    const context = contextOf(2);
    const workers = new CloudFormationValidateWorkers();
    workers.submitEarly(context.stackTemplates);
    // The final submission's digest of the second template stands for a file rewritten after the early batch.
    workers.submit(context.stackTemplates, [1, 1], types, [digestsOf(context.stackTemplates)[0], 'rewritten']);
    expect(() => workers.collect(context)).toThrow(/stack2-1\.template\.json changed after a worker validated it/);
  });

  test('THEN a template a worker cannot read fails the run, naming the worker thread, without waiting for the rest', () => {
    const context = contextOf(3);
    const broken = { ...context.stackTemplates[1], templatePath: join(dir, 'no-such.template.json') };
    const stackTemplates = [context.stackTemplates[0], broken, context.stackTemplates[2]];
    const workers = new CloudFormationValidateWorkers();
    workers.submit(stackTemplates, [1, 1, 1], types, ['', '', '']);
    expect(() => workers.collect({ ...context, stackTemplates, templatePaths: stackTemplates.map((t) => t.templatePath) })).toThrow(
      /failed in a worker thread: .*no-such\.template\.json/s,
    );
  });

  test('THEN the workers refuse to report on templates they were not given', () => {
    const workers = new CloudFormationValidateWorkers();
    const context = contextOf(2);
    workers.submit(context.stackTemplates.slice(0, 1), [1], types, digestsOf(context.stackTemplates.slice(0, 1)));
    expect(() => workers.collect(context)).toThrow(/not the ones the plugin was given/);
  });
});

describe('largestFirst', () => {
  test('GIVEN sizes THEN indexes heaviest first, ties in template order', () => {
    expect(largestFirst([1, 5, 3, 5])).toEqual([1, 3, 2, 0]);
  });
});
