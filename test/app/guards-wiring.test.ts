import { App, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { EnclaveGuard } from '../../lib/guards/enclave-guard';
import { ResidencyGuard } from '../../lib/guards/residency-guard';
import { RequirePermissionsBoundary } from '../../lib/policies/require-permissions-boundary';

/**
 * buildApp puts the guards on exactly the stacks whose promise they enforce, and a violation
 * smuggled into the real app's stacks fails the synth naming the construct. (Each violation kind is
 * tested against the guards themselves in test/guards/.)
 */
const build = (): App => buildApp(loadConfig(), { outdir: mkdtempSync(join(tmpdir(), 'rampart-guards-')), builtinCloudFormationValidation: false, nagPacks: false });
const stackAt = (app: App, path: string): Stack => app.node.findAll().filter(Stack.isStack).find((s) => s.node.path === path)!;
const guardsOf = (stack: Stack): string[] =>
  Aspects.of(stack)
    .all.filter((a: IAspect) => a instanceof ResidencyGuard || a instanceof EnclaveGuard || a instanceof RequirePermissionsBoundary)
    .map((a) => a.constructor.name)
    .sort();

describe('GIVEN the default config', () => {
  const app = build();

  test.each([
    ['prod-us-east-1/platform', []],
    ['prod-us-west-2/platform', []],
    ['prod-eu-west-1/platform', ['ResidencyGuard']],
    ['prod-us-east-1/enclave', ['EnclaveGuard', 'RequirePermissionsBoundary']],
    ['prod-us-east-1/tenant-acme', []],
    ['prod-eu-west-1/tenant-globex', ['ResidencyGuard']],
    ['prod-us-east-1/tenant-initech', ['EnclaveGuard', 'RequirePermissionsBoundary']],
  ])('THEN %s runs under the guards %p', (path, guards) => {
    expect(guardsOf(stackAt(app, path))).toEqual(guards);
  });

  test('WHEN synthesized THEN every guard passes', () => {
    expect(() => app.synth()).not.toThrow();
  });
});

describe('GIVEN a violation smuggled into a guarded stack of the real app', () => {
  test('WHEN the EU platform copies backups to us-east-1 THEN synth fails naming the construct and the value', () => {
    const app = build();
    new CfnResource(stackAt(app, 'prod-eu-west-1/platform'), 'SmuggledCopy', {
      type: 'AWS::Backup::BackupVault',
      properties: { BackupVaultName: 'x', Notifications: { SNSTopicArn: 'arn:aws:sns:us-east-1:333333333333:alerts', BackupVaultEvents: ['BACKUP_JOB_COMPLETED'] } },
    });
    expect(() => app.synth()).toThrow(/prod-eu-west-1\/platform\/SmuggledCopy[\s\S]*us-east-1[\s\S]*arn:aws:sns:us-east-1:333333333333:alerts/);
  });

  test('WHEN an EU tenant bucket replicates elsewhere THEN synth fails naming the bucket', () => {
    const app = build();
    const bucket = stackAt(app, 'prod-eu-west-1/tenant-globex')
      .node.findAll()
      .find((c): c is s3.CfnBucket => c instanceof s3.CfnBucket && c.node.path.startsWith('prod-eu-west-1/tenant-globex/Data/'))!;
    bucket.addPropertyOverride('ReplicationConfiguration', { Role: 'arn:aws:iam::333333333333:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::elsewhere' } }] });
    expect(() => app.synth()).toThrow(/prod-eu-west-1\/tenant-globex\/Data\/Data[\s\S]*ReplicationConfiguration/);
  });

  test('WHEN the enclave gets a NAT gateway THEN synth fails naming it', () => {
    const app = build();
    new ec2.CfnNatGateway(stackAt(app, 'prod-us-east-1/enclave'), 'SmuggledNat', { subnetId: 'subnet-123', connectivityType: 'private' });
    expect(() => app.synth()).toThrow(/prod-us-east-1\/enclave\/SmuggledNat/);
  });

  test('WHEN a role is added to a HIPAA tenant later THEN it gets the HIPAA boundary too (the guard that requires it is tested in test/policies)', () => {
    const app = build();
    const initech = stackAt(app, 'prod-us-east-1/tenant-initech');
    const role = new iam.Role(initech, 'AddedRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => app.synth()).not.toThrow();
    const rendered = Template.fromStack(initech).toJSON().Resources[initech.getLogicalId(role.node.defaultChild as CfnResource)];
    expect(JSON.stringify(rendered.Properties.PermissionsBoundary)).toMatch(/HipaaPermissionsBoundary/);
  });

  test('WHEN a US tenant names another region THEN nothing fails (the residency guard is for EU stacks only)', () => {
    const app = build();
    new CfnResource(stackAt(app, 'prod-us-east-1/tenant-acme'), 'Note', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'eu-west-1' } });
    expect(() => app.synth()).not.toThrow();
  });
});
