import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { normalizeAssetHashes } from '../helpers';

/**
 * Every stack of the default config: a snapshot (read the diff when it changes) paired with the
 * explicit assertions that matter to a reviewer, so a snapshot update cannot silently weaken them.
 */
describe('platform stacks of the default config', () => {
  const config = loadConfig();
  const app = buildApp(config, { outdir: mkdtempSync(join(tmpdir(), 'rampart-')), builtinCloudFormationValidation: false });
  const stacks = app.node.findAll().filter(Stack.isStack);
  // One synthesis for the whole suite; the nag packs run in it and throw on any finding.
  app.synth();

  test('GIVEN the default config THEN there is one platform stack per configured region, in the platform account', () => {
    expect(stacks.map((s) => [s.node.path, s.stackName, s.account, s.region])).toEqual([
      ['prod-us-east-1/platform', 'example-saas-prod-us-east-1-platform', '111111111111', 'us-east-1'],
      ['prod-us-west-2/platform', 'example-saas-prod-us-west-2-platform', '111111111111', 'us-west-2'],
    ]);
    for (const stack of stacks) expect(stack.terminationProtection).toBe(true);
  });

  describe.each(stacks.map((s) => [s.node.path, s] as const))('%s', (_path, stack) => {
    const template = Template.fromStack(stack);
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;

    test('THEN its three keys rotate yearly and are retained', () => {
      template.resourceCountIs('AWS::KMS::Key', 3);
      template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365 });
      for (const id of ['DataKey', 'BackupKey', 'LogsKey']) expect(resources[id].DeletionPolicy).toBe('Retain');
    });

    test('THEN its log archive is named deterministically, KMS-encrypted with the logs key and locked', () => {
      const archive = resources.LogArchiveBucket.Properties;
      expect(archive.BucketName).toBe(`example-saas-prod-111111111111-${stack.region}-logs`);
      expect(archive.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({ 'Fn::GetAtt': ['LogsKey', 'Arn'] });
      expect(archive.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 365 });
    });

    test('THEN every stateful resource is retained', () => {
      const stateful = Object.values(resources).filter((r) => ['AWS::KMS::Key', 'AWS::S3::Bucket'].includes(r.Type));
      expect(stateful.length).toBe(5);
      for (const r of stateful) expect(r.DeletionPolicy).toBe('Retain');
    });

    test('THEN the template matches the reviewed snapshot', () => {
      expect(normalizeAssetHashes(template.toJSON())).toMatchSnapshot();
    });
  });
});
