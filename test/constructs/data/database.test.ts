import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';
import type { DatabaseProps } from '../../../lib/constructs/data/database';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { acknowledgmentsUnder, isolatedVpc, testDatabase, testStack, unacknowledgedFindings } from '../../helpers';

function build(props: Partial<DatabaseProps> = {}, maxAzs = 3) {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const vpc = isolatedVpc(stack, { maxAzs, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } } });
  const { database: db } = testDatabase(stack, vpc, keys, props);
  const template = Template.fromStack(stack);
  return { stack, db, template, resources: template.toJSON().Resources as Record<string, any> };
}

const DATA_KEY = { 'Fn::GetAtt': ['DataKey', 'Arn'] };
const byType = (resources: Record<string, any>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('Database', () => {
  describe('GIVEN the defaults', () => {
    const { db, resources } = build();
    const cluster = resources.DatabaseCluster.Properties;
    const instances = byType(resources, 'AWS::RDS::DBInstance').map(([, r]) => r);

    test('THEN storage, Performance Insights and the credentials secret use the data key', () => {
      expect(cluster).toMatchObject({
        StorageEncrypted: true,
        KmsKeyId: DATA_KEY,
        PerformanceInsightsEnabled: true,
        PerformanceInsightsKmsKeyId: DATA_KEY,
      });
      expect(resources.DatabaseSecret.Properties.KmsKeyId).toEqual(DATA_KEY);
      for (const i of instances) expect(i.Properties.PerformanceInsightsKMSKeyId).toEqual(DATA_KEY);
    });

    test('THEN IAM authentication, deletion protection, 7-day native backups, tag copy and log export are on', () => {
      expect(cluster).toMatchObject({
        Engine: 'aurora-postgresql',
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 7,
        CopyTagsToSnapshot: true,
        AutoMinorVersionUpgrade: true,
        EnableCloudwatchLogsExports: ['postgresql'],
        DBClusterIdentifier: 'org-prod-db',
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
      });
    });

    test('THEN the parameter group forces SSL', () => {
      const [[, group]] = byType(resources, 'AWS::RDS::DBClusterParameterGroup');
      expect(group.Properties.Parameters['rds.force_ssl']).toBe('1');
      expect(cluster.DBClusterParameterGroupName).toEqual({ Ref: expect.stringMatching(/^DatabaseParameters/) });
    });

    test('THEN a serverless v2 writer and reader sit in two different AZs, private, monitored, auto-upgraded', () => {
      expect(instances).toHaveLength(2);
      expect(new Set(instances.map((i) => i.Properties.AvailabilityZone)).size).toBe(2);
      for (const i of instances) {
        expect(i.Properties).toMatchObject({
          DBInstanceClass: 'db.serverless',
          PubliclyAccessible: false,
          AutoMinorVersionUpgrade: true,
          MonitoringInterval: 60,
        });
      }
    });

    test('THEN the cluster lives in the isolated subnets', () => {
      const [[, subnets]] = byType(resources, 'AWS::RDS::DBSubnetGroup');
      expect(subnets.Properties.SubnetIds.map((s: any) => s.Ref)).toEqual(expect.arrayContaining([expect.stringMatching(/^Vpcisolated/)]));
      expect(subnets.Properties.SubnetIds).toHaveLength(3);
    });

    test('THEN only the given peer and the rotation function reach it, on 5432 only, and it has no egress', () => {
      const ingress = byType(resources, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
      expect(ingress).toHaveLength(2);
      for (const rule of ingress)
        expect(rule).toMatchObject({
          FromPort: 5432,
          ToPort: 5432,
          IpProtocol: 'tcp',
          GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseSecurityGroup/), 'GroupId'] },
        });
      expect(ingress.map((r) => r.SourceSecurityGroupId['Fn::GetAtt'][0])).toEqual(
        expect.arrayContaining([expect.stringMatching(/^AppSg/), expect.stringMatching(/^DatabaseRotationSecurityGroup/)]),
      );
      const [, sg] = byType(resources, 'AWS::EC2::SecurityGroup').find(([id]) => id.startsWith('DatabaseSecurityGroup'))!;
      expect(sg.Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
      ]);
    });

    test('THEN the postgresql log goes to a KMS-encrypted log group kept a year, created before the cluster', () => {
      expect(resources.DatabasePostgresqlLog.Properties).toEqual({
        LogGroupName: '/aws/rds/cluster/org-prod-db/postgresql',
        KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
        RetentionInDays: 365,
      });
      expect(resources.DatabaseCluster.DependsOn).toContain('DatabasePostgresqlLog');
    });

    test('THEN the password rotates every 30 days through the hosted function in the isolated subnets', () => {
      const [[, schedule]] = byType(resources, 'AWS::SecretsManager::RotationSchedule');
      expect(schedule.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(30 days)' });
      const hosted = schedule.Properties.HostedRotationLambda;
      expect(hosted.RotationType).toBe('PostgreSQLSingleUser');
      expect(JSON.stringify(hosted.VpcSubnetIds)).toMatch(/Vpcisolated/);
      expect(hosted.KmsKeyArn).toEqual(DATA_KEY);
    });

    test('THEN no Serverless Application Repository app (addressed by an ARN in us-east-1 whatever the region)', () => {
      expect(byType(resources, 'AWS::Serverless::Application')).toEqual([]);
      expect(JSON.stringify(resources)).not.toMatch(/serverlessrepo/);
    });

    test('THEN cluster, instances, secret and log group are retained under pinned logical ids', () => {
      for (const id of ['DatabaseCluster', 'DatabaseSecret', 'DatabasePostgresqlLog']) {
        expect(resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
      for (const i of instances) expect(i).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    test('THEN the cluster ARN is exposed for backup selection', () => {
      expect(db.cluster.stack.resolve(db.clusterArn)).toEqual({
        'Fn::Join': ['', ['arn:aws:rds:us-east-1:111111111111:cluster:', { Ref: 'DatabaseCluster' }]],
      });
    });

    test('THEN no validation pack has an unacknowledged finding, and the acknowledgments are the expected ones', () => {
      expect(unacknowledgedFindings(db)).toEqual([]);
      expect(
        acknowledgmentsUnder(db)
          .map((a) => a.id)
          .sort(),
      ).toEqual([
        'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        // AZ-REAL: writer and reader in named zones (cfn-lint W3010 prefers lookups).
        'CloudFormation-Validate::W3010',
        'HIPAA.Security::HIPAA.Security-RDSInBackupPlan',
        'HIPAA.Security::HIPAA.Security-RDSInBackupPlan',
        'NIST.800.53.R5::NIST.800.53.R5-RDSInBackupPlan',
        'NIST.800.53.R5::NIST.800.53.R5-RDSInBackupPlan',
      ]);
    });
  });

  describe('throws', () => {
    test('WHEN the cluster identifier is not lowercase DNS-safe', () => {
      expect(() => build({ clusterIdentifier: 'Org_DB' })).toThrow(
        'clusterIdentifier must be 1..63 lowercase letters, digits and single hyphens, starting with a letter, got "Org_DB"',
      );
    });
    test('WHEN minCapacity is out of range', () => {
      expect(() => build({ minCapacity: 0.2 })).toThrow('minCapacity must be 0.5..256 ACUs in steps of 0.5, got 0.2');
    });
    test('WHEN maxCapacity is below minCapacity', () => {
      expect(() => build({ minCapacity: 8, maxCapacity: 4 })).toThrow('maxCapacity must be max(1, minCapacity)..256 ACUs in steps of 0.5, got 4');
    });
    test('WHEN the subnets span a single AZ', () => {
      expect(() => build({}, 1)).toThrow('vpcSubnets must span at least two availability zones (MULTI-AZ), got ["us-east-1a"]');
    });
  });
});
