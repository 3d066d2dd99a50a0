import { App, Aspects } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RAMPART_CONTEXT } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { EnclaveGuard } from '../../lib/guards/enclave-guard';
import { BackupFourTiers } from '../../lib/nag/rules/BackupFourTiers';
import { EnclaveStack } from '../../lib/stacks/enclave-stack';
import { NagRuleCompliance } from 'cdk-nag';
import { acknowledgmentsUnder, awsOf, awsPlanOf, normalizeAssetHashes, unacknowledgedFindings } from '../helpers';

type Resource = { Type: string; Properties: any; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/**
 * The HIPAA enclave of the default config: a snapshot (read the diff when it changes) paired with
 * the explicit assertions an auditor relies on, so a snapshot update cannot silently weaken them.
 */
describe('EnclaveStack of the default config', () => {
  const config = awsOf(loadConfig());
  const app = new App({ context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: false });
  const stack = new EnclaveStack(app, awsPlanOf(config, 'aws-enclave', '/enclave'));
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const hipaaAccount = config.accounts.hipaa;

  test('THEN it lives in the HIPAA account and region, with termination protection', () => {
    expect([stack.account, stack.region, stack.terminationProtection]).toEqual([hipaaAccount, config.hipaa.region, true]);
    expect(hipaaAccount).not.toBe(config.accounts.platform);
  });

  test('THEN there is no internet gateway, NAT gateway, EIP, public subnet, public route or CloudFront', () => {
    for (const type of [
      'AWS::EC2::InternetGateway',
      'AWS::EC2::VPCGatewayAttachment',
      'AWS::EC2::NatGateway',
      'AWS::EC2::EIP',
      'AWS::EC2::Route',
      'AWS::CloudFront::Distribution',
    ]) {
      expect(ofType(type)).toEqual([]);
    }
    const subnets = ofType('AWS::EC2::Subnet');
    expect(subnets).toHaveLength(6);
    for (const [id, s] of subnets) {
      expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
      expect(id).toMatch(/^NetworkVpc(Private|Data)Subnet\d/);
    }
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  test('THEN every VPC endpoint (gateway and interface) has a policy admitting only principals of the enclave account', () => {
    const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties);
    expect(endpoints.filter((e) => e.VpcEndpointType === 'Gateway')).toHaveLength(2);
    const names = endpoints.map((e) => JSON.stringify(e.ServiceName)).join();
    for (const service of ['kms', 'ecr.api', 'ecr.dkr', 'logs', 'monitoring', 'sts']) expect(names).toContain(`.${service}`);
    for (const e of endpoints) {
      expect(e.PolicyDocument.Statement.length).toBeGreaterThan(0);
      // ECR's layer reads come through presigned URLs signed by ECR's own principal: no account condition there.
      for (const st of e.PolicyDocument.Statement.filter((s: any) => s.Sid !== 'EcrImageLayers')) {
        expect(st.Condition.StringEquals['aws:PrincipalAccount']).toBe(hipaaAccount);
      }
    }
    const s3 = endpoints.find((e) => JSON.stringify(e.ServiceName).includes('.s3'))!;
    expect(s3.PolicyDocument.Statement[0].Condition.StringEquals['aws:ResourceAccount']).toBe(hipaaAccount);
    expect(s3.PolicyDocument.Statement[1]).toMatchObject({ Sid: 'EcrImageLayers', Action: 's3:GetObject' });
  });

  test('THEN the only load balancer is internal, cross-zone, TLS 1.3 and exposed through an endpoint service that requires acceptance', () => {
    const lbs = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').map(([, r]) => r.Properties);
    expect(lbs).toHaveLength(1);
    expect(lbs[0]).toMatchObject({ Type: 'network', Scheme: 'internal' });
    expect(lbs[0].LoadBalancerAttributes).toEqual(
      expect.arrayContaining([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'load_balancing.cross_zone.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    );
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'TLS',
      Port: 443,
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: `phi.${config.platform.domain}`, ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::EC2::VPCEndpointService', { AcceptanceRequired: true });
    const [[, permissions]] = ofType('AWS::EC2::VPCEndpointServicePermissions');
    expect(permissions.Properties.AllowedPrincipals).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${config.accounts.platform}:root`]] },
    ]);
  });

  test('THEN the NLB reaches the service over TLS on 8443 and health-checks it over HTTPS: PHI is encrypted on every hop (TLS-HOPS)', () => {
    const groups = ofType('AWS::ElasticLoadBalancingV2::TargetGroup').map(([, r]) => r.Properties);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ Protocol: 'TLS', Port: 8443, TargetType: 'ip', HealthCheckProtocol: 'HTTPS', HealthCheckPath: '/' });
    const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    expect(ingress).toEqual([
      expect.objectContaining({
        FromPort: 8443,
        ToPort: 8443,
        GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^ServiceSecurityGroup/), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^IngressSecurityGroup/), 'GroupId'] },
      }),
    ]);
  });

  test('THEN the service runs from the enclave ECR repository at the configured tag, as uid 101 on a read-only root fs, sending HTTPS only to the VPC endpoints and the S3 prefix list', () => {
    const [container] = ofType('AWS::ECS::TaskDefinition')[0][1].Properties.ContainerDefinitions;
    expect(JSON.stringify(container.Image)).toContain(':1.0.0');
    expect(JSON.stringify(container.Image)).toContain('{"Ref":"Images"}');
    expect(resources.Images.Properties).toMatchObject({
      RepositoryName: 'example-saas-prod/hipaa-service',
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
    });
    expect(container).toMatchObject({ User: '101', ReadonlyRootFilesystem: true, PortMappings: [{ ContainerPort: 8443, Protocol: 'tcp' }] });
    const [[taskSgId, taskSg]] = ofType('AWS::EC2::SecurityGroup').filter(([id]) => id.startsWith('ServiceSecurityGroup'));
    // HTTPS only: to the interface endpoints (the VPC CIDR), and to S3 by its managed prefix list of
    // us-east-1 (image layers, through the S3 gateway endpoint); never to 0.0.0.0/0.
    expect(taskSg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '10.1.0.0/16', FromPort: 443, ToPort: 443 })]);
    const standalone = ofType('AWS::EC2::SecurityGroupEgress')
      .map(([, r]) => r.Properties)
      .filter((r) => r.GroupId['Fn::GetAtt'][0] === taskSgId);
    expect(standalone).toEqual([expect.objectContaining({ DestinationPrefixListId: 'pl-63a5400a', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })]);
    expect(ofType('AWS::ECS::Service')[0][1].Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
  });

  test('THEN its own keys (PHI data, backup, logs, alerts) rotate yearly and are retained', () => {
    template.resourceCountIs('AWS::KMS::Key', 4);
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365 });
    for (const [, key] of ofType('AWS::KMS::Key')) expect(key).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const aliases = ofType('AWS::KMS::Alias')
      .map(([, a]) => a.Properties.AliasName)
      .sort();
    expect(aliases).toEqual([
      'alias/example-saas/prod/hipaa/alerts',
      'alias/example-saas/prod/hipaa/backup',
      'alias/example-saas/prod/hipaa/data',
      'alias/example-saas/prod/hipaa/logs',
    ]);
  });

  test('THEN the PHI bucket is KMS (PHI data key), versioned, Object-Locked, TLS-only, access-logged and retained', () => {
    const phi = resources.Phi;
    expect(phi).toMatchObject({ Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(phi.Properties.BucketName).toBe(`example-saas-prod-${hipaaAccount}-us-east-1-phi`);
    expect(phi.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
    });
    expect(phi.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(phi.Properties.ObjectLockEnabled).toBe(true);
    expect(phi.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 30 });
    expect(phi.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: 'LogArchiveAccessLogs' },
      LogFilePrefix: `example-saas-prod-${hipaaAccount}-us-east-1-phi/`,
    });
    expect(phi.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: 'Phi' }))![1];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  test("THEN the trail records S3 data events on every bucket but the log destinations (the PHI bucket and HIPAA tenants' buckets included) into the enclave archive", () => {
    const [[, trail]] = ofType('AWS::CloudTrail::Trail');
    expect(trail.Properties).toMatchObject({
      S3BucketName: { Ref: 'LogArchiveBucket' },
      EnableLogFileValidation: true,
      IsMultiRegionTrail: true,
      KMSKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
    });
    const dataSelector = trail.Properties.AdvancedEventSelectors.find((s: any) =>
      s.FieldSelectors.some((f: any) => f.Field === 'eventCategory' && f.Equals[0] === 'Data'),
    );
    expect(dataSelector.FieldSelectors).toContainEqual({ Field: 'resources.type', Equals: ['AWS::S3::Object'] });
    const excluded = JSON.stringify(dataSelector.FieldSelectors.find((f: any) => f.Field === 'resources.ARN').NotStartsWith);
    expect(excluded).toContain('LogArchiveBucket');
    expect(excluded).toContain('LogArchiveAccessLogs');
    expect(excluded).not.toContain('"Phi"');
  });

  test('THEN the enclave archive is locked in COMPLIANCE mode for at least six years (2192 days) and kept as long', () => {
    const archive = resources.LogArchiveBucket.Properties;
    expect(archive.BucketName).toBe(`example-saas-prod-${hipaaAccount}-us-east-1-hipaa-logs`);
    expect(archive.ObjectLockConfiguration.Rule.DefaultRetention.Mode).toBe('COMPLIANCE');
    expect(archive.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBeGreaterThanOrEqual(2192);
    const expiry = archive.LifecycleConfiguration.Rules.find((r: any) => r.Id === 'archive-then-expire');
    expect(expiry.ExpirationInDays).toBeGreaterThanOrEqual(2192);
    expect(resources.LogArchiveAccessLogs.Properties.BucketName).toBe(`example-saas-prod-${hipaaAccount}-us-east-1-hipaa-access-logs`);
  });

  test('THEN backups run exactly four tiers (2/7/28/365 days) with no copy out of the enclave, into a compliance-locked vault under the backup key', () => {
    const [[, plan]] = ofType('AWS::Backup::BackupPlan');
    const rules = plan.Properties.BackupPlan.BackupPlanRule;
    expect(rules.map((r: any) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual([
      ['hourly', 2],
      ['daily', 7],
      ['weekly', 28],
      ['monthly', 365],
    ]);
    for (const r of rules) expect(r.CopyActions).toBeUndefined();
    const [[, vault]] = ofType('AWS::Backup::BackupVault');
    expect(vault.Properties).toMatchObject({
      EncryptionKeyArn: { 'Fn::GetAtt': ['BackupKey', 'Arn'] },
      LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 365, ChangeableForDays: 3 },
    });
    expect(vault).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const [[, selection]] = ofType('AWS::Backup::BackupSelection');
    expect(selection.Properties.BackupSelection.Resources).toEqual([{ 'Fn::GetAtt': ['Phi', 'Arn'] }]);
    expect(BackupFourTiers.check(stack.node.findChild('BackupPlan').node.findChild('Plan').node.defaultChild as any)).toBe(
      NagRuleCompliance.COMPLIANT,
    );
  });

  test('THEN GuardDuty, Security Hub, AWS Config and alerting to the alert address are on', () => {
    template.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true });
    template.resourceCountIs('AWS::SecurityHub::Hub', 1);
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: config.platform.alertEmail });
  });

  test('THEN every stateful resource is retained', () => {
    const statefulTypes = [
      'AWS::KMS::Key',
      'AWS::S3::Bucket',
      'AWS::Backup::BackupVault',
      'AWS::ECR::Repository',
      'AWS::Logs::LogGroup',
      'AWS::CloudTrail::Trail',
      'AWS::DynamoDB::GlobalTable',
    ];
    const stateful = Object.values(resources).filter((r) => statefulTypes.includes(r.Type));
    // Log groups: flow logs, the service, the trail and the default-security-group function; the record key store.
    expect(stateful).toHaveLength(4 + 3 + 1 + 1 + 4 + 1 + 1);
    for (const r of stateful) expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('THEN no pack has an unacknowledged finding', () => {
    expect(unacknowledgedFindings(stack)).toEqual([]);
  });

  test("THEN HIPAA.Security acknowledgments are only the reused buckets' replication and the access-log bucket's SSE-S3, each with a reason", () => {
    const hipaa = acknowledgmentsUnder(stack).filter((a) => a.id.startsWith('HIPAA.Security::'));
    expect(hipaa.map((a) => `${a.path.replace('enclave/', '')} ${a.id.split('::')[1]}`).sort()).toEqual([
      'LogArchive/LogArchiveAccessLogs/Bucket/Resource HIPAA.Security-S3BucketReplicationEnabled',
      'LogArchive/LogArchiveAccessLogs/Bucket/Resource HIPAA.Security-S3DefaultEncryptionKMS',
      'LogArchive/LogArchiveBucket/Bucket/Resource HIPAA.Security-S3BucketReplicationEnabled',
      'Phi/Phi/Bucket/Resource HIPAA.Security-S3BucketReplicationEnabled',
    ]);
    for (const a of hipaa) expect(a.reason.length).toBeGreaterThanOrEqual(40);
    // 20, and the break-glass role's AdministratorAccess (AwsSolutions-IAM4; capped by the HIPAA boundary)
    expect(acknowledgmentsUnder(stack).filter((a) => !a.id.startsWith('CloudFormation-Validate::'))).toHaveLength(21);
  });

  test("THEN the resource count stays far below CloudFormation's 500 (98, 30 activity filters and alarms, 3 for Access Analyzer, 5 for Inspector, 7 for MFA evidence and break-glass, 9 for the page and digest topics and the medium rules, 5 for Macie)", () => {
    expect(Object.keys(resources)).toHaveLength(157);
  });

  test('THEN the template matches the reviewed snapshot', () => {
    expect(normalizeAssetHashes(template.toJSON())).toMatchSnapshot();
  });

  test('GIVEN hipaa consumers WHEN built THEN exactly those accounts may connect, and the EnclaveGuard finds nothing public', () => {
    const withConsumers = { ...config, hipaa: { ...config.hipaa, consumers: ['444444444444', '555555555555'] } };
    const otherApp = new App({ context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: false });
    const other = new EnclaveStack(otherApp, awsPlanOf(withConsumers, 'aws-enclave', '/enclave'));
    // The HIPAA guard (no public-facing resource of any kind) holds too: synth would throw otherwise.
    Aspects.of(other).add(new EnclaveGuard());
    expect(() => otherApp.synth()).not.toThrow();
    const principals = Template.fromStack(other).findResources('AWS::EC2::VPCEndpointServicePermissions');
    const json = JSON.stringify(principals);
    expect(json).toContain(':iam::444444444444:root');
    expect(json).toContain(':iam::555555555555:root');
    expect(json).not.toContain(`:iam::${config.accounts.platform}:root`);
  });
});
