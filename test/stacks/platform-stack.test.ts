import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildApp } from '../../lib/app/build-app';
import { PlatformStack } from '../../lib/stacks/platform-stack';
import { loadConfig } from '../../lib/config/loader';
import { s3PrefixListOf } from '../../lib/config/s3-prefix-lists';
import { normalizeAssetHashes } from '../helpers';

/**
 * Every stack of the default config: a snapshot (read the diff when it changes) paired with the
 * explicit assertions that matter to a reviewer, so a snapshot update cannot silently weaken them.
 */
describe('platform stacks of the default config', () => {
  const config = loadConfig();
  const app = buildApp(config, { outdir: mkdtempSync(join(tmpdir(), 'rampart-')), builtinCloudFormationValidation: false });
  const stacks = app.node.findAll().filter((c): c is PlatformStack => c instanceof PlatformStack);
  // One synthesis for the whole suite; the nag packs run in it and throw on any finding.
  app.synth();

  test('GIVEN the default config THEN each account holds one multi-region trail, in its primary region (US primary, EU)', () => {
    const trails = stacks.map((s) => Template.fromStack(s).findResources('AWS::CloudTrail::Trail'));
    expect(trails.map((t) => Object.values(t).map((r) => r.Properties.IsMultiRegionTrail))).toEqual([[true], [], [true]]);
  });

  test('GIVEN the default config THEN there is a platform stack per US region in the platform account, and one in the EU account and residency region', () => {
    expect(stacks.map((s) => [s.node.path, s.stackName, s.account, s.region])).toEqual([
      ['prod-us-east-1/platform', 'example-saas-prod-us-east-1-platform', '111111111111', 'us-east-1'],
      ['prod-us-west-2/platform', 'example-saas-prod-us-west-2-platform', '111111111111', 'us-west-2'],
      ['prod-eu-west-1/platform', 'example-saas-prod-eu-west-1-platform', '333333333333', 'eu-west-1'],
    ]);
    for (const stack of stacks) expect(stack.terminationProtection).toBe(true);
  });

  describe.each(stacks.map((s) => [s.node.path, s] as const))('%s', (_path, stack) => {
    const template = Template.fromStack(stack);
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;

    const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

    test('THEN its keys (data, backup, logs, alerts) rotate yearly and are retained', () => {
      template.resourceCountIs('AWS::KMS::Key', 4);
      template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365 });
      for (const id of ['DataKey', 'BackupKey', 'LogsKey']) expect(resources[id].DeletionPolicy).toBe('Retain');
    });

    test('THEN its log archive is named deterministically, KMS-encrypted with the logs key and locked', () => {
      const archive = resources.LogArchiveBucket.Properties;
      expect(archive.BucketName).toBe(`example-saas-prod-${stack.account}-${stack.region}-logs`);
      expect(archive.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({
        'Fn::GetAtt': ['LogsKey', 'Arn'],
      });
      expect(archive.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 365 });
    });

    test('THEN every stateful resource is retained', () => {
      const statefulTypes = [
        'AWS::KMS::Key',
        'AWS::S3::Bucket',
        'AWS::RDS::DBCluster',
        'AWS::Backup::BackupVault',
        'AWS::ECR::Repository',
        'AWS::Logs::LogGroup',
        'AWS::SecretsManager::Secret',
      ];
      const stateful = Object.values(resources).filter((r) => statefulTypes.includes(r.Type));
      expect(stateful.length).toBeGreaterThanOrEqual(15);
      for (const r of stateful) expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      for (const id of ['LogArchiveBucket', 'Data', 'DatabaseCluster', 'DatabaseSecret', 'BackupVault', 'Images'])
        expect(resources[id]).toBeDefined();
    });

    test('THEN the VPC spans 3 AZs and no subnet assigns public IPs', () => {
      const subnets = ofType('AWS::EC2::Subnet').map(([, r]) => r.Properties);
      expect(new Set(subnets.map((p) => JSON.stringify(p.AvailabilityZone))).size).toBe(3);
      for (const p of subnets) expect(p.MapPublicIpOnLaunch).toBe(false);
      template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
      template.resourceCountIs('AWS::NetworkFirewall::Firewall', 3);
      template.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' });
    });

    test('THEN HTTPS uses a TLS 1.3 policy and HTTP only redirects', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
      });
    });

    test("THEN the ALB re-encrypts to the service: an HTTPS target group on 8443, health-checked over HTTPS, reachable only from the ALB's SG (TLS-HOPS)", () => {
      const groups = ofType('AWS::ElasticLoadBalancingV2::TargetGroup').map(([, r]) => r.Properties);
      expect(groups).toHaveLength(1);
      expect(groups[0]).toMatchObject({ Protocol: 'HTTPS', Port: 8443, TargetType: 'ip', HealthCheckProtocol: 'HTTPS', HealthCheckPath: '/' });
      const ingress = ofType('AWS::EC2::SecurityGroupIngress')
        .map(([, r]) => r.Properties)
        .filter((p) => JSON.stringify(p.GroupId).includes('ServiceSecurityGroup'));
      expect(ingress).toEqual([
        expect.objectContaining({
          FromPort: 8443,
          ToPort: 8443,
          SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^IngressSecurityGroup/), 'GroupId'] },
        }),
      ]);
    });

    test("THEN the service runs the image of the stack's own scan-on-push, immutable repository at platform.container.imageTag, as uid 101 on a read-only root fs (IMAGE-PROVENANCE, VULN-SCAN)", () => {
      expect(resources.Images.Properties).toMatchObject({
        RepositoryName: 'example-saas-prod/service',
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
      });
      const [container] = ofType('AWS::ECS::TaskDefinition')[0][1].Properties.ContainerDefinitions;
      const image = JSON.stringify(container.Image);
      expect(image).toContain('{"Ref":"Images"}');
      expect(image).toContain(`:${config.platform.container.imageTag}"`);
      expect(image).not.toMatch(/public\.ecr\.aws|docker\.io|nginx/);
      expect(container).toMatchObject({ User: '101', ReadonlyRootFilesystem: true, PortMappings: [{ ContainerPort: 8443, Protocol: 'tcp' }] });
    });

    test('THEN the image pull stays inside the VPC: private-DNS interface endpoints for ecr.api, ecr.dkr and logs, and the S3 gateway endpoint on the task subnets', () => {
      const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties);
      const named = (service: string) => endpoints.filter((e) => JSON.stringify(e.ServiceName).includes(`.${service}"`));
      for (const service of ['ecr.api', 'ecr.dkr', 'logs']) {
        expect(named(service)).toEqual([expect.objectContaining({ VpcEndpointType: 'Interface', PrivateDnsEnabled: true })]);
      }
      const [s3] = named('s3');
      expect(s3.VpcEndpointType).toBe('Gateway');
      const privateRouteTables = ofType('AWS::EC2::RouteTable')
        .map(([id]) => id)
        .filter((id) => /PrivateSubnet\d/.test(id));
      expect(privateRouteTables).toHaveLength(3);
      for (const id of privateRouteTables) expect(s3.RouteTableIds).toContainEqual({ Ref: id });
    });

    test('THEN the firewall allowlist passes only TLS (SNI), to the configured names, none of them an AWS wildcard', () => {
      const [[, group]] = ofType('AWS::NetworkFirewall::RuleGroup');
      expect(group.Properties.RuleGroup.RulesSource.RulesSourceList).toEqual({
        GeneratedRulesType: 'ALLOWLIST',
        TargetTypes: ['TLS_SNI'],
        Targets: config.platform.egressAllowlist,
      });
      expect(config.platform.egressAllowlist).toEqual(['.example-saas.com']);
    });

    test("THEN every VPC endpoint has a policy admitting only the platform account's principals (S3: its buckets, plus ECR's layer reads and CloudFormation's responses)", () => {
      const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties);
      expect(endpoints).toHaveLength(10);
      const account = stack.account;
      for (const e of endpoints) {
        const statements = e.PolicyDocument.Statement.filter((st: any) => st.Sid !== 'EcrImageLayers' && st.Sid !== 'CloudFormationResponses');
        expect(statements.length).toBeGreaterThan(0);
        for (const st of statements) expect(st.Condition.StringEquals['aws:PrincipalAccount']).toBe(account);
      }
      const s3 = endpoints.find((e) => JSON.stringify(e.ServiceName).includes('.s3'))!;
      expect(s3.PolicyDocument.Statement[0].Condition.StringEquals['aws:ResourceAccount']).toBe(account);
      // The tenant schema provisioner's answer to CloudFormation: a put into the region's response bucket, nothing else.
      expect(s3.PolicyDocument.Statement.find((st: any) => st.Sid === 'CloudFormationResponses')).toEqual({
        Sid: 'CloudFormationResponses',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::cloudformation-custom-resource-response-${stack.region.replace(/-/g, '')}/*`]],
        },
      });
    });

    test('THEN the tenant schema provisioner runs in the workload subnets with egress only to the cluster, the endpoints and S3, and reads only the master secret', () => {
      const [[, fn]] = ofType('AWS::Lambda::Function').filter(([id]) => id === 'TenantSchemasFunction');
      expect(fn.Properties.FunctionName).toBe(`example-saas-prod-${stack.region}-tenant-schemas`);
      expect(fn.Properties.ReservedConcurrentExecutions).toBe(2);
      expect(fn.Properties.Environment.Variables.NODE_EXTRA_CA_CERTS).toBe('/var/runtime/ca-cert.pem');
      expect(fn.Properties.VpcConfig.SubnetIds).toHaveLength(stack.availabilityZones.length);
      const egress = ofType('AWS::EC2::SecurityGroupEgress')
        .map(([, r]) => r.Properties)
        .filter((r) => JSON.stringify(r.GroupId).includes('TenantSchemasSecurityGroup'))
        .map((r) => `${r.IpProtocol} ${r.FromPort} ${JSON.stringify(r.DestinationSecurityGroupId ?? r.DestinationPrefixListId ?? r.CidrIp)}`);
      expect(egress.sort()).toEqual(
        [
          `tcp 5432 {"Fn::GetAtt":["DatabaseSecurityGroup5C91FDCB","GroupId"]}`,
          `tcp 443 {"Fn::GetAtt":["NetworkEndpointSecurityGroup6DEF6240","GroupId"]}`,
          `tcp 443 "${s3PrefixListOf(stack.region, config.s3PrefixLists)}"`,
        ].sort(),
      );
      const [[, policy]] = ofType('AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('TenantSchemasPolicy'));
      const secretsRead = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'ReadMasterSecret');
      expect(secretsRead.Resource).toEqual({ Ref: 'DatabaseClusterSecretAttachmentDC8466C0' }); // the master secret's ARN, attached to the cluster
    });

    test('THEN the public load balancer has a WAF (logging with redaction) and a Shield protection', () => {
      template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
      template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
      });
      template.resourceCountIs('AWS::Shield::Protection', 1);
      template.resourceCountIs('AWS::Shield::ProtectionGroup', 1);
    });

    test('THEN the backup plan has exactly the four tiers, copies only from one US region to the other, and the vault uses the backup key', () => {
      const [[, plan]] = ofType('AWS::Backup::BackupPlan');
      const rules = plan.Properties.BackupPlan.BackupPlanRule as {
        RuleName: string;
        Lifecycle: { DeleteAfterDays: number };
        CopyActions: { DestinationBackupVaultArn: string }[];
      }[];
      expect(rules.map((r) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual([
        ['hourly', 2],
        ['daily', 7],
        ['weekly', 28],
        ['monthly', 365],
      ]);
      const peer = { 'us-east-1': 'us-west-2', 'us-west-2': 'us-east-1' }[stack.region];
      if (peer === undefined) {
        for (const r of rules) expect(r.CopyActions).toBeUndefined(); // RESIDENCY-EU: nothing leaves the region
      } else {
        for (const r of rules)
          expect(r.CopyActions[0].DestinationBackupVaultArn).toBe(`arn:aws:backup:${peer}:111111111111:backup-vault:example-saas-prod-vault`);
      }
      expect(resources.BackupVault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': ['BackupKey', 'Arn'] });
    });

    test('THEN the database is encrypted with the data key, IAM-authenticated and deletion-protected', () => {
      expect(resources.DatabaseCluster.Properties).toMatchObject({
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: true,
      });
    });

    test('THEN its VPC and certificate are the ones configured for its residency', () => {
      const eu = stack.region === 'eu-west-1';
      expect(ofType('AWS::EC2::VPC')[0][1].Properties.CidrBlock).toBe(eu ? '10.2.0.0/16' : '10.0.0.0/16');
      template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: eu ? 'eu.app.example-saas.com' : 'app.example-saas.com' });
    });

    test("THEN the account trail (primary region) records S3 data events on every bucket but the log buckets, tenants' included", () => {
      const trails = ofType('AWS::CloudTrail::Trail');
      if (trails.length === 0) return expect(stack.region).toBe('us-west-2');
      const selectors = trails[0][1].Properties.AdvancedEventSelectors as {
        FieldSelectors: { Field: string; Equals?: string[]; NotStartsWith?: unknown[] }[];
      }[];
      expect(selectors.map((s) => s.FieldSelectors.find((f) => f.Field === 'eventCategory')!.Equals)).toEqual([['Management'], ['Data']]);
      const excluded = JSON.stringify(selectors[1].FieldSelectors.find((f) => f.Field === 'resources.ARN')!.NotStartsWith);
      expect(excluded).toContain('LogArchiveBucket');
      expect(excluded).toContain('LogArchiveAccessLogs');
      expect(excluded).not.toMatch(/"Data"|-data/);
      if (stack.region === 'us-east-1') expect(excluded).toContain('arn:aws:s3:::example-saas-prod-111111111111-us-west-2-access-logs/');
    });

    test('THEN no key is multi-region and nothing is cached at the edge', () => {
      for (const [, key] of ofType('AWS::KMS::Key')) expect(key.Properties.MultiRegion).toBeUndefined();
      expect(Object.values(resources).filter((r) => r.Type.startsWith('AWS::CloudFront::'))).toEqual([]);
    });

    test('THEN the template matches the reviewed snapshot', () => {
      expect(normalizeAssetHashes(template.toJSON())).toMatchSnapshot();
    });
  });
});
