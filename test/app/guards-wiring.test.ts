import { App, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildApp } from '../../lib/app/build-app';
import { stackSelection } from '../../lib/app/stack-selection';
import { loadConfig } from '../../lib/config/loader';
import { EnclaveGuard } from '../../lib/guards/enclave-guard';
import { ResidencyGuard } from '../../lib/guards/residency-guard';
import { RecordedGuard } from '../../lib/nag/validator-runs';
import { RequirePermissionsBoundary } from '../../lib/organization-policies/require-permissions-boundary';

/**
 * buildApp puts the guards on exactly the stacks whose promise they enforce, and a violation
 * smuggled into the real app's stacks fails the synth naming the construct. (Each violation kind is
 * tested against the guards themselves in test/guards/.)
 */
const build = (): App =>
  buildApp(loadConfig(), { outdir: mkdtempSync(join(tmpdir(), 'rampart-guards-')), builtinCloudFormationValidation: false, nagPacks: false });
const stackAt = (app: App, path: string): Stack =>
  app.node
    .findAll()
    .filter(Stack.isStack)
    .find((s) => s.node.path === path)!;
const guardsOf = (stack: Stack): string[] =>
  Aspects.of(stack)
    .all.map((a: IAspect) => (a instanceof RecordedGuard ? a.guard : a))
    .filter((a: IAspect) => a instanceof ResidencyGuard || a instanceof EnclaveGuard || a instanceof RequirePermissionsBoundary)
    .map((a) => a.constructor.name)
    .sort();

describe('GIVEN the default config', () => {
  const app = build();

  test.each([
    ['prod-us-east-1/platform', ['RequirePermissionsBoundary']],
    ['prod-us-west-2/platform', ['RequirePermissionsBoundary']],
    ['prod-eu-west-1/platform', ['RequirePermissionsBoundary', 'ResidencyGuard']],
    ['prod-us-east-1/enclave', ['EnclaveGuard', 'RequirePermissionsBoundary']],
    ['prod-us-east-1/account-baseline-444444444444', ['EnclaveGuard', 'RequirePermissionsBoundary']],
    ['prod-us-east-1/tenant-acme', ['RequirePermissionsBoundary']],
    ['prod-eu-west-1/tenant-globex', ['RequirePermissionsBoundary', 'ResidencyGuard']],
    ['prod-us-east-1/tenant-initech', ['EnclaveGuard', 'RequirePermissionsBoundary']],
  ])('THEN %s runs under the guards %p', (path, guards) => {
    expect(guardsOf(stackAt(app, path))).toEqual(guards);
  });

  test('WHEN synthesized THEN every guard passes', () => {
    expect(() => app.synth()).not.toThrow();
  });
});

describe('GIVEN the default config WHEN built for a listing (`cdk ls`)', () => {
  // Constructed only: a listing's stacks keep their boundary, and no guard renders resources again.
  const listing = buildApp(loadConfig(), {
    outdir: mkdtempSync(join(tmpdir(), 'rampart-guards-ls-')),
    builtinCloudFormationValidation: false,
    selection: stackSelection([]),
  });

  test.each(['prod-eu-west-1/platform', 'prod-us-east-1/enclave', 'prod-eu-west-1/tenant-globex', 'prod-us-east-1/tenant-initech'])(
    'THEN %s runs under the permissions boundary guard only',
    (path) => {
      expect(guardsOf(stackAt(listing, path))).toEqual(['RequirePermissionsBoundary']);
    },
  );
});

/** Builds the real app, lets `smuggle` add violations, and returns the synth's error message. */
function synthFailure(smuggle: (app: App) => void): string {
  const app = build();
  smuggle(app);
  try {
    app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  return 'synth did not fail';
}

describe('GIVEN violations smuggled into the EU stage of the real app', () => {
  // One synth for the stage: the guards report every violation in it together.
  const message = synthFailure((app) => {
    new CfnResource(stackAt(app, 'prod-eu-west-1/platform'), 'SmuggledCopy', {
      type: 'AWS::Backup::BackupVault',
      properties: {
        BackupVaultName: 'x',
        Notifications: { SNSTopicArn: 'arn:aws:sns:us-east-1:333333333333:alerts', BackupVaultEvents: ['BACKUP_JOB_COMPLETED'] },
      },
    });
    const bucket = stackAt(app, 'prod-eu-west-1/tenant-globex')
      .node.findAll()
      .find((c): c is s3.CfnBucket => c instanceof s3.CfnBucket && c.node.path.startsWith('prod-eu-west-1/tenant-globex/Data/'))!;
    bucket.addPropertyOverride('ReplicationConfiguration', {
      Role: 'arn:aws:iam::333333333333:role/r',
      Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::elsewhere' } }],
    });
  });

  test('THEN the EU platform naming us-east-1 fails, naming the construct and the value', () => {
    expect(message).toMatch(/prod-eu-west-1\/platform\/SmuggledCopy[^\n]*us-east-1[^\n]*arn:aws:sns:us-east-1:333333333333:alerts/);
  });

  test('THEN an EU tenant bucket replicating elsewhere fails, naming the bucket', () => {
    expect(message).toMatch(/prod-eu-west-1\/tenant-globex\/Data\/Data[^\n]*ReplicationConfiguration/);
  });
});

test('GIVEN a NAT gateway smuggled into the enclave WHEN synthesized THEN it fails naming it', () => {
  const message = synthFailure(
    (app) => new ec2.CfnNatGateway(stackAt(app, 'prod-us-east-1/enclave'), 'SmuggledNat', { subnetId: 'subnet-123', connectivityType: 'private' }),
  );
  expect(message).toMatch(/prod-us-east-1\/enclave\/SmuggledNat/);
});

describe('GIVEN additions the guards allow', () => {
  const app = build();
  const initech = stackAt(app, 'prod-us-east-1/tenant-initech');
  const role = new iam.Role(initech, 'AddedRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  // The residency guard is for EU stacks only: a US tenant may name an EU region.
  new CfnResource(stackAt(app, 'prod-us-east-1/tenant-acme'), 'Note', {
    type: 'AWS::SSM::Parameter',
    properties: { Type: 'String', Value: 'eu-west-1' },
  });

  test('WHEN synthesized THEN nothing fails, and a role added to a HIPAA tenant later gets the HIPAA boundary too (the guard that requires it is tested in test/organization-policies)', () => {
    expect(() => app.synth()).not.toThrow();
    const rendered = Template.fromStack(initech).toJSON().Resources[initech.getLogicalId(role.node.defaultChild as CfnResource)];
    // The account's HIPAA boundary, defined by its account baseline and named here.
    expect(rendered.Properties.PermissionsBoundary).toBe('arn:aws:iam::444444444444:policy/example-saas-prod-hipaa-boundary-us-east-1');
  });
});
