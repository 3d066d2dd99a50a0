import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RegionStage } from '../../lib/app/region-stage';

/** A stage synthesized before the app (as its pipeline will, or while the pipelines are added) must not hide a later change. */
describe('GIVEN a RegionStage synthesized before its app', () => {
  const build = () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'rampart-region-stage-')) });
    const stage = new RegionStage(app, 'prod-eu-west-1', { env: { region: 'eu-west-1' } });
    const stack = new Stack(stage, 'tenant-acme', { env: { account: '111111111111', region: 'eu-west-1' } });
    new sqs.Queue(stack, 'Queue');
    const first = stage.synthesizeAsItsPipelineWill();
    return { app, stage, stack, first };
  };

  test("WHEN a construct is added to one of its stacks THEN the app's synthesis fails (aws-cdk-lib compares the tree)", () => {
    const { app, stack } = build();
    new sqs.Queue(stack, 'Late');
    expect(() => app.synth()).toThrow(/construct tree was modified after the first synthesis/);
  });

  // Inside reusingSyntheses it does not compare the tree (the walk CDK Pipelines made once per wave):
  // a construct added meanwhile goes unnoticed there, and the app's synthesis, after, fails on it.
  test('WHEN synthesized again while the pipelines are added THEN it answers its first synthesis without comparing the tree', () => {
    const { app, stage, stack, first } = build();
    new sqs.Queue(stack, 'Late');
    expect(RegionStage.reusingSyntheses(app, () => stage.synth())).toBe(first);
    expect(() => stage.synth()).toThrow(/construct tree was modified after the first synthesis/);
  });
});
