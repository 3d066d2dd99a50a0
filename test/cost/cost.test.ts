import { costMarkdown } from '../../lib/cost/cost-markdown';
import { costReport } from '../../lib/cost/cost-report';
import { HOURS_PER_MONTH, PRICE_TABLE } from '../../lib/cost/price-table';
import { stackCost } from '../../lib/cost/stack-cost';
import { synthesized, weakened } from '../verify/synthesized';

/**
 * `npm run cost` prices the synthesized templates, never the config: these tests read the default
 * build and changed copies of its templates, and check each figure against the price table.
 */
const { assembly } = synthesized('config/default.yaml', { gcp: false });
const US = PRICE_TABLE.regions['us-east-1'];
const ACME = 'prod-us-east-1/tenant-acme';
const INITECH = 'prod-us-east-1/tenant-initech';

describe('cost of the default build', () => {
  const report = costReport(assembly);
  const tenant = (id: string) => report.tenants.find((t) => t.id === id)!;
  const stack = (id: string) => report.stacks.find((s) => s.stack === id)!;

  test('GIVEN the price table THEN it states its date, currency and regions, and every AWS stack of the build is priced', () => {
    expect(report.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.regions).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(report.stacks.map((s) => s.stack).sort()).toEqual(
      assembly.stacks
        .filter((s) => s.cloud === 'aws')
        .map((s) => s.id)
        .sort(),
    );
  });

  test('GIVEN a pooled tenant THEN it costs its four keys (data, backup, logs, record keys) and nothing else fixed (no VPC, endpoint, load balancer or database)', () => {
    expect(stack(ACME).lines.map((l) => [l.item, l.quantity])).toEqual([['KMS customer-managed key', 4]]);
    expect(tenant('acme')).toMatchObject({ plan: 'starter', isolation: 'pool', monthly: 4 * US.kmsKeyMonth });
  });

  test('GIVEN the public silo tenant THEN its own ALB and WAF are priced, and no NAT gateway or firewall (it has no way out)', () => {
    const items = Object.fromEntries(stack('prod-us-east-1/tenant-umbrella').lines.map((l) => [l.item, l.quantity]));
    expect(items).toMatchObject({ 'Application Load Balancer': 1, 'WAF web ACL': 1, 'Route 53 HTTPS health check': 1 });
    expect(items['NAT gateway']).toBeUndefined();
    expect(items['Network Firewall endpoint']).toBeUndefined();
  });

  test('GIVEN the HIPAA silo tenant THEN its own load balancer, endpoints, database minimum and tasks are priced, plus its account baseline', () => {
    const items = Object.fromEntries(stack(INITECH).lines.map((l) => [l.item, l]));
    expect(items['Network Load Balancer'].quantity).toBe(1);
    // 7 interface endpoints (the enclave's six and Secrets Manager) in each of 3 AZs.
    expect(items['interface VPC endpoint'].quantity).toBe(21);
    expect(items['interface VPC endpoint'].monthly).toBeCloseTo(21 * US.interfaceEndpointAzHour * HOURS_PER_MONTH, 2);
    // Writer and reader at the platform's minimum capacity (0.5 ACU each by default).
    expect(items['Aurora Serverless v2 minimum capacity'].quantity).toBe(1);
    expect(items['Fargate vCPU (desired tasks)'].quantity).toBeGreaterThan(0);
    expect(items['NAT gateway']).toBeUndefined();
    const own = tenant('initech');
    expect(own.isolation).toBe('silo');
    expect(own.accountBaseline).toBeGreaterThan(0);
    expect(own.monthly).toBeCloseTo(own.ownStack + own.accountBaseline, 2);
  });

  test('GIVEN four Shield Advanced protections (three platforms, the public silo) THEN the organization-wide fee is counted once, in the platform', () => {
    expect(report.stacks.filter((s) => s.shieldProtections > 0)).toHaveLength(4);
    expect(report.platform.shieldAdvanced).toBe(PRICE_TABLE.shieldAdvancedOrganizationMonth);
    expect(report.platform.stacks).not.toContain(INITECH);
    expect(report.platform.stacks).not.toContain('prod-us-east-1/account-baseline-444444444444');
    const sum = report.platform.total + report.tenants.reduce((n, t) => n + t.monthly, 0);
    expect(report.total).toBeCloseTo(sum, 2);
  });

  test('GIVEN the plans THEN each plan and isolation model has its tenants, min, max and average', () => {
    expect(report.plans.map((p) => [p.plan, p.isolation, p.tenants])).toEqual(
      expect.arrayContaining([
        ['starter', 'pool', 1],
        ['pro', 'pool', 1],
        ['enterprise', 'silo', 2],
      ]),
    );
  });

  test('GIVEN the report THEN the Markdown shows the platform, tenant and plan tables and names what is usage-based', () => {
    const markdown = costMarkdown(report);
    for (const heading of [
      '| platform (fixed) | monthly |',
      '| tenant | plan | isolation |',
      '| plan | isolation | tenants |',
      '## Usage-based, not included',
    ])
      expect(markdown).toContain(heading);
    expect(markdown).toContain(PRICE_TABLE.date);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('cost follows the templates, not the config', () => {
  test('GIVEN a NAT gateway added to a pooled tenant template THEN its cost grows by exactly one NAT gateway-month', () => {
    const before = stackCost(
      assembly.stacks.find((s) => s.id === ACME)!,
      PRICE_TABLE,
    ).monthly;
    const changed = weakened(assembly, ACME, (t) => {
      t.Resources.Nat = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-0123' } };
    });
    const after = stackCost(
      changed.stacks.find((s) => s.id === ACME)!,
      PRICE_TABLE,
    ).monthly;
    expect(after - before).toBeCloseTo(US.natGatewayHour * HOURS_PER_MONTH, 2);
  });

  test('GIVEN backup storage as an input THEN each vault of recovery points is priced per GB, staging vaults are not', () => {
    const report = costReport(assembly, { backupGbPerVault: 100 });
    const backup = (id: string) => report.stacks.find((s) => s.stack === id)!.lines.find((l) => l.item === 'AWS Backup storage (input)')!;
    expect(backup(ACME)).toMatchObject({ quantity: 100, monthly: 100 * US.backupS3GbMonth });
    expect(backup(INITECH).resources).toEqual(['BackupVault']);
  });

  test('GIVEN a stack in a region the table does not hold THEN the error names the region and where the prices live', () => {
    const moved = { ...assembly.stacks.find((s) => s.id === ACME)!, region: 'ap-south-1' };
    expect(() => stackCost(moved, PRICE_TABLE)).toThrow(/no prices for ap-south-1 in the price table \(lib\/cost\/price-table.ts/);
  });
});
