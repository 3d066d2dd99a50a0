import type { Json, StackArtifact } from '../verify/types';
import { asArray, isObject, referencedLogicalId, resources } from '../verify/aws/template';
import { HOURS_PER_MONTH, type PriceTable, type RegionPrices } from './price-table';

/**
 * The fixed monthly cost of one synthesized CloudFormation stack, read from its template alone:
 * every billable resource Rampart creates, counted and priced from the price table of the stack's
 * region. Nothing here reads the config.
 */

export interface CostLine {
  /** What is billed, e.g. `NAT gateway`. */
  readonly item: string;
  /** How many units the template holds (keys, endpoint-AZs, ACUs, ...). */
  readonly quantity: number;
  readonly unit: string;
  /** Price per unit per month. */
  readonly unitMonthly: number;
  readonly monthly: number;
  /** Logical ids the quantity was read from. */
  readonly resources: readonly string[];
}

export interface StackCost {
  readonly stack: string;
  readonly region: string;
  readonly lines: readonly CostLine[];
  readonly monthly: number;
  /** Whether the stack holds a Shield Advanced protection (the organization-wide fee is counted once, elsewhere). */
  readonly shieldProtections: number;
}

/** Inputs for what the templates cannot show: GB of backup storage per vault. */
export interface CostInputs {
  /** GB of recovery points (warm storage) in each vault that holds S3 recovery points. @default 0 */
  readonly backupGbPerVault?: number;
}

/** An amount to the cent, as every figure of the cost report is shown. */
export const round = (n: number): number => Math.round(n * 100) / 100;

function line(item: string, unit: string, unitMonthly: number, found: readonly { id: string; quantity: number }[]): CostLine[] {
  const quantity = found.reduce((n, f) => n + f.quantity, 0);
  if (quantity === 0) return [];
  return [{ item, quantity, unit, unitMonthly: round(unitMonthly), monthly: round(quantity * unitMonthly), resources: found.map((f) => f.id) }];
}

const num = (v: Json | undefined, fallback = 0): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : fallback;

function pricesFor(table: PriceTable, region: string): RegionPrices {
  const prices = table.regions[region];
  if (prices === undefined) {
    throw new Error(`cost: no prices for ${region} in the price table (lib/cost/price-table.ts lists ${Object.keys(table.regions).join(', ')})`);
  }
  return prices;
}

export function stackCost(stack: StackArtifact, table: PriceTable, inputs: CostInputs = {}): StackCost {
  const p = pricesFor(table, stack.region);
  const all = (type: string) => resources(stack, type);
  const each = (type: string, filter: (props: Record<string, Json>) => boolean = () => true) =>
    all(type)
      .filter((r) => filter(r.props))
      .map((r) => ({ id: r.id, quantity: 1 }));

  const endpoints = all('AWS::EC2::VPCEndpoint')
    .filter((r) => r.props.VpcEndpointType === 'Interface')
    .map((r) => ({ id: r.id, quantity: asArray(r.props.SubnetIds).length }));
  const firewalls = all('AWS::NetworkFirewall::Firewall').map((r) => ({ id: r.id, quantity: asArray(r.props.SubnetMappings).length }));
  const webAcls = all('AWS::WAFv2::WebACL');
  const rules = webAcls.map((r) => ({ id: r.id, quantity: asArray(r.props.Rules).length }));
  // Aurora Serverless v2: each instance of a cluster runs at least the cluster's minimum capacity.
  const instances = all('AWS::RDS::DBInstance');
  const acus = all('AWS::RDS::DBCluster').map((cluster) => {
    const scaling = isObject(cluster.props.ServerlessV2ScalingConfiguration) ? cluster.props.ServerlessV2ScalingConfiguration : {};
    const members = instances.filter((i) => referencedLogicalId(i.props.DBClusterIdentifier) === cluster.id).length;
    return { id: cluster.id, quantity: num(scaling.MinCapacity) * members };
  });
  // Fargate: desired tasks x the task definition's vCPU and memory.
  const tasks = all('AWS::ECS::Service').map((service) => {
    const definition = all('AWS::ECS::TaskDefinition').find((t) => t.id === referencedLogicalId(service.props.TaskDefinition));
    const count = num(service.props.DesiredCount, 1);
    return { id: service.id, cpu: (num(definition?.props.Cpu) / 1024) * count, gb: (num(definition?.props.Memory) / 1024) * count };
  });
  const s3Vaults = all('AWS::Backup::BackupVault').filter((v) => !String(v.id).startsWith('DatabaseStagingVault'));

  const lines: CostLine[] = [
    ...line('KMS customer-managed key', 'key', p.kmsKeyMonth, each('AWS::KMS::Key')),
    ...line('interface VPC endpoint', 'endpoint-AZ', p.interfaceEndpointAzHour * HOURS_PER_MONTH, endpoints),
    ...line('NAT gateway', 'gateway', p.natGatewayHour * HOURS_PER_MONTH, each('AWS::EC2::NatGateway')),
    ...line('Network Firewall endpoint', 'endpoint', p.firewallEndpointHour * HOURS_PER_MONTH, firewalls),
    ...line(
      'Application Load Balancer',
      'load balancer',
      p.applicationLoadBalancerHour * HOURS_PER_MONTH,
      each('AWS::ElasticLoadBalancingV2::LoadBalancer', (r) => r.Type !== 'network'),
    ),
    ...line(
      'Network Load Balancer',
      'load balancer',
      p.networkLoadBalancerHour * HOURS_PER_MONTH,
      each('AWS::ElasticLoadBalancingV2::LoadBalancer', (r) => r.Type === 'network'),
    ),
    ...line(
      'WAF web ACL',
      'web ACL',
      p.wafWebAclMonth,
      webAcls.map((r) => ({ id: r.id, quantity: 1 })),
    ),
    ...line('WAF rule or rule group', 'rule', p.wafRuleMonth, rules),
    ...line('Aurora Serverless v2 minimum capacity', 'ACU', p.auroraAcuHour * HOURS_PER_MONTH, acus),
    ...line(
      'Fargate vCPU (desired tasks)',
      'vCPU',
      p.fargateVcpuHour * HOURS_PER_MONTH,
      tasks.map((t) => ({ id: t.id, quantity: t.cpu })),
    ),
    ...line(
      'Fargate memory (desired tasks)',
      'GB',
      p.fargateGbHour * HOURS_PER_MONTH,
      tasks.map((t) => ({ id: t.id, quantity: t.gb })),
    ),
    ...line('Secrets Manager secret', 'secret', p.secretsManagerSecretMonth, each('AWS::SecretsManager::Secret')),
    ...line('Route 53 HTTPS health check', 'health check', p.route53HttpsHealthCheckMonth, each('AWS::Route53::HealthCheck')),
    ...line(
      'AWS Backup storage (input)',
      'GB',
      p.backupS3GbMonth,
      s3Vaults.map((v) => ({ id: v.id, quantity: inputs.backupGbPerVault ?? 0 })),
    ),
  ];
  return {
    stack: stack.id,
    region: stack.region,
    lines,
    monthly: round(lines.reduce((n, l) => n + l.monthly, 0)),
    shieldProtections: all('AWS::Shield::Protection').length,
  };
}
