import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { buildApp } from '../../lib/app/build-app';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';
import { PlatformStack } from '../../lib/stacks/platform-stack';
import { EnclaveStack } from '../../lib/stacks/enclave-stack';

/**
 * The policy's numbers reach the templates: one config whose policy differs from the published one
 * in every number the AWS stacks carry, built once, and each number found where it belongs.
 */
describe('GIVEN a config whose policy differs from the published numbers', () => {
  const document = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;
  const policy = {
    ...document.policy,
    backupTiers: [
      { name: 'daily', every: 'day', keepDays: 10 },
      { name: 'weekly', every: 'week', keepDays: 21 },
      { name: 'monthly', every: 'month', keepDays: 90 },
    ],
    erasure: { deadlineDays: 25, includesBackups: true },
    keyRotation: { awsMaxDays: 180, gcpMaxDays: 60 },
    tls: { minimum: '1.3', preferred: '1.3' },
    auditLogs: { retentionDays: 730, hipaaRetentionDays: 2555 },
  };
  const config = parseConfig({ ...document, policy, gcp: undefined, tenants: [], pipeline: undefined });
  const app = buildApp(config, { builtinCloudFormationValidation: false, nagPacks: false });
  const stacks = app.node.findAll().filter((c) => c instanceof PlatformStack || c instanceof EnclaveStack) as (PlatformStack | EnclaveStack)[];
  const primary = stacks.find((s) => s instanceof PlatformStack && s.region === config.regions!.primary)!;
  const enclave = stacks.find((s) => s instanceof EnclaveStack)!;
  const resources = (stack: PlatformStack | EnclaveStack, type: string) => Object.values(Template.fromStack(stack).findResources(type)) as any[];

  test('THEN every backup plan has exactly the policy tiers, and the vault lock covers the longest', () => {
    for (const stack of [primary, enclave]) {
      const [plan] = resources(stack, 'AWS::Backup::BackupPlan');
      expect(plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual([
        ['daily', 10],
        ['weekly', 21],
        ['monthly', 90],
      ]);
      const [vault] = resources(stack, 'AWS::Backup::BackupVault');
      expect(vault.Properties.LockConfiguration.MaxRetentionDays).toBe(90);
    }
  });

  test('THEN every key rotates at the policy period, listeners accept TLS 1.3 only, and the archives lock for the policy days', () => {
    for (const stack of [primary, enclave]) {
      // Every key that rotates automatically (all but a BYOK key) rotates at the policy's period.
      const periods = resources(stack, 'AWS::KMS::Key')
        .filter((k) => k.Properties.EnableKeyRotation === true)
        .map((k) => k.Properties.RotationPeriodInDays);
      expect(periods.length).toBeGreaterThanOrEqual(4);
      expect(periods).toEqual(periods.map(() => 180));
      const tls = resources(stack, 'AWS::ElasticLoadBalancingV2::Listener').filter((l) => ['HTTPS', 'TLS'].includes(l.Properties.Protocol));
      expect(tls.map((l) => l.Properties.SslPolicy)).toEqual(tls.map(() => 'ELBSecurityPolicy-TLS13-1-3-2021-06'));
      expect(tls.length).toBeGreaterThan(0);
    }
    const lockOf = (stack: PlatformStack | EnclaveStack) =>
      resources(stack, 'AWS::S3::Bucket')
        .map((b) => b.Properties.ObjectLockConfiguration?.Rule?.DefaultRetention?.Days)
        .filter((d) => d !== undefined);
    expect(lockOf(primary)).toContain(730);
    expect(lockOf(enclave)).toEqual(expect.arrayContaining([2555, 25]));
  });
});
