import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RampartChecks } from '../../lib/nag/rampart-pack';
import { RAMPART_CONTEXT } from '../../lib/app/build-app';
import { cfnOf } from '../helpers';

/**
 * The Rampart pack reads a resource's properties from its written template during a synthesis, and
 * renders the resource everywhere else: a tree changed after its template was written is judged as
 * it is now, never by the stale file.
 */
function synthesizedKey() {
  const outdir = mkdtempSync(join(tmpdir(), 'rampart-pack-written-'));
  const app = new App({ outdir, context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Keys', { env: { account: '111111111111', region: 'us-east-1' } });
  const key = cfnOf(new kms.Key(stack, 'Key', { enableKeyRotation: true, rotationPeriod: Duration.days(365) }));
  app.synth();
  return { app, key };
}

const keyRotationFindings = (pack: RampartChecks, scope: App) =>
  pack.validateScope(scope).violations.filter((v) => v.ruleName === 'Rampart-KeyRotation');

describe('GIVEN a synthesized app whose key rotates', () => {
  test('THEN the pack finds nothing', () => {
    const { app } = synthesizedKey();
    expect(keyRotationFindings(new RampartChecks(), app)).toEqual([]);
  });

  test('WHEN the key is weakened after its template was written THEN validateScope judges the tree as it is now', () => {
    const { app, key } = synthesizedKey();
    key.addPropertyOverride('EnableKeyRotation', false);
    expect(keyRotationFindings(new RampartChecks(), app).flatMap((v) => v.violatingResources.map((r) => r.constructPath))).toEqual([
      'Keys/Key/Resource',
    ]);
  });
});
