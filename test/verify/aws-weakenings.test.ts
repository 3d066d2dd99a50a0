import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { CATALOG } from '../../lib/promises/catalog';
import type { ControlEntry } from '../../lib/promises/types';
import type { Json } from '../../lib/verify/types';
import { all, resource, weakened, type Template } from './synthesized';
import {
  defaultAwsOutput,
  expectWeakeningFails,
  US,
  DR,
  EU,
  ENCLAVE,
  ACME,
  INITECH,
  UMBRELLA,
  GLOBEX,
  BASELINE,
  type WeakeningCase,
} from './default-aws-output';

/**
 * Every AWS check, shown failing on a weakened copy of the real templates: each case changes what an
 * escape hatch (`addPropertyOverride`, `addOverride`, a raw DeletionPolicy) could change, and asserts
 * the exact control, verdict and logical id the verifier reports. The unweakened output passes.
 */
// The Google Cloud stacks have their own suite (test/verify/gcp); here only the AWS part is judged.
const assembly = defaultAwsOutput();

type Case = WeakeningCase;

/** The rules of the plan whose logical id starts with `prefix`: `BackupPlan` (buckets) or `DatabaseBackupPlan` (platform stacks). */
const rules = (t: Template, prefix = 'BackupPlan'): Record<string, Json>[] =>
  (resource(t, 'AWS::Backup::BackupPlan', prefix).props.BackupPlan as { BackupPlanRule: Record<string, Json>[] }).BackupPlanRule;
const DB_PLAN = 'DatabaseBackupPlan3C71206C';
const DATA_POLICY = 'DataBucketPolicy65074851';
const lifecycle = (holder: Record<string, Json>) => holder.Lifecycle as Record<string, Json>;
const dropException = (id: string) => (t: Template) => {
  const meta = (t.Metadata as { Rampart: { acceptedExceptions: string[] } }).Rampart;
  meta.acceptedExceptions = meta.acceptedExceptions.filter((e) => e !== id);
};
const addResource = (id: string, body: Json) => (t: Template) => {
  t.Resources[id] = body as Template['Resources'][string];
};
/** The default security group's deploy-time function and the one statement of its role's inline policy. */
const SG_HANDLER = 'CustomVpcRestrictDefaultSGCustomResourceProviderHandlerDC833E5E';
const sgRoleStatement = (t: Template) =>
  (
    (resource(t, 'AWS::IAM::Role', 'CustomVpcRestrictDefaultSG').props.Policies as Record<string, Json>[])[0].PolicyDocument as {
      Statement: Record<string, Json>[];
    }
  ).Statement[0];
/** The point-in-time recovery settings of the stack's record key store (its one replica). */
const pitr = (t: Template) =>
  ((resource(t, 'AWS::DynamoDB::GlobalTable').props.Replicas as Json[])[0] as Record<string, Record<string, Json>>).PointInTimeRecoverySpecification;
const OPEN = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:*', Resource: '*' };
const allowlist = (t: Template) =>
  ((resource(t, 'AWS::NetworkFirewall::RuleGroup').props.RuleGroup as Record<string, Json>).RulesSource as Record<string, Record<string, Json>>)
    .RulesSourceList;
const endpointStatements = (t: Template, prefix: string) =>
  (resource(t, 'AWS::EC2::VPCEndpoint', prefix).props.PolicyDocument as { Statement: Record<string, Json>[] }).Statement;

const CASES: readonly Case[] = [
  // ENC-REST
  [
    'bucket without default encryption',
    US,
    'ENC-REST',
    'missing',
    'Data',
    (t) => delete resource(t, 'AWS::S3::Bucket', 'Data').props.BucketEncryption,
  ],
  [
    'database storage unencrypted',
    US,
    'ENC-REST',
    'contradicted',
    'DatabaseCluster',
    (t) => (resource(t, 'AWS::RDS::DBCluster').props.StorageEncrypted = false),
  ],
  [
    'log group without a key',
    INITECH,
    'ENC-REST',
    'missing',
    undefined,
    (t) => all(t, 'AWS::Logs::LogGroup').forEach((g) => delete g.props.KmsKeyId),
  ],
  [
    'record key store under an AWS-owned key',
    EU,
    'ENC-REST',
    'missing',
    'RecordKeysTable',
    (t) => (resource(t, 'AWS::DynamoDB::GlobalTable').props.SSESpecification = { SSEEnabled: false }),
  ],
  // KEY-ROTATE
  [
    'data key rotation off',
    US,
    'KEY-ROTATE',
    'contradicted',
    'DataKey',
    (t) => (resource(t, 'AWS::KMS::Key', 'DataKey').props.EnableKeyRotation = false),
  ],
  [
    'rotation every 400 days',
    EU,
    'KEY-ROTATE',
    'contradicted',
    'LogsKey',
    (t) => (resource(t, 'AWS::KMS::Key', 'LogsKey').props.RotationPeriodInDays = 400),
  ],
  ['BYOK exception not accepted', INITECH, 'KEY-ROTATE', 'contradicted', 'DataKey', dropException('KEY-ROTATE-BYOK-IMPORTED-MATERIAL')],
  // KEY-SEPARATE
  [
    'vault under the data key',
    US,
    'KEY-SEPARATE',
    'contradicted',
    'BackupVault',
    (t) => (resource(t, 'AWS::Backup::BackupVault', 'BackupVault').props.EncryptionKeyArn = { 'Fn::GetAtt': ['DataKey', 'Arn'] }),
  ],
  [
    'database tiers copied into a vault under the data key',
    EU,
    'KEY-SEPARATE',
    'contradicted',
    DB_PLAN,
    (t) => (resource(t, 'AWS::Backup::BackupVault', 'BackupVault').props.EncryptionKeyArn = { 'Fn::GetAtt': ['DataKey', 'Arn'] }),
  ],
  [
    "database tiers' copy actions removed (each tier only a staging point under the data key)",
    EU,
    'KEY-SEPARATE',
    'missing',
    DB_PLAN,
    (t) => rules(t, 'DatabaseBackupPlan').forEach((r) => delete r.CopyActions),
  ],
  [
    'database staging points kept 30 days',
    US,
    'KEY-SEPARATE',
    'contradicted',
    DB_PLAN,
    (t) => rules(t, 'DatabaseBackupPlan').forEach((r) => (lifecycle(r).DeleteAfterDays = 30)),
  ],
  [
    'database DR copy into a vault the assembly does not hold',
    US,
    'KEY-SEPARATE',
    'contradicted',
    DB_PLAN,
    (t) => {
      for (const r of rules(t, 'DatabaseBackupPlan')) {
        (r.CopyActions as Record<string, Json>[])[1].DestinationBackupVaultArn = 'arn:aws:backup:us-west-2:111111111111:backup-vault:elsewhere';
      }
    },
  ],
  [
    'automated backups kept 35 days',
    DR,
    'KEY-SEPARATE',
    'contradicted',
    'DatabaseCluster',
    (t) => (resource(t, 'AWS::RDS::DBCluster').props.BackupRetentionPeriod = 35),
  ],
  [
    'short-lived Aurora copies exception not accepted',
    DR,
    'KEY-SEPARATE',
    'contradicted',
    'DatabaseCluster',
    dropException('KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES'),
  ],
  // BYOK
  ['BYOK key with AWS material', INITECH, 'BYOK', 'contradicted', 'Data', (t) => delete resource(t, 'AWS::KMS::Key', 'DataKey').props.Origin],
  // ERASURE: access logs (requester IPs, object keys, URLs) within the deadline
  [
    'platform access logs kept a year',
    EU,
    'ERASURE',
    'contradicted',
    'LogArchiveAccessLogs',
    (t) => {
      const rules = (resource(t, 'AWS::S3::Bucket', 'LogArchiveAccessLogs').props.LifecycleConfiguration as { Rules: Record<string, Json>[] }).Rules;
      rules[0].ExpirationInDays = 365;
    },
  ],
  ['PHI access-log exception not accepted', ENCLAVE, 'ERASURE', 'contradicted', 'LogArchiveAccessLogs', dropException('ERASURE-PHI-ACCESS-LOGS')],
  // TLS-HOPS
  [
    'platform target group back to plain HTTP',
    US,
    'TLS-HOPS',
    'contradicted',
    'IngressLoadBalancerHttpsServiceGroup9EAFFCA7',
    (t) => (resource(t, 'AWS::ElasticLoadBalancingV2::TargetGroup').props.Protocol = 'HTTP'),
  ],
  [
    'enclave target group on plain TCP',
    ENCLAVE,
    'TLS-HOPS',
    'contradicted',
    'IngressLoadBalancerTlsServiceGroup289AC4A3',
    (t) => (resource(t, 'AWS::ElasticLoadBalancingV2::TargetGroup').props.Protocol = 'TCP'),
  ],
  [
    'database accepting plaintext connections',
    EU,
    'TLS-HOPS',
    'contradicted',
    'DatabaseParametersB8AC9B07',
    (t) => ((resource(t, 'AWS::RDS::DBClusterParameterGroup').props.Parameters as Record<string, Json>)['rds.force_ssl'] = '0'),
  ],
  [
    'tenant bucket policy without the TLS-only deny',
    ACME,
    'TLS-HOPS',
    'missing',
    'DataBucketPolicy65074851',
    (t) => {
      const policy = resource(t, 'AWS::S3::BucketPolicy', 'DataBucketPolicy').props.PolicyDocument as { Statement: Record<string, Json>[] };
      policy.Statement = policy.Statement.filter((st) => JSON.stringify(st).indexOf('aws:SecureTransport') < 0);
    },
  ],
  // TLS-EDGE
  [
    'HTTP listener forwarding',
    US,
    'TLS-EDGE',
    'contradicted',
    'IngressLoadBalancerHttp38EB6668',
    (t) => {
      const http = all(t, 'AWS::ElasticLoadBalancingV2::Listener').find((l) => l.props.Protocol === 'HTTP');
      (http as { props: Record<string, Json> }).props.DefaultActions = [
        { Type: 'forward', TargetGroupArn: { Ref: resource(t, 'AWS::ElasticLoadBalancingV2::TargetGroup').id } },
      ];
    },
  ],
  [
    'HTTPS on the 2016 policy',
    DR,
    'TLS-EDGE',
    'contradicted',
    undefined,
    (t) => {
      for (const l of all(t, 'AWS::ElasticLoadBalancingV2::Listener'))
        if (l.props.Protocol === 'HTTPS') l.props.SslPolicy = 'ELBSecurityPolicy-2016-08';
    },
  ],
  [
    'enclave listener on plain TCP',
    ENCLAVE,
    'TLS-EDGE',
    'contradicted',
    undefined,
    (t) => {
      const l = resource(t, 'AWS::ElasticLoadBalancingV2::Listener');
      l.props.Protocol = 'TCP';
      delete l.props.SslPolicy;
    },
  ],
  [
    'listener rule forwarding on the HTTP listener',
    EU,
    'TLS-EDGE',
    'contradicted',
    undefined,
    (t) => {
      const http = all(t, 'AWS::ElasticLoadBalancingV2::Listener').find((l) => l.props.Protocol === 'HTTP') as { id: string };
      addResource('PlainRule', {
        Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
        Properties: { ListenerArn: { Ref: http.id }, Priority: 1, Actions: [{ Type: 'forward' }] },
      })(t);
    },
  ],
  // WAF and DDOS
  [
    'web ACL association removed',
    US,
    'WAF',
    'missing',
    'IngressLoadBalancerAE82CB09',
    (t) => delete t.Resources[resource(t, 'AWS::WAFv2::WebACLAssociation').id],
  ],
  [
    'Shield protection removed',
    EU,
    'DDOS',
    'missing',
    'IngressLoadBalancerAE82CB09',
    (t) => delete t.Resources[resource(t, 'AWS::Shield::Protection').id],
  ],
  [
    'Shield automatic mitigation off',
    DR,
    'DDOS',
    'contradicted',
    undefined,
    (t) => {
      resource(t, 'AWS::Shield::Protection').props.ApplicationLayerAutomaticResponseConfiguration = { Status: 'DISABLED', Action: { Count: {} } };
    },
  ],
  [
    'Shield health check probing over plain TCP',
    US,
    'DDOS',
    'contradicted',
    'Shieldalb6985F6FE',
    (t) => {
      (resource(t, 'AWS::Route53::HealthCheck').props.HealthCheckConfig as Record<string, Json>).Type = 'TCP';
    },
  ],
  [
    'Shield protection without health-based detection',
    EU,
    'DDOS',
    'missing',
    'Shieldalb6985F6FE',
    (t) => delete resource(t, 'AWS::Shield::Protection').props.HealthCheckArns,
  ],
  // PUBLIC-SURFACE
  [
    'bucket public policy allowed',
    US,
    'PUBLIC-SURFACE',
    'contradicted',
    'Data',
    (t) => {
      (resource(t, 'AWS::S3::Bucket', 'Data').props.PublicAccessBlockConfiguration as Record<string, Json>).BlockPublicPolicy = false;
    },
  ],
  ['public IPs on launch', EU, 'PUBLIC-SURFACE', 'contradicted', undefined, (t) => (all(t, 'AWS::EC2::Subnet')[0].props.MapPublicIpOnLaunch = true)],
  [
    'service with public IP',
    US,
    'PUBLIC-SURFACE',
    'contradicted',
    'Service9571FDD8',
    (t) => {
      (resource(t, 'AWS::ECS::Service').props.NetworkConfiguration as Record<string, Record<string, Json>>).AwsvpcConfiguration.AssignPublicIp =
        'ENABLED';
    },
  ],
  [
    'database instance public',
    DR,
    'PUBLIC-SURFACE',
    'contradicted',
    undefined,
    (t) => (all(t, 'AWS::RDS::DBInstance')[0].props.PubliclyAccessible = true),
  ],
  [
    'bucket policy open to everyone',
    ENCLAVE,
    'PUBLIC-SURFACE',
    'contradicted',
    undefined,
    (t) => {
      (resource(t, 'AWS::S3::BucketPolicy', 'Phi').props.PolicyDocument as { Statement: Json[] }).Statement.push({ ...OPEN, Action: 's3:GetObject' });
    },
  ],
  // MULTI-AZ and AZ-REAL
  [
    'every subnet in one zone',
    US,
    'MULTI-AZ',
    'contradicted',
    'NetworkVpc7FB7348F',
    (t) => all(t, 'AWS::EC2::Subnet').forEach((s) => (s.props.AvailabilityZone = 'us-east-1a')),
  ],
  ['Aurora with one instance', EU, 'MULTI-AZ', 'contradicted', 'DatabaseCluster', (t) => delete t.Resources[all(t, 'AWS::RDS::DBInstance')[1].id]],
  ['one task', DR, 'MULTI-AZ', 'contradicted', undefined, (t) => (resource(t, 'AWS::ECS::Service').props.DesiredCount = 1)],
  ['placeholder zone', INITECH, 'AZ-REAL', 'contradicted', undefined, (t) => (all(t, 'AWS::EC2::Subnet')[0].props.AvailabilityZone = 'dummy1a')],
  [
    'zone from a lookup-time intrinsic',
    ENCLAVE,
    'AZ-REAL',
    'contradicted',
    undefined,
    (t) => {
      all(t, 'AWS::EC2::Subnet')[0].props.AvailabilityZone = { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] };
    },
  ],
  [
    'zone of another region',
    EU,
    'AZ-REAL',
    'contradicted',
    undefined,
    (t) => (all(t, 'AWS::EC2::Subnet')[0].props.AvailabilityZone = 'eu-central-1a'),
  ],
  // NET-ISOLATION
  [
    'enclave S3 endpoint opened to s3:* on *',
    ENCLAVE,
    'NET-ISOLATION',
    'contradicted',
    'NetworkVpcS334FC449B',
    (t) => {
      resource(t, 'AWS::EC2::VPCEndpoint', 'NetworkVpcS3').props.PolicyDocument = { Version: '2012-10-17', Statement: [OPEN] };
    },
  ],
  [
    'tenant VPC peered',
    ACME,
    'NET-ISOLATION',
    'contradicted',
    'Peering',
    addResource('Peering', {
      Type: 'AWS::EC2::VPCPeeringConnection',
      Properties: { VpcId: { Ref: 'VpcB9E1BA5B' }, PeerVpcId: 'vpc-0123456789abcdef0' },
    }),
  ],
  [
    'enclave on a transit gateway',
    ENCLAVE,
    'NET-ISOLATION',
    'contradicted',
    'Tgw',
    addResource('Tgw', {
      Type: 'AWS::EC2::TransitGatewayVpcAttachment',
      Properties: { TransitGatewayId: 'tgw-0123456789abcdef0', VpcId: { Ref: 'NetworkVpc7FB7348F' }, SubnetIds: [] },
    }),
  ],
  [
    'PrivateLink open to any principal',
    ENCLAVE,
    'NET-ISOLATION',
    'contradicted',
    'IngressEndpointServicePermissions0E8825E1',
    (t) => {
      resource(t, 'AWS::EC2::VPCEndpointServicePermissions').props.AllowedPrincipals = ['*'];
    },
  ],
  [
    'internet ingress to the tasks',
    US,
    'NET-ISOLATION',
    'contradicted',
    'WorldToTasks',
    addResource('WorldToTasks', {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: { 'Fn::GetAtt': ['ServiceSecurityGroupC96ED6A7', 'GroupId'] },
        CidrIp: '0.0.0.0/0',
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
      },
    }),
  ],
  [
    'platform KMS endpoint without a policy',
    US,
    'NET-ISOLATION',
    'missing',
    'NetworkVpcKms275858BF',
    (t) => delete resource(t, 'AWS::EC2::VPCEndpoint', 'NetworkVpcKms').props.PolicyDocument,
  ],
  [
    'platform STS endpoint conditioned on TLS instead of the account',
    DR,
    'NET-ISOLATION',
    'contradicted',
    'NetworkVpcSts4055B77B',
    (t) => {
      const [statement] = endpointStatements(t, 'NetworkVpcSts');
      statement.Condition = { Bool: { 'aws:SecureTransport': 'true' } };
    },
  ],
  [
    'EU S3 endpoint admitting foreign buckets',
    EU,
    'NET-ISOLATION',
    'contradicted',
    'NetworkVpcS334FC449B',
    (t) => {
      const own = endpointStatements(t, 'NetworkVpcS3').find((st) => st.Sid === 'OwnPrincipalsOwnBuckets')!;
      own.Condition = { StringEquals: { 'aws:PrincipalAccount': '333333333333' } };
    },
  ],
  [
    'platform ECR layer statement widened to every object',
    US,
    'NET-ISOLATION',
    'contradicted',
    'NetworkVpcS334FC449B',
    (t) => {
      endpointStatements(t, 'NetworkVpcS3').find((st) => st.Sid === 'EcrImageLayers')!.Resource = 'arn:aws:s3:::*/*';
    },
  ],
  [
    'tenant DynamoDB endpoint for a foreign account',
    INITECH,
    'NET-ISOLATION',
    'contradicted',
    'NetworkVpcDynamoDbCF49C09B',
    (t) => {
      endpointStatements(t, 'NetworkVpcDynamoDb')[0].Condition = { StringEquals: { 'aws:PrincipalAccount': '999999999999' } };
    },
  ],
  [
    'enclave tasks back to HTTPS anywhere',
    ENCLAVE,
    'NET-ISOLATION',
    'contradicted',
    'ServiceSecurityGroupC96ED6A7',
    (t) => {
      (resource(t, 'AWS::EC2::SecurityGroup', 'ServiceSecurityGroup').props.SecurityGroupEgress as Json[]).push({
        CidrIp: '0.0.0.0/0',
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      });
    },
  ],
  [
    'HIPAA tenant egress to the IPv6 internet',
    INITECH,
    'NET-ISOLATION',
    'contradicted',
    'WorldEgress',
    addResource('WorldEgress', {
      Type: 'AWS::EC2::SecurityGroupEgress',
      Properties: { GroupId: 'sg-0123456789abcdef0', CidrIpv6: '::/0', IpProtocol: '-1' },
    }),
  ],
  [
    'platform allowlist passing plain HTTP',
    US,
    'NET-ISOLATION',
    'contradicted',
    'EgressEgressAllowlist98FB7295',
    (t) => {
      allowlist(t).TargetTypes = ['TLS_SNI', 'HTTP_HOST'];
    },
  ],
  [
    'DR allowlist widened to every AWS endpoint',
    DR,
    'NET-ISOLATION',
    'contradicted',
    'EgressEgressAllowlist98FB7295',
    (t) => {
      (allowlist(t).Targets as Json[]).push('.amazonaws.com');
    },
  ],
  [
    'EU rule group passing HTTP by a Suricata rule',
    EU,
    'NET-ISOLATION',
    'contradicted',
    'PassHttp',
    addResource('PassHttp', {
      Type: 'AWS::NetworkFirewall::RuleGroup',
      Properties: {
        Type: 'STATEFUL',
        Capacity: 10,
        RuleGroupName: 'pass-http',
        RuleGroup: { RulesSource: { RulesString: 'pass http $HOME_NET any -> $EXTERNAL_NET any (msg:"web"; sid:1; rev:1;)' } },
      },
    }),
  ],
  // IDS-IPS
  [
    'a zone without a firewall',
    US,
    'IDS-IPS',
    'missing',
    'NetworkVpc7FB7348F',
    (t) => delete t.Resources[all(t, 'AWS::NetworkFirewall::Firewall')[2].id],
  ],
  [
    'firewall passes by default',
    DR,
    'IDS-IPS',
    'contradicted',
    undefined,
    (t) => {
      (resource(t, 'AWS::NetworkFirewall::FirewallPolicy').props.FirewallPolicy as Record<string, Json>).StatefulDefaultActions = [
        'aws:alert_established',
      ];
    },
  ],
  [
    'GuardDuty off in the enclave',
    ENCLAVE,
    'IDS-IPS',
    'contradicted',
    undefined,
    (t) => (resource(t, 'AWS::GuardDuty::Detector').props.Enable = false),
  ],
  // AUDIT
  ['single-region trail', US, 'AUDIT', 'contradicted', 'Trail', (t) => (resource(t, 'AWS::CloudTrail::Trail').props.IsMultiRegionTrail = false)],
  [
    'trail without file validation',
    EU,
    'AUDIT',
    'contradicted',
    'Trail',
    (t) => (resource(t, 'AWS::CloudTrail::Trail').props.EnableLogFileValidation = false),
  ],
  [
    'archive locked 30 days',
    ENCLAVE,
    'AUDIT',
    'contradicted',
    undefined,
    (t) => {
      const bucketId = (resource(t, 'AWS::CloudTrail::Trail').props.S3BucketName as { Ref: string }).Ref;
      t.Resources[bucketId].Properties.ObjectLockConfiguration = {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
      };
    },
  ],
  ['trail removed from the account', US, 'AUDIT', 'missing', undefined, (t) => delete t.Resources[resource(t, 'AWS::CloudTrail::Trail').id]],
  // DETECT and DETECT-EVERY-ACCOUNT
  ['Security Hub removed', EU, 'DETECT', 'missing', undefined, (t) => delete t.Resources[resource(t, 'AWS::SecurityHub::Hub').id]],
  [
    'GuardDuty alerts disabled',
    US,
    'DETECT',
    'missing',
    undefined,
    (t) => {
      for (const r of all(t, 'AWS::Events::Rule')) if (JSON.stringify(r.props.EventPattern).includes('aws.guardduty')) r.props.State = 'DISABLED';
    },
  ],
  // The account baseline of initech's own account
  [
    'account baseline trail made single-region',
    BASELINE,
    'AUDIT',
    'contradicted',
    'Trail',
    (t) => (resource(t, 'AWS::CloudTrail::Trail').props.IsMultiRegionTrail = false),
  ],
  [
    'account baseline archive locked for the audit retention instead of the HIPAA one',
    BASELINE,
    'AUDIT',
    'contradicted',
    'LogArchiveBucket',
    (t) => {
      (
        resource(t, 'AWS::S3::Bucket', 'LogArchiveBucket').props.ObjectLockConfiguration as { Rule: { DefaultRetention: { Days: number } } }
      ).Rule.DefaultRetention.Days = 365;
    },
  ],
  ['account baseline trail removed', BASELINE, 'AUDIT', 'missing', undefined, (t) => delete t.Resources[resource(t, 'AWS::CloudTrail::Trail').id]],
  [
    'account baseline detector disabled',
    BASELINE,
    'DETECT-EVERY-ACCOUNT',
    'contradicted',
    'ThreatDetectionDetector0E1F32F0',
    (t) => (resource(t, 'AWS::GuardDuty::Detector').props.Enable = false),
  ],
  [
    'account baseline detector removed',
    BASELINE,
    'DETECT-EVERY-ACCOUNT',
    'missing',
    undefined,
    (t) => delete t.Resources[resource(t, 'AWS::GuardDuty::Detector').id],
  ],
  // BACKUP-TIERS
  ['copy actions removed', US, 'BACKUP-TIERS', 'missing', 'BackupPlan52AA48B4', (t) => rules(t).forEach((r) => delete r.CopyActions)],
  [
    'vault lock removed',
    ACME,
    'BACKUP-TIERS',
    'contradicted',
    'BackupVault',
    (t) => delete resource(t, 'AWS::Backup::BackupVault').props.LockConfiguration,
  ],
  [
    'staging vault lock removed',
    EU,
    'BACKUP-TIERS',
    'contradicted',
    'DatabaseStagingVault',
    (t) => delete resource(t, 'AWS::Backup::BackupVault', 'DatabaseStagingVault').props.LockConfiguration,
  ],
  [
    'database monthly tier copied into the tier vault for 30 days',
    DR,
    'BACKUP-TIERS',
    'contradicted',
    DB_PLAN,
    (t) => {
      const monthly = rules(t, 'DatabaseBackupPlan').find((r) => r.RuleName === 'monthly')!;
      lifecycle((monthly.CopyActions as Record<string, Json>[])[0]).DeleteAfterDays = 30;
    },
  ],
  [
    'monthly tier kept 30 days',
    ENCLAVE,
    'BACKUP-TIERS',
    'contradicted',
    'BackupPlan52AA48B4',
    (t) => {
      (rules(t).find((r) => r.RuleName === 'monthly')?.Lifecycle as Record<string, Json>).DeleteAfterDays = 30;
    },
  ],
  [
    'monthly tier removed',
    GLOBEX,
    'BACKUP-TIERS',
    'missing',
    'BackupPlan52AA48B4',
    (t) => {
      const plan = resource(t, 'AWS::Backup::BackupPlan').props.BackupPlan as { BackupPlanRule: Record<string, Json>[] };
      plan.BackupPlanRule = plan.BackupPlanRule.filter((r) => r.RuleName !== 'monthly');
    },
  ],
  [
    'database left out of the selection',
    EU,
    'BACKUP-TIERS',
    'missing',
    'DatabaseCluster',
    (t) => {
      const selection = resource(t, 'AWS::Backup::BackupSelection', 'DatabaseBackupPlan').props.BackupSelection as { Resources: Json[] };
      selection.Resources = selection.Resources.filter((r) => !JSON.stringify(r).includes('DatabaseCluster'));
    },
  ],
  // RETENTION and ERASURE
  [
    'tenant bucket kept too long',
    ACME,
    'RETENTION',
    'contradicted',
    'Data',
    (t) => {
      const rulesOf = (resource(t, 'AWS::S3::Bucket', 'Data').props.LifecycleConfiguration as { Rules: Record<string, Json>[] }).Rules;
      for (const r of rulesOf) if (typeof r.ExpirationInDays === 'number') r.ExpirationInDays = 9999;
    },
  ],
  [
    'tenant tier copied into the platform vault',
    ACME,
    'ERASURE',
    'contradicted',
    'BackupPlan52AA48B4',
    (t) => {
      rules(t)[3].CopyActions = [{ DestinationBackupVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:example-saas-prod-vault' }];
    },
  ],
  [
    'tenant bucket under a platform key',
    GLOBEX,
    'ERASURE',
    'contradicted',
    'Data',
    (t) => {
      const rule = (
        resource(t, 'AWS::S3::Bucket', 'Data').props.BucketEncryption as { ServerSideEncryptionConfiguration: Record<string, Record<string, Json>>[] }
      ).ServerSideEncryptionConfiguration[0];
      rule.ServerSideEncryptionByDefault.KMSMasterKeyID = 'arn:aws:kms:eu-west-1:333333333333:key/00000000-0000-0000-0000-000000000000';
    },
  ],
  [
    'key deletion outlasting the deadline',
    ACME,
    'ERASURE',
    'contradicted',
    'DataKey',
    (t) => {
      (t.Metadata as { Rampart: { tenant: { graceDays: number } } }).Rampart.tenant.graceDays = 20;
    },
  ],
  // ERASURE: the record key store (no copy of it outlives the deadline, so the long tiers hold ciphertext)
  [
    'record key store removed: the monthly tier outlives the deadline readable',
    GLOBEX,
    'ERASURE',
    'contradicted',
    'BackupPlan52AA48B4',
    (t) => delete t.Resources.RecordKeysTable,
  ],
  [
    'record key store point-in-time recovery of 35 days',
    US,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    (t) => (pitr(t).RecoveryPeriodInDays = 35),
  ],
  [
    "record key store recovery window left to DynamoDB's default (35 days)",
    EU,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    (t) => delete pitr(t).RecoveryPeriodInDays,
  ],
  [
    "record key store added to the PHI bucket's backup selection",
    ENCLAVE,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    (t) =>
      (resource(t, 'AWS::Backup::BackupSelection').props.BackupSelection as { Resources: Json[] }).Resources.push({
        'Fn::GetAtt': ['RecordKeysTable', 'Arn'],
      }),
  ],
  [
    "every DynamoDB table of the account selected by a tenant stack's plan (wildcard ARN)",
    ACME,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    addResource('EveryTableSelection', {
      Type: 'AWS::Backup::BackupSelection',
      Properties: {
        BackupPlanId: { Ref: 'BackupPlan52AA48B4' },
        BackupSelection: {
          IamRoleArn: 'arn:aws:iam::111111111111:role/x',
          SelectionName: 'every-table',
          Resources: ['arn:aws:dynamodb:*:*:table/*'],
        },
      },
    }),
  ],
  [
    'a selection whose ARN the template cannot resolve (an imported value)',
    GLOBEX,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    addResource('ImportedSelection', {
      Type: 'AWS::Backup::BackupSelection',
      Properties: {
        BackupPlanId: { Ref: 'BackupPlan52AA48B4' },
        BackupSelection: {
          IamRoleArn: 'arn:aws:iam::333333333333:role/x',
          SelectionName: 'imported',
          Resources: [{ 'Fn::ImportValue': 'some-arn' }],
        },
      },
    }),
  ],
  [
    'a selection by tag that does not exclude the record key store',
    DR,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    addResource('TaggedSelection', {
      Type: 'AWS::Backup::BackupSelection',
      Properties: {
        BackupPlanId: { Ref: 'BackupPlan52AA48B4' },
        BackupSelection: {
          IamRoleArn: 'arn:aws:iam::111111111111:role/x',
          SelectionName: 'tagged',
          ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'yes' }],
        },
      },
    }),
  ],
  [
    'record key store streaming its items',
    GLOBEX,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    (t) => (resource(t, 'AWS::DynamoDB::GlobalTable').props.StreamSpecification = { StreamViewType: 'NEW_AND_OLD_IMAGES' }),
  ],
  [
    'record key store replicated to another region',
    US,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    (t) =>
      (resource(t, 'AWS::DynamoDB::GlobalTable').props.Replicas as Json[]).push({
        Region: 'us-west-2',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
      }),
  ],
  [
    "tenant's record key store under a key outside the tenant stack",
    INITECH,
    'ERASURE',
    'contradicted',
    'RecordKeysTable',
    (t) =>
      (((resource(t, 'AWS::DynamoDB::GlobalTable').props.Replicas as Json[])[0] as Record<string, Json>).SSESpecification = {
        KMSMasterKeyId: 'arn:aws:kms:us-east-1:444444444444:key/00000000-0000-0000-0000-000000000000',
      }),
  ],
  // HIPAA: a HIPAA tenant's PHI is WORM-protected like the enclave's
  [
    "HIPAA tenant's data bucket without Object Lock",
    INITECH,
    'HIPAA',
    'missing',
    'Data',
    (t) => delete resource(t, 'AWS::S3::Bucket', 'Data').props.ObjectLockConfiguration,
  ],
  [
    "enclave PHI bucket's Object Lock without a default retention",
    ENCLAVE,
    'HIPAA',
    'contradicted',
    'Phi',
    (t) => delete (resource(t, 'AWS::S3::Bucket', 'Phi').props.ObjectLockConfiguration as Record<string, Json>).Rule,
  ],
  // NET-ISOLATION and LEAST-PRIV: the default security group's deploy-time provider (raw resources the packs never read)
  [
    'VPC without the custom resource closing its default security group',
    US,
    'NET-ISOLATION',
    'missing',
    'NetworkVpc7FB7348F',
    (t) => delete t.Resources[resource(t, 'Custom::VpcRestrictDefaultSG').id],
  ],
  [
    'an ingress rule added to the default security group',
    ACME,
    'NET-ISOLATION',
    'contradicted',
    'DefaultSgOpen',
    addResource('DefaultSgOpen', {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: { GroupId: { 'Fn::GetAtt': ['NetworkVpc7FB7348F', 'DefaultSecurityGroup'] }, IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
    }),
  ],
  ['default-SG function may do anything in EC2', ENCLAVE, 'LEAST-PRIV', 'contradicted', SG_HANDLER, (t) => (sgRoleStatement(t).Action = 'ec2:*')],
  ['default-SG function may change every security group', DR, 'LEAST-PRIV', 'contradicted', SG_HANDLER, (t) => (sgRoleStatement(t).Resource = '*')],
  [
    'default-SG role given AdministratorAccess',
    EU,
    'LEAST-PRIV',
    'contradicted',
    SG_HANDLER,
    (t) =>
      (resource(t, 'AWS::IAM::Role', 'CustomVpcRestrictDefaultSG').props.ManagedPolicyArns as Json[]).push(
        'arn:aws:iam::aws:policy/AdministratorAccess',
      ),
  ],
  [
    'default-SG function logging to a group Lambda creates (unencrypted, kept forever)',
    UMBRELLA,
    'LEAST-PRIV',
    'contradicted',
    SG_HANDLER,
    (t) => delete resource(t, 'AWS::Lambda::Function').props.LoggingConfig,
  ],
  [
    "default-SG function without the tenant's tags",
    INITECH,
    'LEAST-PRIV',
    'contradicted',
    SG_HANDLER,
    (t) => delete resource(t, 'AWS::Lambda::Function').props.Tags,
  ],
  // NO-LOSS
  [
    'DeletionPolicy Delete by raw override',
    US,
    'NO-LOSS',
    'contradicted',
    'DatabaseCluster',
    (t) => (resource(t, 'AWS::RDS::DBCluster').body.DeletionPolicy = 'Delete'),
  ],
  [
    'no UpdateReplacePolicy on a bucket',
    INITECH,
    'NO-LOSS',
    'contradicted',
    'Data',
    (t) => delete resource(t, 'AWS::S3::Bucket', 'Data').body.UpdateReplacePolicy,
  ],
  [
    'deletion protection off',
    DR,
    'NO-LOSS',
    'contradicted',
    'DatabaseCluster',
    (t) => (resource(t, 'AWS::RDS::DBCluster').props.DeletionProtection = false),
  ],
  // RESIDENCY-EU
  [
    'EU backups copied to the US through Fn::Join',
    EU,
    'RESIDENCY-EU',
    'contradicted',
    'BackupPlan52AA48B4',
    (t) => {
      rules(t)[0].CopyActions = [
        { DestinationBackupVaultArn: { 'Fn::Join': ['', ['arn:aws:backup:', 'us-', 'east-1', ':333333333333:backup-vault:x']] } },
      ];
    },
  ],
  [
    'EU tenant bucket under a key in another region through Fn::Sub',
    GLOBEX,
    'RESIDENCY-EU',
    'contradicted',
    'Data',
    (t) => {
      const encryption = resource(t, 'AWS::S3::Bucket', 'Data').props.BucketEncryption as Record<string, Record<string, Json>[]>;
      (encryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault as Record<string, Json>).KMSMasterKeyID = {
        'Fn::Sub': ['arn:aws:kms:${R}:${AWS::AccountId}:key/x', { R: 'us-west-2' }],
      };
    },
  ],
  // HIPAA and ISOLATION
  ['enclave role without boundary', ENCLAVE, 'HIPAA', 'missing', undefined, (t) => delete all(t, 'AWS::IAM::Role')[0].props.PermissionsBoundary],
  [
    'internet gateway in the enclave',
    ENCLAVE,
    'HIPAA',
    'contradicted',
    'Igw',
    addResource('Igw', { Type: 'AWS::EC2::InternetGateway', Properties: {} }),
  ],
  [
    'tenant VPC overlapping the platform',
    INITECH,
    'ISOLATION',
    'contradicted',
    undefined,
    (t) => (resource(t, 'AWS::EC2::VPC').props.CidrBlock = '10.0.4.0/22'),
  ],
  [
    'tenant log group under a foreign key',
    INITECH,
    'ISOLATION',
    'contradicted',
    undefined,
    (t) => {
      all(t, 'AWS::Logs::LogGroup')[0].props.KmsKeyId = 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000';
    },
  ],
  [
    "silo tenant's database tiers copied into a vault outside its stack",
    INITECH,
    'ERASURE',
    'contradicted',
    DB_PLAN,
    (t) => {
      for (const rule of rules(t, 'DatabaseBackupPlan'))
        for (const copy of rule.CopyActions as Record<string, Json>[])
          copy.DestinationBackupVaultArn = 'arn:aws:backup:us-east-1:444444444444:backup-vault:shared-vault';
    },
  ],
  [
    "public silo tenant's load balancer without its WAF (the internet gateway then serves an unprotected ingress)",
    UMBRELLA,
    'NET-ISOLATION',
    'contradicted',
    undefined,
    (t) => delete t.Resources[resource(t, 'AWS::WAFv2::WebACLAssociation').id],
  ],
  [
    'public silo tenant with a NAT gateway (a way out)',
    UMBRELLA,
    'NET-ISOLATION',
    'contradicted',
    undefined,
    addResource('Nat', { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-0123456789abcdef0' } }),
  ],
  // ISOLATION of pooled tenants: tenant A's data only in tenant A's session
  [
    'pooled tenant bucket policy admitting the whole account (its denies removed)',
    ACME,
    'ISOLATION',
    'contradicted',
    DATA_POLICY,
    (t) => {
      const document = resource(t, 'AWS::S3::BucketPolicy', 'DataBucketPolicy').props.PolicyDocument as { Statement: Record<string, Json>[] };
      document.Statement = document.Statement.filter(
        (st) => !String(st.Sid).startsWith('DenyEveryone') && !String(st.Sid).startsWith('DenyTheTenantRole'),
      );
      document.Statement.push({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: '*' });
    },
  ],
  [
    'pooled tenant bucket policy conditioned on the wrong tag',
    GLOBEX,
    'ISOLATION',
    'contradicted',
    DATA_POLICY,
    (t) => {
      const document = resource(t, 'AWS::S3::BucketPolicy', 'DataBucketPolicy').props.PolicyDocument as Json;
      const text = JSON.stringify(document).replace(/aws:PrincipalTag\/rampart:tenant/g, 'aws:PrincipalTag/rampart:plan');
      resource(t, 'AWS::S3::BucketPolicy', 'DataBucketPolicy').props.PolicyDocument = JSON.parse(text) as Json;
    },
  ],
  [
    "pooled tenant bucket policy conditioned on another tenant's id",
    ACME,
    'ISOLATION',
    'contradicted',
    DATA_POLICY,
    (t) => {
      const text = JSON.stringify(resource(t, 'AWS::S3::BucketPolicy', 'DataBucketPolicy').props.PolicyDocument).replace(/"acme"/g, '"globex"');
      resource(t, 'AWS::S3::BucketPolicy', 'DataBucketPolicy').props.PolicyDocument = JSON.parse(text) as Json;
    },
  ],
  [
    'pooled tenant data key usable by every principal of the account through S3',
    ACME,
    'ISOLATION',
    'contradicted',
    'DataKey',
    (t) => {
      const policy = resource(t, 'AWS::KMS::Key', 'DataKey').props.KeyPolicy as { Statement: Record<string, Record<string, Json>>[] };
      for (const st of policy.Statement) delete st.Condition?.ArnEquals;
    },
  ],
  [
    'pooled tenant data key without the session-tag deny',
    GLOBEX,
    'ISOLATION',
    'contradicted',
    'DataKey',
    (t) => {
      const policy = resource(t, 'AWS::KMS::Key', 'DataKey').props.KeyPolicy as { Statement: Record<string, Json>[] };
      policy.Statement = policy.Statement.filter((st) => st.Sid !== 'DenyUseWithoutTheTenantSessionTag');
    },
  ],
  [
    'pooled tenant access role assumable without the session tag',
    ACME,
    'ISOLATION',
    'contradicted',
    'AccessRole',
    (t) => {
      const trust = resource(t, 'AWS::IAM::Role', 'AccessRole').props.AssumeRolePolicyDocument as { Statement: Record<string, Json>[] };
      delete trust.Statement[0].Condition;
    },
  ],
  // The trust evidence is missing, and the bucket and key now admit no one: the own session is refused.
  ['pooled tenant without an access role', GLOBEX, 'ISOLATION', 'contradicted', undefined, (t) => delete t.Resources.AccessRole],
  // LEAST-PRIV
  [
    'backup key without the CT.KMS.PR.3 deny of direct grants',
    DR,
    'LEAST-PRIV',
    'missing',
    'BackupKey',
    (t) => {
      const policy = resource(t, 'AWS::KMS::Key', 'BackupKey').props.KeyPolicy as { Statement: { Sid?: string }[] };
      policy.Statement = policy.Statement.filter((st) => st.Sid !== 'DenyGrantsNotForAwsResources');
    },
  ],
  [
    'alert topic open to EventBridge rules of any account',
    EU,
    'LEAST-PRIV',
    'contradicted',
    'SecurityMonitoringAlertTopicPolicy0FA7626B',
    (t) => {
      const policy = resource(t, 'AWS::SNS::TopicPolicy', 'SecurityMonitoringAlertTopicPolicy').props.PolicyDocument as {
        Statement: { Sid?: string; Condition?: Json }[];
      };
      delete policy.Statement.find((st) => st.Sid === 'EventBridgeRulesOfThisStackPublish')!.Condition;
    },
  ],
  [
    'data key open: kms:* to *',
    US,
    'LEAST-PRIV',
    'contradicted',
    'DataKey',
    (t) => {
      (resource(t, 'AWS::KMS::Key', 'DataKey').props.KeyPolicy as { Statement: Json[] }).Statement.push({ ...OPEN, Action: 'kms:*' });
    },
  ],
  [
    'administrator policy',
    ACME,
    'LEAST-PRIV',
    'contradicted',
    undefined,
    (t) => {
      const role = all(t, 'AWS::IAM::Role')[0];
      role.props.Policies = [{ PolicyName: 'admin', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }];
    },
  ],
  [
    'role anyone may assume',
    EU,
    'LEAST-PRIV',
    'contradicted',
    undefined,
    (t) => {
      all(t, 'AWS::IAM::Role')[0].props.AssumeRolePolicyDocument = {
        Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
      };
    },
  ],
  // IMAGE-PROVENANCE and VULN-SCAN
  [
    'enclave runs a public image',
    ENCLAVE,
    'IMAGE-PROVENANCE',
    'contradicted',
    'ServiceTaskDefinition55FA0F15',
    (t) => {
      (resource(t, 'AWS::ECS::TaskDefinition').props.ContainerDefinitions as Record<string, Json>[])[0].Image = 'docker.io/library/nginx:latest';
    },
  ],
  [
    'platform service back on a public image',
    DR,
    'IMAGE-PROVENANCE',
    'contradicted',
    'ServiceTaskDefinition55FA0F15',
    (t) => {
      (resource(t, 'AWS::ECS::TaskDefinition').props.ContainerDefinitions as Record<string, Json>[])[0].Image = 'public.ecr.aws/nginx/nginx:stable';
    },
  ],
  [
    'repository without scan on push',
    ENCLAVE,
    'VULN-SCAN',
    'contradicted',
    'Images',
    (t) => (resource(t, 'AWS::ECR::Repository').props.ImageScanningConfiguration = { ScanOnPush: false }),
  ],
  ['mutable tags', US, 'VULN-SCAN', 'contradicted', 'Images', (t) => (resource(t, 'AWS::ECR::Repository').props.ImageTagMutability = 'MUTABLE')],
];

describe('evidence verifier on the real AWS templates', () => {
  const verification = verifyAssembly(assembly);

  test('GIVEN the default config THEN every control holds or is partial with recorded exceptions, and the run is ok', () => {
    const failing = verification.controls.filter((c) => c.verdict === 'missing' || c.verdict === 'contradicted').map((c) => c.control);
    expect(failing).toEqual([]);
    expect(verification.unknownStacks).toEqual([]);
    expect(verification.unrecordedPartial).toEqual([]);
    expect(verification.ok).toBe(true);
    // Every control judged here either holds or names, by id, each exception that keeps it from holding.
    for (const c of verification.controls.filter((x) => x.verdict === 'partial')) {
      expect({ control: c.control, exceptions: c.exceptions.length > 0 }).toEqual({ control: c.control, exceptions: true });
    }
  });

  test('GIVEN a partial control whose catalog entry records no exception THEN the run fails and names it', () => {
    const waf = CATALOG.find((entry) => entry.id === 'WAF') as ControlEntry;
    const unrecorded: ControlEntry = { ...waf, status: 'partial', exceptions: [] };
    const judged = verifyAssembly(assembly, [unrecorded]);
    expect(judged.controls[0].verdict).toBe('partial');
    expect(judged.unrecordedPartial).toEqual(['WAF']);
    expect(judged.ok).toBe(false);
  });

  test('GIVEN a standing exception THEN it is in force in every stack of its scope without any config accepting it', () => {
    const ids = verification.controls.flatMap((c) => c.exceptions.filter((e) => e.basis === 'standing').map((e) => e.id));
    expect(ids).toEqual(expect.arrayContaining(['KEY-SEPARATE-SAME-REGION-COPY-UNCONFIRMED', 'IDS-IPS-PREVENTION-EGRESS-ONLY']));
    const accepted = new Set(assembly.stacks.flatMap((s) => s.metadata?.acceptedExceptions ?? []));
    for (const id of ids) expect({ id, accepted: accepted.has(id) }).toEqual({ id, accepted: false });
  });

  test("GIVEN a pooled tenant's bucket and key THEN their evidence names each probe, the other tenants' sessions as one entry with their count", () => {
    const isolation = verification.controls.find((c) => c.control === 'ISOLATION');
    const shown = (kind: string) => isolation?.evidence.find((e) => e.kind === kind && e.stack === ACME)?.value as string[];
    // acme, umbrella, initech and globex: three other tenants, named in the review's stack list.
    for (const kind of ['tenant-session-only-bucket', 'tenant-session-only-key']) {
      expect(shown(kind).slice(0, 4)).toEqual([
        'own session',
        'sessions of the 3 other tenants of the assembly',
        'untagged session',
        'another role of the account tagged for the tenant',
      ]);
      expect(shown(kind).filter((name) => name.startsWith('session of tenant'))).toEqual([]);
    }
  });

  test('GIVEN the default config THEN the counts an auditor reads are the real ones', () => {
    const count = (control: string, kind: string) => verification.controls.find((c) => c.control === control)?.counts.find((k) => k.kind === kind);
    // The three platforms' load balancers and the public silo tenant's (umbrella).
    expect(count('WAF', 'waf-on-internet-facing-lb')).toMatchObject({ holding: 4, total: 4, subject: 'internet-facing load balancers' });
    expect(count('DDOS', 'shield-on-internet-facing-lb')).toMatchObject({ holding: 4, total: 4 });
    expect(count('DDOS', 'shield-health-based-detection')).toMatchObject({ holding: 4, total: 4 });
    expect(count('NET-ISOLATION', 'tenant-internet-gateway-for-ingress-only')).toMatchObject({ holding: 1, total: 1 });
    // 13 plans x 4 tiers: the bucket plan of each stack and the database plan of each platform stack and of each silo tenant.
    expect(count('BACKUP-TIERS', 'plan-tier')).toMatchObject({ holding: 52, total: 52 });
    // 13 backed-up stores x 4 tiers, each kept under a key separate from its data (the databases' as copies);
    // what stays under a data key is the 20 staging points and 5 automated backups the exception names.
    expect(count('KEY-SEPARATE', 'recovery-point-key')).toMatchObject({ holding: 52, total: 52 });
    expect(count('KEY-SEPARATE', 'staging-point-under-data-key')).toMatchObject({ holding: 0, total: 20 });
    expect(count('KEY-SEPARATE', 'automated-backups-under-data-key')).toMatchObject({ holding: 0, total: 5 });
    expect(count('DETECT-EVERY-ACCOUNT', 'account-region-detection')).toMatchObject({ holding: 12, total: 12 });
    // Every workload stack, the deployment account's three baselines included (the pipeline's own stacks: test/verify/pipeline-controls.test.ts).
    expect(count('AUDIT', 'account-trail')).toMatchObject({ holding: 12, total: 12 });
    // The three platforms', the enclave's and the two silo tenants'.
    expect(count('TLS-HOPS', 'target-group-encrypted')).toMatchObject({ holding: 6, total: 6 });
    expect(count('TLS-HOPS', 'database-refuses-plaintext')).toMatchObject({ holding: 5, total: 5 });
    expect(count('TLS-HOPS', 'bucket-denies-plaintext')).toMatchObject({ holding: 28, total: 28 });
    // 10 endpoints in each of 3 platform stacks, 8 in the enclave, 9 in each silo tenant (a pooled tenant has no VPC): all scoped to the account.
    expect(count('NET-ISOLATION', 'endpoint-policy-scoped')).toMatchObject({ holding: 56, total: 56 });
    // Each pooled tenant (acme, globex): its access role's trust, its data bucket and its data key, each probed with six or more sessions.
    expect(count('ISOLATION', 'tenant-session-only-bucket')).toMatchObject({ holding: 2, total: 2 });
    expect(count('ISOLATION', 'tenant-session-only-key')).toMatchObject({ holding: 2, total: 2 });
    expect(count('ISOLATION', 'tenant-role-session-tag')).toMatchObject({ holding: 2, total: 2 });
    expect(count('NET-ISOLATION', 'egress-rules-tls-named')).toMatchObject({ holding: 3, total: 3 });
    // The enclave's four egress rules (endpoint SG's deny-all marker, task SG to the VPC CIDR and to S3's prefix list, NLB to the tasks),
    // and each silo tenant's eight (the same four, and its database's and credential rotation's).
    expect(count('NET-ISOLATION', 'isolated-egress-not-world')).toMatchObject({ holding: 20, total: 20 });
  });

  test('GIVEN the default config THEN KEY-SEPARATE is partial: only the short-lived Aurora copies the exception names stay under a data key', () => {
    const keySeparate = verification.controls.find((c) => c.control === 'KEY-SEPARATE');
    expect(keySeparate?.verdict).toBe('partial');
    expect(keySeparate?.exceptions.filter((e) => e.basis === 'accepted').map((e) => e.id)).toEqual(['KEY-SEPARATE-AURORA-SHORT-LIVED-COPIES']);
    const excepted = (keySeparate?.evidence ?? []).filter((e) => e.outcome === 'excepted');
    expect([...new Set(excepted.map((e) => `${e.stack} ${e.resource}`))].sort()).toEqual(
      [US, DR, EU, UMBRELLA, INITECH].flatMap((stack) => [`${stack} DatabaseCluster`, `${stack} ${DB_PLAN}`]).sort(),
    );
    // The US databases' tiers are kept in both US regions' vaults; the EU database's only in the EU vault.
    const held = (stack: string) =>
      (keySeparate?.evidence ?? []).filter((e) => e.stack === stack && e.kind === 'recovery-point-key' && e.resource === DB_PLAN);
    expect(held(US).map((e) => e.value)).toContain(
      'DatabaseCluster monthly: DatabaseStagingVault 1 d under DataKey; BackupVault 365 d under BackupKey; prod-us-west-2/platform BackupVault 365 d under prod-us-west-2/platform BackupKey',
    );
    expect(held(EU).map((e) => e.value)).toContain(
      'DatabaseCluster monthly: DatabaseStagingVault 1 d under DataKey; BackupVault 365 d under BackupKey',
    );
  });

  test('GIVEN accepted exceptions THEN they are reported with their reasons, never as holding', () => {
    const erasure = verification.controls.find((c) => c.control === 'ERASURE');
    expect(erasure?.verdict).toBe('partial');
    // The record key stores made the shared-store and live-tenant exceptions unnecessary; only the PHI access logs remain accepted.
    expect(erasure?.exceptions.filter((e) => e.basis === 'accepted').map((e) => e.id)).toEqual(['ERASURE-PHI-ACCESS-LOGS']);
    expect(erasure?.evidence.filter((e) => e.outcome === 'excepted').length).toBeGreaterThan(0);
  });

  test('GIVEN the default config THEN every backup tier beyond the deadline holds through its stack record key store, and no key store copy outlives it', () => {
    const erasure = verification.controls.find((c) => c.control === 'ERASURE');
    const long = (erasure?.evidence ?? []).filter((e) => e.kind === 'tier-within-deadline' && typeof e.value === 'object');
    // The monthly tier of 13 plans: 3 platform stacks x 2 (bucket, database), the enclave, 4 tenants' bucket plans and the 2 silo
    // tenants' database plans.
    expect(long.map((e) => [e.outcome, e.value])).toEqual(
      long.map(() => ['holds', { keptDays: 365, recordKeyStore: 'RecordKeysTable', deletedKeyRestorableDays: 7 }]),
    );
    expect(long).toHaveLength(13);
    const count = (kind: string) => erasure?.counts.find((k) => k.kind === kind);
    for (const kind of [
      'record-key-store-recovery-within-deadline',
      'record-key-store-in-no-backup-selection',
      'record-key-store-no-lasting-copies',
    ]) {
      // 3 platform stacks, the enclave and 4 tenants.
      expect(count(kind)).toMatchObject({ holding: 8, total: 8 });
    }
  });

  test.each(CASES)('GIVEN %s (%s) THEN %s is %s naming %s', (...weakening) => expectWeakeningFails(assembly, weakening));

  test('GIVEN the EU platform stack moved to a US region in its manifest THEN RESIDENCY-EU is contradicted by its stack-region evidence', () => {
    const moved = { ...assembly, stacks: assembly.stacks.map((s) => (s.id === EU ? { ...s, region: 'us-east-1' } : s)) };
    const result = verifyAssembly(moved);
    const residency = result.controls.find((c) => c.control === 'RESIDENCY-EU');
    expect(residency?.verdict).toBe('contradicted');
    expect(residency?.evidence.filter((e) => e.kind === 'stack-region' && e.outcome === 'contradicted').map((e) => [e.stack, e.value])).toEqual([
      [EU, 'us-east-1'],
    ]);
    expect(result.ok).toBe(false);
  });

  test('GIVEN a stack without its self-description THEN it is reported unknown and the run fails', () => {
    const result = verifyAssembly(weakened(assembly, ACME, (t) => delete (t.Metadata as Record<string, Json>).Rampart));
    expect(result.unknownStacks).toEqual([ACME]);
    expect(result.ok).toBe(false);
  });
});
