import { PLANS } from '../config/plans';
import type { Assembly, StackArtifact } from '../verify/types';
import { PRICE_TABLE, USAGE_BASED, type PriceTable } from './price-table';
import { round, stackCost, type CostInputs, type StackCost } from './stack-cost';

/**
 * `npm run cost`: the monthly fixed cost of a build, from its CloudFormation templates and their
 * self-description (Metadata.Rampart): per stack, per tenant, per plan and isolation model, and the
 * fixed platform cost. A tenant's cost is its own stack plus its share of an account baseline that
 * exists only because of tenants (split evenly among the tenant stacks it covers).
 */

export interface TenantCost {
  readonly id: string;
  readonly plan: string;
  readonly isolation: string;
  readonly stack: string;
  readonly ownStack: number;
  /** Share of the account baseline of the tenant's own account, if any. */
  readonly accountBaseline: number;
  readonly monthly: number;
}

export interface PlanCost {
  readonly plan: string;
  readonly isolation: string;
  readonly tenants: number;
  readonly minMonthly: number;
  readonly maxMonthly: number;
  readonly averageMonthly: number;
}

export interface CostReport {
  readonly priceDate: string;
  readonly currency: string;
  readonly regions: readonly string[];
  readonly sources: readonly string[];
  readonly inputs: Required<CostInputs>;
  readonly usageBased: readonly string[];
  readonly stacks: readonly StackCost[];
  readonly platform: {
    readonly stacks: readonly string[];
    readonly monthly: number;
    /** Shield Advanced's organization-wide fee, counted once when any stack holds a protection. */
    readonly shieldAdvanced: number;
    readonly total: number;
  };
  readonly tenants: readonly TenantCost[];
  readonly plans: readonly PlanCost[];
  /** Everything: platform (with Shield Advanced) and every tenant. */
  readonly total: number;
}

const sum = (values: readonly number[]): number => round(values.reduce((n, v) => n + v, 0));

export function costReport(assembly: Assembly, inputs: CostInputs = {}, table: PriceTable = PRICE_TABLE): CostReport {
  const aws = assembly.stacks.filter((s) => s.cloud === 'aws');
  const costs = aws.map((s) => stackCost(s, table, inputs));
  const costOf = (s: StackArtifact) => costs.find((c) => c.stack === s.id)!;
  const tenantStacks = aws.filter((s) => s.metadata?.kind === 'aws-tenant');
  const tenantPaths = new Set(tenantStacks.map((s) => s.id));
  // A baseline that covers tenant stacks only is there for them; one that covers more is the platform's.
  const baselineShares = new Map<string, number>();
  const platformStacks: StackArtifact[] = [];
  for (const s of aws) {
    if (tenantPaths.has(s.id)) continue;
    const covers = s.metadata?.kind === 'aws-account-baseline' ? (s.metadata.covers ?? []) : [];
    const tenantsCovered = covers.filter((path) => tenantPaths.has(path));
    if (tenantsCovered.length > 0 && tenantsCovered.length === covers.length) {
      for (const path of tenantsCovered) baselineShares.set(path, (baselineShares.get(path) ?? 0) + costOf(s).monthly / tenantsCovered.length);
    } else platformStacks.push(s);
  }
  const tenants: TenantCost[] = [...tenantStacks]
    .sort((a, b) => a.metadata!.tenant!.id.localeCompare(b.metadata!.tenant!.id))
    .map((s) => {
      const t = s.metadata!.tenant!;
      const ownStack = costOf(s).monthly;
      const accountBaseline = round(baselineShares.get(s.id) ?? 0);
      return {
        id: t.id,
        plan: t.plan,
        isolation: t.isolation ?? 'silo',
        stack: s.id,
        ownStack,
        accountBaseline,
        monthly: round(ownStack + accountBaseline),
      };
    });
  const groups = new Map<string, TenantCost[]>();
  for (const t of tenants) groups.set(`${t.plan}/${t.isolation}`, [...(groups.get(`${t.plan}/${t.isolation}`) ?? []), t]);
  const order = (plan: string) => (PLANS as readonly string[]).indexOf(plan);
  const plans: PlanCost[] = [...groups.values()]
    .sort((a, b) => order(a[0].plan) - order(b[0].plan))
    .map((group) => ({
      plan: group[0].plan,
      isolation: group[0].isolation,
      tenants: group.length,
      minMonthly: Math.min(...group.map((t) => t.monthly)),
      maxMonthly: Math.max(...group.map((t) => t.monthly)),
      averageMonthly: round(sum(group.map((t) => t.monthly)) / group.length),
    }));
  const shieldAdvanced = costs.some((c) => c.shieldProtections > 0) ? table.shieldAdvancedOrganizationMonth : 0;
  const platformMonthly = sum(platformStacks.map((s) => costOf(s).monthly));
  const platform = {
    stacks: platformStacks.map((s) => s.id),
    monthly: platformMonthly,
    shieldAdvanced,
    total: round(platformMonthly + shieldAdvanced),
  };
  return {
    priceDate: table.date,
    currency: table.currency,
    regions: Object.keys(table.regions),
    sources: table.sources,
    inputs: { backupGbPerVault: inputs.backupGbPerVault ?? 0 },
    usageBased: USAGE_BASED,
    stacks: costs,
    platform,
    tenants,
    plans,
    total: round(platform.total + sum(tenants.map((t) => t.monthly))),
  };
}
