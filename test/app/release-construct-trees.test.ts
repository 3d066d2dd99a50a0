import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { releaseConstructTrees } from '../../lib/app/release-construct-trees';

/**
 * aws-cdk-lib keeps every synthesized App alive in process-wide tables (CfnReference's references,
 * the token map); the main job empties them before its review (bin/main-job.ts).
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A synthesized App with a reference between resources and stringified tokens; only a weak reference to it is kept. */
function synthesizedApp(): WeakRef<App> {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'rampart-release-')), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const bucket = new s3.Bucket(stack, 'B');
  new s3.Bucket(stack, 'Logged', { serverAccessLogsBucket: bucket, bucketName: `${bucket.bucketName}-logged` });
  app.synth();
  return new WeakRef(app);
}

/** Whether the App behind `ref` survives a full collection (after the job that created it ended). */
async function survives(ref: WeakRef<App>): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return ref.deref() !== undefined;
}

test('GIVEN a synthesized App THEN aws-cdk-lib keeps it alive after its last use (the tables this module empties)', async () => {
  expect(await survives(synthesizedApp())).toBe(true);
});

test('GIVEN a synthesized App WHEN releaseConstructTrees runs THEN a collection frees it', async () => {
  const ref = synthesizedApp();
  releaseConstructTrees();
  expect(await survives(ref)).toBe(false);
});
