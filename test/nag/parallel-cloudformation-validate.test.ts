import { CloudFormationValidatePlugin, IPolicyValidationContext } from 'aws-cdk-lib';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { balancedSplit, validateInTwoThreads } from '../../lib/nag/parallel-cloudformation-validate';

/**
 * CloudFormation Validate in two threads (large synths) gives the report of a single pass: same
 * violations, same order, a violation found in both shares merged as the plugin merges it.
 */
const dir = mkdtempSync(join(tmpdir(), 'rampart-cfn-validate-'));
const bucket = (properties: Record<string, unknown>) => ({ Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: properties } } });
const templates: Record<string, unknown>[] = [
  bucket({ Unknown: 'x' }),
  bucket({}),
  { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 7, Nope: true } } } },
  bucket({ Unknown: 'y' }),
  { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 'soon' } } } },
];
const stackTemplates = templates.map((template, i) => {
  const templatePath = join(dir, `stack${i}.template.json`);
  writeFileSync(templatePath, JSON.stringify(template, undefined, 1));
  return { templatePath, stackConstructPath: `stage/stack${i}`, accountId: '111111111111', region: 'us-east-1' };
});
// appConstruct (the App) is not read by CloudFormation Validate.
const context = { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates } as unknown as IPolicyValidationContext;
const types = new Set(['AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::SQS::Queue']);

describe('GIVEN templates with findings in both shares WHEN CloudFormation Validate runs in two threads', () => {
  // One engine in this thread for every case (starting one takes seconds); each case starts a worker's.
  const plugin = new CloudFormationValidatePlugin();
  const initialize = (all: ReadonlySet<string>) => (plugin as unknown as { initializeEngine(t: ReadonlySet<string>): unknown }).initializeEngine(all);
  const single = plugin.validate(context);

  test('THEN the single pass finds something in each share (the comparison means something)', () => {
    expect(single.success).toBe(false);
    const where = single.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath));
    expect(where).toEqual(expect.arrayContaining([stackTemplates[0].templatePath, stackTemplates[3].templatePath, stackTemplates[4].templatePath]));
  });

  // At 2 the same finding (an unknown bucket property) is in both shares and is merged; at 4 the worker's share is the last template.
  test.each([2, 4])('THEN split at %i, the report equals the single pass', (split) => {
    expect(validateInTwoThreads(plugin, initialize, context, types, split)).toEqual(single);
  });
});

describe('balancedSplit', () => {
  test('GIVEN weights THEN two non-empty contiguous runs of about equal weight', () => {
    expect(balancedSplit([1, 1, 1, 1])).toBe(2);
    expect(balancedSplit([100, 1, 1, 1])).toBe(1);
    expect(balancedSplit([1, 1, 1, 100])).toBe(3);
    expect(balancedSplit([5, 5])).toBe(1);
  });
});
