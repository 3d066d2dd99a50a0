import { App, Stack, Stage } from 'aws-cdk-lib';
import { existsSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { UNKNOWN_ACCOUNT, UNKNOWN_REGION } from 'aws-cdk-lib/cx-api';
import { STREAMED_CHUNK, streamingStageTemplates } from '../../lib/app/stream-stage-templates';
import type { RecordingCloudFormationValidate } from '../../lib/nag/recording-plugins';

type Submitted = Parameters<RecordingCloudFormationValidate['submitEarly']>;

/** A stage of `count` stacks with a queue each, a topic in the last of them (a type only it has), and one stack more without an environment. */
function stageOf(count: number): Stage {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'rampart-stream-')) });
  const stage = new Stage(app, 'prod-eu-west-1');
  const env = { account: '111111111111', region: 'eu-west-1' };
  for (let i = 0; i < count; i++) new sqs.Queue(new Stack(stage, `tenant-${i}`, { env }), 'Queue');
  new sns.Topic(stage.node.findChild(`tenant-${count - 1}`), 'Topic');
  // A stack without an account or region: aws-cdk-lib describes it with neither.
  new Stack(stage, 'unresolved-env');
  return stage;
}

describe('GIVEN a stage of 30 stacks synthesized with its templates streamed', () => {
  const stage = stageOf(30);
  const calls: { templates: Submitted[0]; types: Submitted[1]; lastWritten: boolean }[] = [];
  const lastTemplate = () => join(stage.outdir, (stage.node.findChild('unresolved-env') as Stack).templateFile);
  const validate = {
    submitEarly: (templates: Submitted[0], types: Submitted[1]) => calls.push({ templates, types, lastWritten: existsSync(lastTemplate()) }),
  } as unknown as RecordingCloudFormationValidate;
  const assembly = streamingStageTemplates(stage, validate, () => stage.synth());

  test('THEN every template is handed over once, described exactly as aws-cdk-lib describes it to a validation plugin', () => {
    const expected = assembly.stacks.map((s) => ({
      stackConstructPath: s.hierarchicalId,
      templatePath: s.templateFullPath,
      accountId: s.environment.account !== UNKNOWN_ACCOUNT ? s.environment.account : undefined,
      region: s.environment.region !== UNKNOWN_REGION ? s.environment.region : undefined,
    }));
    const handed = calls.flatMap((c) => c.templates);
    expect(handed).toHaveLength(31);
    expect(new Set(handed.map((t) => JSON.stringify(t)))).toEqual(new Set(expected.map((t) => JSON.stringify(t))));
    expect(existsSync(lastTemplate())).toBe(true);
  });

  test('THEN the first chunk is handed over while the stage is still being synthesized, with the types of the whole stage', () => {
    expect(calls.map((c) => c.templates.length)).toEqual([STREAMED_CHUNK, 31 - STREAMED_CHUNK]);
    expect(calls[0].lastWritten).toBe(false);
    expect([...calls[0].types!].sort()).toEqual(['AWS::SNS::Topic', 'AWS::SQS::Queue']);
  });

  test('THEN the stacks synthesize as before once it is over (their synthesizers are restored)', () => {
    const count = calls.length;
    stage.synth({ force: true });
    expect(calls).toHaveLength(count);
    const synthesizer = (stage.node.findChild('tenant-0') as Stack).synthesizer;
    expect(Object.getOwnPropertyDescriptor(synthesizer, 'synthesize')).toBeUndefined();
  });
});
