import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { buildApp, RAMPART_CONTEXT } from '../../lib/app/build-app';
import { tenantResourceNames } from '../../lib/plan/naming';
import { overlaps as blocksOverlap, parseBlock } from '../../lib/config/cidr';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config/loader';
import { tenantPlacement } from '../../lib/config/placement';
import { allocateTenantCidrs } from '../../lib/config/tenant-network';
import { isolationOf } from '../../lib/config/plans';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { MAX_RESOURCES_PER_STACK } from '../../lib/report/print-summary';
import { awsOf, awsPlanOf, normalizeAssetHashes } from '../helpers';

const overlaps = (a: string, b: string) => blocksOverlap(parseBlock(a)!, parseBlock(b)!);

type Resources = Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;

/**
 * The default config's tenants (acme: starter/us, pooled; globex: pro/eu, pooled; umbrella: enterprise/us, silo; initech: enterprise/us, silo, BYOK,
 * HIPAA, own account), synthesized once inside the whole app so that every validator and guard runs
 * over them; snapshots paired with explicit assertions on isolation, keys, retention and backups.
 */
describe('tenant stacks of the default config', () => {
  const config = loadConfig();
  const app = buildApp(config, { outdir: mkdtempSync(join(tmpdir(), 'rampart-')), builtinCloudFormationValidation: false });
  app.synth(); // the packs and guards throw on any finding
  const found = app.node.findAll().filter((c): c is TenantStack => c instanceof TenantStack);
  // In config order (the assembly groups stacks by stage).
  const tenantStacks = config.tenants.map((t) => found.find((s) => s.node.id === `tenant-${t.id}`)!);
  const byId = (id: string) => tenantStacks.find((s) => s.node.id === `tenant-${id}`)!;
  const resourcesOf = (stack: Stack) => Template.fromStack(stack).toJSON().Resources as Resources;
  const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('GIVEN the default config THEN each tenant has its own stack in its residency region and account, named after it', () => {
    expect(tenantStacks.map((s) => [s.node.path, s.stackName, s.account, s.region])).toEqual([
      ['prod-us-east-1/tenant-acme', 'example-saas-prod-us-east-1-tenant-acme', '111111111111', 'us-east-1'],
      ['prod-eu-west-1/tenant-globex', 'example-saas-prod-eu-west-1-tenant-globex', '333333333333', 'eu-west-1'],
      ['prod-us-east-1/tenant-umbrella', 'example-saas-prod-us-east-1-tenant-umbrella', '111111111111', 'us-east-1'],
      ['prod-us-east-1/tenant-initech', 'example-saas-prod-us-east-1-tenant-initech', '444444444444', 'us-east-1'],
    ]);
    for (const stack of tenantStacks) expect(stack.terminationProtection).toBe(true);
  });

  test('THEN `cdk deploy *<id>*` selects exactly one stack per tenant', () => {
    const paths = app.node
      .findAll()
      .filter(Stack.isStack)
      .map((s) => s.node.path);
    for (const tenant of config.tenants) expect(paths.filter((p) => p.includes(tenant.id))).toEqual([byId(tenant.id).node.path]);
  });

  const silos = config.tenants.filter((t) => isolationOf(t) === 'silo');
  test('THEN pooled tenants (starter, pro) have no VPC and silo tenants (enterprise) one each', () => {
    expect(config.tenants.map((t) => [t.id, isolationOf(t), ofType(resourcesOf(byId(t.id)), 'AWS::EC2::VPC').length])).toEqual([
      ['acme', 'pool', 0],
      ['globex', 'pool', 0],
      ['umbrella', 'silo', 1],
      ['initech', 'silo', 1],
    ]);
  });

  test('THEN silo tenant VPCs are the allocated CIDRs and overlap neither each other nor any platform VPC', () => {
    const allocated = allocateTenantCidrs(config);
    const cidrs = silos.map((t) => ofType(resourcesOf(byId(t.id)), 'AWS::EC2::VPC')[0][1].Properties.CidrBlock as string);
    expect(cidrs).toEqual(silos.map((t) => allocated.get(t.id)));
    const all = [...cidrs, config.platform.vpcCidr, config.hipaa.vpcCidr, config.residency.eu.vpcCidr];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect([all[i], all[j], overlaps(all[i], all[j])]).toEqual([all[i], all[j], false]);
  });

  describe.each(['acme', 'globex', 'umbrella', 'initech'])('tenant %s', (id) => {
    const tenant = config.tenants.find((t) => t.id === id)!;
    const stack = byId(id);
    const resources = resourcesOf(stack);
    const names = tenantResourceNames(config, id, tenantPlacement(awsOf(config), tenant).account);
    const retention = { acme: 30, globex: 365, umbrella: 730, initech: 2555 }[id]!;
    const pooled = isolationOf(tenant) === 'pool';

    test('THEN the template matches the reviewed snapshot', () => {
      expect(normalizeAssetHashes(resources)).toMatchSnapshot();
    });

    test('THEN it has its own data, backup and logs keys, retained, with the configured deletion window', () => {
      const keys = Object.fromEntries(ofType(resources, 'AWS::KMS::Key').map(([logicalId, r]) => [logicalId, r]));
      for (const keyId of ['DataKey', 'BackupKey', 'LogsKey']) {
        expect(keys[keyId]).toMatchObject({
          DeletionPolicy: 'Retain',
          Properties: { PendingWindowInDays: config.tenancy.offboarding.keyDeletionWindowDays },
        });
      }
      const aliases = ofType(resources, 'AWS::KMS::Alias').map(([, r]) => r.Properties.AliasName);
      expect(aliases).toEqual(expect.arrayContaining([names.dataKeyAlias, names.backupKeyAlias, names.logsKeyAlias]));
      for (const keyId of ['BackupKey', 'LogsKey'])
        expect(keys[keyId].Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365 });
      if (tenant.byok) {
        expect(keys.DataKey.Properties).toMatchObject({ Origin: 'EXTERNAL', EnableKeyRotation: false });
        expect(ofType(resources, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.MetricName)).toEqual(['SecondsUntilKeyMaterialExpiration']);
      } else {
        expect(keys.DataKey.Properties.Origin).toBeUndefined();
        expect(keys.DataKey.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365 });
      }
    });

    test('THEN its data bucket is under its data key and expires with its plan; access logs and flow logs are kept as long', () => {
      const data = resources.Data.Properties;
      expect(data.BucketName).toBe(names.dataBucketName);
      expect(data.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({
        'Fn::GetAtt': ['DataKey', 'Arn'],
      });
      expect(data.LifecycleConfiguration.Rules).toEqual(
        expect.arrayContaining([expect.objectContaining({ Id: 'retention-expiry', ExpirationInDays: retention, Status: 'Enabled' })]),
      );
      const logs = resources.AccessLogs.Properties;
      expect(logs.BucketName).toBe(names.logsBucketName);
      expect(logs.LifecycleConfiguration.Rules).toEqual(
        expect.arrayContaining([expect.objectContaining({ Id: 'plan-retention', ExpirationInDays: retention })]),
      );
      if (!pooled) {
        expect(resources.NetworkFlowLogs.Properties.RetentionInDays).toBeGreaterThanOrEqual(retention);
        expect(resources.NetworkFlowLogs.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': ['LogsKey', 'Arn'] });
      }
    });

    test('THEN its own compliance-locked vault under its backup key holds exactly the four tiers, with no copy elsewhere', () => {
      expect(resources.BackupVault.Properties).toMatchObject({
        BackupVaultName: names.vaultName,
        EncryptionKeyArn: { 'Fn::GetAtt': ['BackupKey', 'Arn'] },
        LockConfiguration: expect.objectContaining({ ChangeableForDays: expect.any(Number) }),
      });
      const [[, plan]] = ofType(resources, 'AWS::Backup::BackupPlan');
      const rules = plan.Properties.BackupPlan.BackupPlanRule as {
        RuleName: string;
        Lifecycle: { DeleteAfterDays: number };
        CopyActions?: unknown;
      }[];
      expect(rules.map((r) => r.Lifecycle.DeleteAfterDays).sort((a, b) => a - b)).toEqual([2, 7, 28, 365]);
      for (const r of rules) expect(r.CopyActions).toBeUndefined();
      const [[, selection]] = ofType(resources, 'AWS::Backup::BackupSelection');
      expect(selection.Properties.BackupSelection.Resources).toEqual([{ 'Fn::GetAtt': ['Data', 'Arn'] }]);
    });

    (pooled ? test : test.skip)(
      'THEN (pool) its data is admitted only to its access role in a session tagged with its id, and to its backup role',
      () => {
        const role = resources.AccessRole.Properties;
        expect(role.RoleName).toBe(names.accessRoleName);
        expect(role.Policies).toBeUndefined();
        expect(ofType(resources, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles).includes('AccessRole'))).toEqual([]);
        const [trust] = role.AssumeRolePolicyDocument.Statement;
        expect(trust).toMatchObject({
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: { StringEquals: { 'aws:RequestTag/rampart:tenant': id }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['rampart:tenant'] } },
        });
        expect(JSON.stringify(trust.Principal)).toMatch(/role\/example-saas-prod-[a-z0-9-]+-service/);
        expect((role.Tags ?? []).map((t: { Key: string }) => t.Key)).not.toContain('rampart:tenant');
        const accessArn = `arn:aws:iam::${stack.account}:role/${names.accessRoleName}`;
        const backupArn = `arn:aws:iam::${stack.account}:role/${names.backupRoleName}`;
        const [[, policy]] = ofType(resources, 'AWS::S3::BucketPolicy').filter(([, p]) => JSON.stringify(p.Properties.Bucket).includes('"Data"'));
        const statements = policy.Properties.PolicyDocument.Statement as { Sid: string; Condition: unknown }[];
        const bySid = Object.fromEntries(statements.map((st) => [st.Sid, st]));
        expect(bySid.DenyEveryoneButTheTenantRoleAndBackup.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [accessArn, backupArn] } });
        expect(bySid.DenyTheTenantRoleOutsideItsTenantSession.Condition).toEqual({
          ArnEquals: { 'aws:PrincipalArn': accessArn },
          StringNotEquals: { 'aws:PrincipalTag/rampart:tenant': id },
        });
        const keyStatements = resources.DataKey.Properties.KeyPolicy.Statement as { Sid: string; Condition: any }[];
        const use = keyStatements.find((st) => st.Sid === 'UseOnlyThroughDesignatedServices')!;
        expect(use.Condition.ArnEquals).toEqual({ 'aws:PrincipalArn': [accessArn, backupArn] });
        expect(use.Condition.StringEquals['kms:ViaService']).toEqual([`s3.${stack.region}.amazonaws.com`]);
        expect(keyStatements.find((st) => st.Sid === 'DenyUseWithoutTheTenantSessionTag')!.Condition).toEqual(
          bySid.DenyTheTenantRoleOutsideItsTenantSession.Condition,
        );
      },
    );

    (pooled ? test.skip : test)('THEN (silo) it holds ingress, service, database, keys and vault of its own, in under 400 resources', () => {
      const ownKey = { 'Fn::GetAtt': ['DataKey', 'Arn'] };
      const [[lbId, lb]] = ofType(resources, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      const listeners = ofType(resources, 'AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l.Properties);
      if (tenant.hipaa) {
        // Ingress (PHI): an internal NLB with the TLS 1.3 policy, published over PrivateLink (acceptance required).
        expect(lb.Properties).toMatchObject({ Type: 'network', Scheme: 'internal' });
        expect(listeners).toEqual([expect.objectContaining({ Protocol: 'TLS', SslPolicy: expect.stringMatching(/^ELBSecurityPolicy-TLS13-/) })]);
        expect(ofType(resources, 'AWS::EC2::VPCEndpointService')[0][1].Properties.AcceptanceRequired).toBe(true);
      } else {
        // Ingress: its own internet-facing ALB (HTTPS with the TLS 1.3 policy), its own WAF web ACL and Shield Advanced protection.
        expect(lb.Properties).toMatchObject({ Type: 'application', Scheme: 'internet-facing' });
        expect(listeners).toEqual(
          expect.arrayContaining([expect.objectContaining({ Protocol: 'HTTPS', SslPolicy: expect.stringMatching(/^ELBSecurityPolicy-TLS13-/) })]),
        );
        expect(ofType(resources, 'AWS::WAFv2::WebACLAssociation')[0][1].Properties.ResourceArn).toEqual({ Ref: lbId });
        expect(ofType(resources, 'AWS::Shield::Protection')[0][1].Properties.ResourceArn).toEqual({ Ref: lbId });
      }
      // Service: Fargate from its own scanned repository, its task role named for the tenant.
      const [[repoId, repo]] = ofType(resources, 'AWS::ECR::Repository');
      expect(repo.Properties).toMatchObject({ ImageScanningConfiguration: { ScanOnPush: true }, ImageTagMutability: 'IMMUTABLE' });
      expect(repo.Properties.EncryptionConfiguration.KmsKey).toEqual(ownKey);
      const [[, task]] = ofType(resources, 'AWS::ECS::TaskDefinition');
      expect(JSON.stringify(task.Properties.ContainerDefinitions[0].Image)).toContain(repoId);
      expect(ofType(resources, 'AWS::ECS::Service')).toHaveLength(1);
      expect(ofType(resources, 'AWS::IAM::Role').map(([, r]) => r.Properties.RoleName)).toContain(names.serviceRoleName);
      // Database: Aurora under its own data key, backed up into its own vault under its own backup key.
      const [[dbId, db]] = ofType(resources, 'AWS::RDS::DBCluster');
      expect(db.Properties).toMatchObject({ StorageEncrypted: true, KmsKeyId: ownKey });
      const selections = ofType(resources, 'AWS::Backup::BackupSelection').map(([, sel]) => JSON.stringify(sel.Properties.BackupSelection.Resources));
      expect(selections.some((r) => r.includes(dbId))).toBe(true);
      for (const [, vault] of ofType(resources, 'AWS::Backup::BackupVault'))
        expect(vault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': ['BackupKey', 'Arn'] });
      // No key, vault or role of another stack: every key reference is one of its three.
      expect(
        ofType(resources, 'AWS::KMS::Key')
          .map(([keyId]) => keyId)
          .sort(),
      ).toEqual(expect.arrayContaining(['BackupKey', 'DataKey', 'LogsKey']));
      expect(Object.keys(resources).length).toBeLessThan(MAX_RESOURCES_PER_STACK);
    });

    test('THEN its network has no route out: no NAT, peering or transit gateway; an internet gateway only for a public silo ingress', () => {
      const publicIngress = !pooled && !tenant.hipaa;
      expect(ofType(resources, 'AWS::EC2::InternetGateway')).toHaveLength(publicIngress ? 1 : 0);
      // Only the load-balancer tier routes to it: one default route per public subnet, nothing from the workload or data tiers.
      const routes = ofType(resources, 'AWS::EC2::Route');
      expect(routes.length).toBe(publicIngress ? config.platform.maxAzs : 0);
      for (const [routeId] of routes) expect(routeId).toMatch(/^NetworkVpcPublicSubnet\d/);
      for (const type of ['AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::VPCPeeringConnection', 'AWS::EC2::TransitGatewayAttachment']) {
        expect(ofType(resources, type)).toEqual([]);
      }
      for (const [, subnet] of ofType(resources, 'AWS::EC2::Subnet')) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    });

    test('THEN every taggable resource carries the tenant and plan cost-allocation tags', () => {
      for (const logicalId of ['Data', 'AccessLogs', 'DataKey', 'BackupVault']) {
        const tags = resources[logicalId].Properties.Tags ?? resources[logicalId].Properties.BackupVaultTags;
        const asMap = Array.isArray(tags) ? Object.fromEntries(tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value])) : tags;
        expect(asMap).toMatchObject({ 'rampart:tenant': id, 'rampart:plan': tenant.plan });
      }
    });

    test(`THEN every role names its account's ${tenant.hipaa ? 'HIPAA' : 'platform'} permissions boundary, defined by the account's owning stack`, () => {
      const roles = ofType(resources, 'AWS::IAM::Role');
      expect(roles.length).toBeGreaterThan(0);
      expect(ofType(resources, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.includes('PermissionsBoundary'))).toEqual([]);
      const kind = tenant.hipaa ? 'hipaa' : 'platform';
      for (const [, role] of roles)
        expect(role.Properties.PermissionsBoundary).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:policy/example-saas-prod-${kind}-boundary-`));
    });

    test(
      tenant.hipaa
        ? 'THEN (HIPAA) the data bucket is under Object Lock (COMPLIANCE, the erasure deadline) set without the replacing top-level flag'
        : 'THEN (not HIPAA) the data bucket has no Object Lock',
      () => {
        const bucket = resources.Data.Properties;
        expect(bucket).not.toHaveProperty('ObjectLockEnabled');
        if (tenant.hipaa) {
          expect(bucket.ObjectLockConfiguration).toEqual({
            ObjectLockEnabled: 'Enabled',
            Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
          });
        } else {
          expect(bucket).not.toHaveProperty('ObjectLockConfiguration');
        }
      },
    );
  });
});

describe('GIVEN a tenant inserted in the middle of the list', () => {
  const document = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
  const before = parseConfig(document);
  const inserted = {
    ...document,
    tenants: [document.tenants[0], { id: 'hooli', plan: 'pro', residency: 'us', isolation: 'silo' }, ...document.tenants.slice(1)],
  };
  const after = parseConfig(inserted);
  const vpcCidrOf = (config: typeof before, id: string) => {
    const stack = new TenantStack(new App({ context: { ...RAMPART_CONTEXT } }), awsPlanOf(config, 'aws-tenant', `/tenant-${id}`));
    const [vpc] = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPC'));
    return vpc.Properties.CidrBlock as string;
  };

  test('THEN no existing tenant VPC is renumbered (a change would replace the VPC) and the newcomer overlaps none', () => {
    const silos = before.tenants.filter((t) => isolationOf(t) === 'silo');
    expect(silos.length).toBeGreaterThan(0);
    for (const tenant of silos) expect([tenant.id, vpcCidrOf(after, tenant.id)]).toEqual([tenant.id, vpcCidrOf(before, tenant.id)]);
    const hooli = vpcCidrOf(after, 'hooli');
    for (const tenant of silos) expect(overlaps(hooli, vpcCidrOf(before, tenant.id))).toBe(false);
  });
});

describe('GIVEN a silo tenant plan without its VPC CIDR or its product', () => {
  const plan = awsPlanOf(loadConfig(), 'aws-tenant', '/tenant-umbrella');
  const withoutCidr = { ...plan, vpcCidr: undefined };
  const withoutProduct = { ...plan, silo: undefined };

  test.each([
    ['no vpcCidr', withoutCidr, /TenantStack prod-us-east-1\/tenant-umbrella: tenant "umbrella" is a silo tenant but its plan has no vpcCidr \(/],
    [
      'no silo',
      withoutProduct,
      /its plan has no silo \(lib\/plan\/tenant-plans.ts sets both for every silo tenant\); without them no VPC or product/,
    ],
  ])('WHEN it has %s THEN the stack throws instead of building a tenant without a product', (_, broken, message) => {
    expect(plan.tenant.isolation).toBe('silo');
    expect(() => new TenantStack(new App({ context: { ...RAMPART_CONTEXT } }), broken)).toThrow(message);
  });
});
