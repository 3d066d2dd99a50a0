import { CloudFormationValidatePlugin, IPolicyValidationContext } from 'aws-cdk-lib';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CloudFormationValidateWorkers, largestFirst, PARALLEL_MIN_TEMPLATES } from '../../lib/nag/cloudformation-validate-workers';

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

function inWorkers(context: IPolicyValidationContext) {
  const workers = new CloudFormationValidateWorkers();
  workers.submit(
    context.stackTemplates,
    context.stackTemplates.map((_, i) => (i % shapes.length === 3 ? 500 : 100)),
    types,
  );
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

  // Two workers: the same finding (an unknown bucket property) comes from both, out of order.
  test(`THEN with ${PARALLEL_MIN_TEMPLATES} templates or more (two workers) the report equals the single pass`, () => {
    const context = contextOf(PARALLEL_MIN_TEMPLATES);
    expect(inWorkers(context)).toEqual(plugin.validate(context));
  });

  test('THEN a template a worker cannot read fails the run, naming the worker thread, without waiting for the rest', () => {
    const context = contextOf(3);
    const broken = { ...context.stackTemplates[1], templatePath: join(dir, 'no-such.template.json') };
    const stackTemplates = [context.stackTemplates[0], broken, context.stackTemplates[2]];
    const workers = new CloudFormationValidateWorkers();
    workers.submit(stackTemplates, [1, 1, 1], types);
    expect(() => workers.collect({ ...context, stackTemplates, templatePaths: stackTemplates.map((t) => t.templatePath) })).toThrow(
      /failed in a worker thread: .*no-such\.template\.json/s,
    );
  });

  test('THEN the workers refuse to report on templates they were not given', () => {
    const workers = new CloudFormationValidateWorkers();
    const context = contextOf(2);
    workers.submit(context.stackTemplates.slice(0, 1), [1], types);
    expect(() => workers.collect(context)).toThrow(/not the ones the plugin was given/);
  });
});

describe('largestFirst', () => {
  test('GIVEN sizes THEN indexes heaviest first, ties in template order', () => {
    expect(largestFirst([1, 5, 3, 5])).toEqual([1, 3, 2, 0]);
  });
});
