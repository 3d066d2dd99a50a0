import { App, Aspects, CfnMapping as cdkMapping, CfnOutput, CfnParameter, Fn, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { LogArchive } from '../../lib/constructs/audit/log-archive';
import { AuditTrail } from '../../lib/constructs/audit/trail';
import { BackupVault, FourTierBackupPlan } from '../../lib/constructs/backup';
import { backupVaultName } from '../../lib/plan/naming';
import { DataBucket } from '../../lib/constructs/data/data-bucket';
import { KeyRing } from '../../lib/constructs/keys/key-ring';
import { RampartVpc } from '../../lib/constructs/network/rampart-vpc';
import { SecureBucket } from '../../lib/constructs/storage/secure-bucket';
import { ResidencyGuard } from '../../lib/guards/residency-guard';
import { testStack } from '../helpers';

const EU = 'eu-west-1';
const ACCOUNT = '333333333333';
const REASON = 'EU residency: data must not leave eu-west-1, so no copy or replica is kept in another region.';

/** An EU stack guarded by ResidencyGuard, with whatever `add` puts in it; returns how synth ends. */
function guarded(add: (stack: Stack) => void, region = EU): { stack: Stack; synth: () => unknown } {
  const stack = testStack(region, ACCOUNT);
  add(stack);
  Aspects.of(stack).add(new ResidencyGuard({ region: EU }));
  return { stack, synth: () => (stack.node.root as App).synth() };
}

/** The error synth fails with ('' when it passes). */
function synthError(add: (stack: Stack) => void, region = EU): string {
  try {
    guarded(add, region).synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** A realistic EU stack from Rampart's own constructs. */
function realisticEuStack(stack: Stack): void {
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'example-saas/prod' });
  const archive = new LogArchive(stack, 'LogArchive', {
    encryptionKey: keys.logs,
    bucketName: `example-saas-prod-${ACCOUNT}-${EU}-logs`,
    accessLogsBucketName: `example-saas-prod-${ACCOUNT}-${EU}-access-logs`,
  });
  new RampartVpc(stack, 'Network', { cidr: '10.20.0.0/16', maxAzs: 3, flowLogKey: keys.logs });
  const data = new DataBucket(stack, 'Data', {
    bucketName: `example-saas-prod-${ACCOUNT}-${EU}-data`,
    encryptionKey: keys.data,
    accessLogsBucket: archive.accessLogsBucket,
  });
  new SecureBucket(stack, 'Uploads', {
    encryption: { key: keys.data },
    accessLogging: { destination: archive.accessLogsBucket, prefix: 'uploads/' },
    withoutReplication: { reason: REASON },
  });
  const vault = new BackupVault(stack, 'BackupVault', {
    backupVaultName: backupVaultName('example-saas-prod-eu'),
    encryptionKey: keys.backup,
    dataKeys: [keys.data],
  });
  new FourTierBackupPlan(stack, 'BackupPlan', {
    backupPlanName: 'example-saas-prod-eu-four-tiers',
    vault: vault.vault,
    withoutDrCopy: { reason: REASON },
    resourceArns: [data.bucket.bucketArn],
  });
  new AuditTrail(stack, 'Trail', {
    trailName: 'example-saas-prod-eu-trail',
    archiveBucket: archive.bucket,
    encryptionKey: keys.logs,
    dataEventsOnEveryBucketExcept: [archive.bucket, archive.accessLogsBucket],
  });
  new CfnOutput(stack, 'DataBucketArn', { value: data.bucket.bucketArn });
  Tags.of(stack).add('residency', EU);
}

describe('ResidencyGuard', () => {
  describe('GIVEN a realistic EU stack built from Rampart constructs in eu-west-1', () => {
    test('THEN synth passes (multi-region trail, in-region endpoints and pseudo parameters are allowed)', () => {
      const { stack, synth } = guarded(realisticEuStack);
      expect(synth).not.toThrow();
      // The stack really contains the things the guard must tolerate.
      const template = JSON.stringify((stack.node.root as App).synth().getStackByName(stack.stackName).template);
      expect(template).toContain('"IsMultiRegionTrail":true');
      expect(template).toContain(EU);
    });
  });

  /**
   * One stack per smuggling way; each must fail synth naming the construct path and the value.
   * `[path]` is how CDK prefixes a validation error; the guard repeats the path in its message.
   */
  const VIOLATIONS: [string, (stack: Stack) => void, RegExp][] = [
    [
      'an ARN of another region in an IAM policy',
      (stack) =>
        new iam.Policy(stack, 'ReadTable', {
          roles: [new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') })],
          statements: [
            new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['arn:aws:dynamodb:us-east-1:333333333333:table/users'] }),
          ],
        }),
      /\[Test\/ReadTable\/Resource\] RESIDENCY-EU: EU data must stay in eu-west-1, but AWS::IAM::Policy ReadTable\w* at Test\/ReadTable\/Resource names us-east-1 at Properties\.PolicyDocument\.Statement\[0\]\.Resource: "arn:aws:dynamodb:us-east-1:333333333333:table\/users"/,
    ],
    [
      'a region literal inside Fn::Join',
      (stack) =>
        new iam.Policy(stack, 'SendToQueue', {
          roles: [new iam.Role(stack, 'Sender', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') })],
          statements: [
            new iam.PolicyStatement({
              actions: ['sqs:SendMessage'],
              resources: [Fn.join(':', ['arn', Fn.ref('AWS::Partition'), 'sqs', 'us-east-2', Fn.ref('AWS::AccountId'), 'jobs'])],
            }),
          ],
        }),
      /\[Test\/SendToQueue\/Resource\] .* names us-east-2 at Properties\.PolicyDocument\.Statement\[0\]\.Resource\.Fn::Join\[1\]\[\d\]: "sqs:us-east-2"/,
    ],
    [
      'an endpoint URL in a Lambda environment variable',
      (stack) =>
        new lambda.Function(stack, 'Worker', {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline('exports.handler = async () => {}'),
          environment: { QUEUE_URL: 'https://sqs.us-west-2.amazonaws.com/333333333333/jobs' },
        }),
      /\[Test\/Worker\/Resource\] .*AWS::Lambda::Function .* names us-west-2 at Properties\.Environment\.Variables\.QUEUE_URL: "https:\/\/sqs\.us-west-2\.amazonaws\.com\/333333333333\/jobs"/,
    ],
    [
      'a backup copy destination in the DR region',
      (stack) => {
        const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/eu' });
        const vault = new BackupVault(stack, 'Vault', { backupVaultName: 'org-eu-vault', encryptionKey: keys.backup, dataKeys: [keys.data] });
        new FourTierBackupPlan(stack, 'Plan', {
          backupPlanName: 'org-eu-plan',
          vault: vault.vault,
          drVaultArn: 'arn:aws:backup:us-west-2:333333333333:backup-vault:org-eu-vault',
          resourceArns: [`arn:aws:s3:::org-eu-data`],
        });
      },
      /\[Test\/Plan\/Plan\/Resource\] RESIDENCY-EU: EU data must stay in eu-west-1, but AWS::Backup::BackupPlan \w+ at Test\/Plan\/Plan\/Resource names us-west-2 at Properties\.BackupPlan\.BackupPlanRule\[0\]\.CopyActions\[0\]\.DestinationBackupVaultArn: "arn:aws:backup:us-west-2:/,
    ],
    [
      'a backup copy destination given by a parameter (region unknown)',
      (stack) =>
        new backup.CfnBackupPlan(stack, 'RawPlan', {
          backupPlan: {
            backupPlanName: 'p',
            backupPlanRule: [
              {
                ruleName: 'r',
                targetBackupVault: 'v',
                copyActions: [{ destinationBackupVaultArn: new CfnParameter(stack, 'CopyTo').valueAsString }],
              },
            ],
          },
        }),
      /\[Test\/RawPlan\] .* copies backups to a vault not provably in eu-west-1 at Properties\.BackupPlan\.BackupPlanRule\[0\]\.CopyActions\[0\]\.DestinationBackupVaultArn: \{"Ref":"CopyTo"\}/,
    ],
    [
      'S3 bucket replication (destination ARN without a region)',
      (stack) => {
        const bucket = new s3.Bucket(stack, 'Replicated', {
          versioned: true,
          replicationRules: [{ destination: s3.Bucket.fromBucketArn(stack, 'Elsewhere', 'arn:aws:s3:::org-copy'), priority: 1 }],
        });
        void bucket;
      },
      /\[Test\/Replicated\/Resource\] .*AWS::S3::Bucket .* replicates objects at Properties\.ReplicationConfiguration .*arn:aws:s3:::org-copy/,
    ],
    [
      'ECR replication to another region',
      (stack) =>
        new ecr.CfnReplicationConfiguration(stack, 'EcrReplication', {
          replicationConfiguration: { rules: [{ destinations: [{ region: 'eu-central-1', registryId: ACCOUNT }] }] },
        }),
      /\[Test\/EcrReplication\] .*AWS::ECR::ReplicationConfiguration .* names eu-central-1 at Properties\.ReplicationConfiguration\.Rules\[0\]\.Destinations\[0\]\.Region: "eu-central-1"/,
    ],
    [
      'ECR replication to a region given by a parameter',
      (stack) =>
        new ecr.CfnReplicationConfiguration(stack, 'EcrReplicationParam', {
          replicationConfiguration: {
            rules: [{ destinations: [{ region: new CfnParameter(stack, 'ReplicaRegion').valueAsString, registryId: ACCOUNT }] }],
          },
        }),
      /\[Test\/EcrReplicationParam\] .* replicates to region \{"Ref":"ReplicaRegion"\} at Properties\.ReplicationConfiguration\.Rules\[0\]\.Destinations\[0\]\.Region/,
    ],
    [
      'a multi-region KMS key',
      (stack) => new kms.Key(stack, 'Shared', { multiRegion: true }),
      /\[Test\/Shared\/Resource\] .*AWS::KMS::Key .* is a multi-region key at Properties\.MultiRegion: true/,
    ],
    [
      'a KMS replica key',
      (stack) =>
        new kms.CfnReplicaKey(stack, 'Replica', {
          primaryKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/mrk-1234',
          keyPolicy: { Version: '2012-10-17', Statement: [] },
        }),
      /\[Test\/Replica\] .*AWS::KMS::ReplicaKey .* is not allowed: a KMS replica key shares key material/,
    ],
    [
      'an escape-hatch override',
      (stack) => {
        const bucket = new s3.Bucket(stack, 'Overridden');
        (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('LoggingConfiguration.DestinationBucketName', 'org-logs-ap-southeast-2');
      },
      /\[Test\/Overridden\/Resource\] .* names ap-southeast-2 at Properties\.LoggingConfiguration\.DestinationBucketName: "org-logs-ap-southeast-2"/,
    ],
    [
      'a raw addOverride on metadata',
      (stack) => (new s3.Bucket(stack, 'Annotated').node.defaultChild as s3.CfnBucket).addOverride('Metadata.Mirror', 'sa-east-1'),
      /\[Test\/Annotated\/Resource\] .* names sa-east-1 at Metadata\.Mirror: "sa-east-1"/,
    ],
    [
      'a CfnOutput',
      (stack) => new CfnOutput(stack, 'MirrorEndpoint', { value: 'https://s3.ap-northeast-1.amazonaws.com/org-mirror' }),
      /\[Test\/MirrorEndpoint\] .*Output MirrorEndpoint at Test\/MirrorEndpoint names ap-northeast-1 at Value: "https:\/\/s3\.ap-northeast-1/,
    ],
    [
      'a CfnParameter default',
      (stack) => new CfnParameter(stack, 'CopyRegion', { default: 'us-east-2' }),
      /\[Test\/CopyRegion\] .*Parameter CopyRegion at Test\/CopyRegion names us-east-2 at Default: "us-east-2"/,
    ],
    [
      'a tag value',
      (stack) => Tags.of(new s3.Bucket(stack, 'Tagged')).add('mirror-region', 'ca-central-1'),
      /\[Test\/Tagged\/Resource\] .* names ca-central-1 at Properties\.Tags\[0\]\.Value: "ca-central-1"/,
    ],
    [
      'a CloudFront distribution',
      (stack) => new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: new origins.HttpOrigin('app.example.com') } }),
      /\[Test\/Cdn\/Resource\] .*AWS::CloudFront::Distribution .* is not allowed: CloudFront caches content in edge locations outside the region/,
    ],
    [
      'a WAF web ACL with CLOUDFRONT scope',
      (stack) =>
        new wafv2.CfnWebACL(stack, 'EdgeAcl', {
          scope: 'CLOUDFRONT',
          defaultAction: { allow: {} },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'edge', sampledRequestsEnabled: true },
        }),
      /\[Test\/EdgeAcl\] .*AWS::WAFv2::WebACL .* has Properties\.Scope: "CLOUDFRONT"/,
    ],
    [
      'an Aurora cross-region read replica',
      (stack) =>
        new rds.CfnDBCluster(stack, 'ReplicaCluster', {
          engine: 'aurora-postgresql',
          replicationSourceIdentifier: 'arn:aws:rds:us-east-1:333333333333:cluster:primary',
        }),
      /\[Test\/ReplicaCluster\] .* names us-east-1 at Properties\.ReplicationSourceIdentifier: "arn:aws:rds:us-east-1:333333333333:cluster:primary"/,
    ],
    [
      'an Aurora replica whose source comes from a parameter',
      (stack) =>
        new rds.CfnDBCluster(stack, 'ReplicaFromParam', {
          engine: 'aurora-postgresql',
          replicationSourceIdentifier: new CfnParameter(stack, 'SourceCluster').valueAsString,
        }),
      /\[Test\/ReplicaFromParam\] .* is a replica or member whose source is not provably in eu-west-1 at Properties\.ReplicationSourceIdentifier: \{"Ref":"SourceCluster"\}/,
    ],
    [
      'an Aurora global cluster',
      (stack) => new rds.CfnGlobalCluster(stack, 'Global', { engine: 'aurora-postgresql' }),
      /\[Test\/Global\] .*AWS::RDS::GlobalCluster .* is not allowed: an Aurora global database replicates to other regions/,
    ],
    [
      'a DynamoDB global table replica',
      (stack) =>
        new dynamodb.TableV2(stack, 'Sessions', {
          partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
          replicas: [{ region: 'eu-central-1' }],
        }),
      /\[Test\/Sessions\/Resource\] .*AWS::DynamoDB::GlobalTable .* names eu-central-1 at Properties\.Replicas\[\d\]\.Region: "eu-central-1"/,
    ],
    [
      'a secret replicated to another region',
      (stack) => new secretsmanager.Secret(stack, 'ApiKey', { replicaRegions: [{ region: 'eu-north-1' }] }),
      /\[Test\/ApiKey\/Resource\] .* names eu-north-1 at Properties\.ReplicaRegions\[0\]\.Region: "eu-north-1"/,
    ],
    [
      'S3 Transfer Acceleration',
      (stack) => new s3.Bucket(stack, 'Accelerated', { transferAcceleration: true }),
      /\[Test\/Accelerated\/Resource\] .* enables S3 Transfer Acceleration/,
    ],
    [
      'an availability zone of another region',
      (stack) => new CfnOutput(stack, 'Az', { value: 'us-east-1a' }),
      /\[Test\/Az\] .* names us-east-1 at Value: "us-east-1a"/,
    ],
    [
      'a region not (yet) in the catalog',
      (stack) => new CfnOutput(stack, 'NewRegion', { value: 'arn:aws:s3:ap-southwest-9:333333333333:accesspoint/x' }),
      /\[Test\/NewRegion\] .* names ap-southwest-9 at Value/,
    ],
    [
      'another partition',
      (stack) => new CfnOutput(stack, 'China', { value: 'arn:aws-cn:s3:::org-mirror' }),
      /\[Test\/China\] .* names partition aws-cn at Value: "arn:aws-cn:s3:::org-mirror"/,
    ],
    [
      'a mapping keyed by another region',
      (stack) => {
        const map = new cdkMapping(stack, 'Regions', { mapping: { 'us-east-1': { ami: 'ami-1' }, 'eu-west-1': { ami: 'ami-2' } } });
        new CfnOutput(stack, 'Ami', { value: map.findInMap(Stack.of(stack).region, 'ami') });
      },
      /\[Test\/Regions\] .*Mapping Regions at Test\/Regions names us-east-1 in a key at us-east-1: "us-east-1"/,
    ],
  ];

  describe.each(VIOLATIONS)('GIVEN an EU stack with %s', (_kind, add, expected) => {
    test('THEN synth fails naming the construct path and the offending value', () => {
      expect(guarded(add).synth).toThrow(expected);
    });
  });

  describe('GIVEN a backup plan copying every tier to another region', () => {
    test('THEN each offending copy destination is reported once, by its JSON path', () => {
      const error = synthError((stack) => {
        const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/eu' });
        const vault = new BackupVault(stack, 'Vault', { backupVaultName: 'org-eu-vault', encryptionKey: keys.backup, dataKeys: [keys.data] });
        new FourTierBackupPlan(stack, 'Plan', {
          backupPlanName: 'p',
          vault: vault.vault,
          drVaultArn: 'arn:aws:backup:eu-central-1:333333333333:backup-vault:v',
          resourceArns: ['arn:aws:s3:::b'],
        });
      });
      const lines = error.split('\n').filter((line) => line.includes('[Test/Plan/Plan/Resource]'));
      expect(lines).toHaveLength(4);
      [0, 1, 2, 3].forEach((i) =>
        expect(lines[i]).toContain(
          `names eu-central-1 at Properties.BackupPlan.BackupPlanRule[${i}].CopyActions[0].DestinationBackupVaultArn: "arn:aws:backup:eu-central-1:`,
        ),
      );
    });
  });

  describe('GIVEN an EU stack deployed to another region', () => {
    test('THEN synth fails naming the stack and its region', () => {
      expect(synthError(() => undefined, 'us-east-1')).toMatch(
        /\[Test\] RESIDENCY-EU: EU data must stay in eu-west-1, but stack Test is deployed to region "us-east-1"/,
      );
    });
  });

  describe('GIVEN an environment-agnostic stack', () => {
    test('THEN synth fails: an EU stack must be pinned to its region', () => {
      const app = new App();
      const stack = new Stack(app, 'Agnostic');
      Aspects.of(stack).add(new ResidencyGuard({ region: EU }));
      expect(() => app.synth()).toThrow(/\[Agnostic\] .* stack Agnostic is environment-agnostic \(no region\)/);
    });
  });

  describe('GIVEN in-region references that look like regions or replicate inside eu-west-1', () => {
    test('THEN synth passes: pseudo parameters, in-region ARNs and AZs, same-region copies, non-region names', () => {
      const error = synthError((stack) => {
        new CfnOutput(stack, 'Region', { value: Stack.of(stack).region });
        new CfnOutput(stack, 'PseudoRegion', { value: Fn.join(':', ['arn', 'aws', 'sqs', Fn.ref('AWS::Region'), ACCOUNT, 'q']) });
        new CfnOutput(stack, 'Az', { value: 'eu-west-1b' });
        new CfnOutput(stack, 'NotRegions', { value: 'db-backup-1 my-key-2 bus-east-1 us-east campus-north-3x' });
        new ecr.CfnReplicationConfiguration(stack, 'SameRegionEcr', {
          replicationConfiguration: { rules: [{ destinations: [{ region: EU, registryId: '444444444444' }] }] },
        });
        const localVault = new backup.CfnBackupVault(stack, 'LocalVault', { backupVaultName: 'local' });
        new backup.CfnBackupPlan(stack, 'SameRegionCopies', {
          backupPlan: {
            backupPlanName: 'p',
            backupPlanRule: [
              {
                ruleName: 'r',
                targetBackupVault: 'v',
                copyActions: [
                  { destinationBackupVaultArn: 'arn:aws:backup:eu-west-1:444444444444:backup-vault:other-account' },
                  { destinationBackupVaultArn: localVault.attrBackupVaultArn },
                  {
                    destinationBackupVaultArn: Fn.join(':', [
                      'arn',
                      Fn.ref('AWS::Partition'),
                      'backup',
                      Fn.ref('AWS::Region'),
                      ACCOUNT,
                      'backup-vault:v',
                    ]),
                  },
                ],
              },
            ],
          },
        });
        new dynamodb.TableV2(stack, 'RegionalTable', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
      });
      expect(error).toBe('');
    });
  });

  test('GIVEN the guard THEN it rejects something that is not a region code', () => {
    expect(() => new ResidencyGuard({ region: 'Ireland' })).toThrow('region must be an AWS region code such as "eu-west-1", got "Ireland"');
  });
});
