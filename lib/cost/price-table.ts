/**
 * The prices `npm run cost` uses: AWS public on-demand list prices in USD for the regions listed,
 * entered on `date` from the pricing pages in `sources` (entered offline: check them against the
 * live pages before quoting a customer). Not a quote: taxes, discounts, Savings Plans, free tiers and
 * credits are left out. Update the numbers and the date together, in one reviewed commit.
 *
 * Only the fixed part of each price is charged by `npm run cost`: what a stack pays per month for
 * existing (hours x hourly price, or a monthly fee). Everything that grows with traffic or data is
 * listed in USAGE_BASED and left out, except backup storage, which is an input (GB).
 */

/** Hours in a month as AWS bills them (365 x 24 / 12). */
export const HOURS_PER_MONTH = 730;

export interface RegionPrices {
  /** AWS KMS customer-managed key, per key-month (rotated key material is billed as published; see sources). */
  readonly kmsKeyMonth: number;
  /** Interface VPC endpoint, per endpoint per AZ, per hour. */
  readonly interfaceEndpointAzHour: number;
  readonly natGatewayHour: number;
  /** AWS Network Firewall endpoint, per endpoint (AZ) per hour. */
  readonly firewallEndpointHour: number;
  readonly applicationLoadBalancerHour: number;
  readonly networkLoadBalancerHour: number;
  readonly wafWebAclMonth: number;
  /** Per rule or rule group in a web ACL, per month (AWS managed rule groups at their base price). */
  readonly wafRuleMonth: number;
  /** Aurora Serverless v2 (Aurora Standard), per ACU-hour. */
  readonly auroraAcuHour: number;
  readonly fargateVcpuHour: number;
  readonly fargateGbHour: number;
  readonly secretsManagerSecretMonth: number;
  /** Route 53 health check of an endpoint outside AWS's own, with HTTPS, per month. */
  readonly route53HttpsHealthCheckMonth: number;
  /** AWS Backup warm storage per GB-month: S3 backups, and Aurora snapshot copies. */
  readonly backupS3GbMonth: number;
  readonly backupAuroraGbMonth: number;
}

export interface PriceTable {
  /** When the prices were read from the sources (ISO date). */
  readonly date: string;
  readonly currency: 'USD';
  /** Regions the table holds; a stack elsewhere is an error, never priced with another region's numbers. */
  readonly regions: Readonly<Record<string, RegionPrices>>;
  /** Per organization, whatever the number of protected resources (1-year commitment). */
  readonly shieldAdvancedOrganizationMonth: number;
  readonly sources: readonly string[];
}

const US_EAST_1: RegionPrices = {
  kmsKeyMonth: 1,
  interfaceEndpointAzHour: 0.01,
  natGatewayHour: 0.045,
  firewallEndpointHour: 0.395,
  applicationLoadBalancerHour: 0.0225,
  networkLoadBalancerHour: 0.0225,
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
  auroraAcuHour: 0.12,
  fargateVcpuHour: 0.04048,
  fargateGbHour: 0.004445,
  secretsManagerSecretMonth: 0.4,
  route53HttpsHealthCheckMonth: 2.75,
  backupS3GbMonth: 0.05,
  backupAuroraGbMonth: 0.021,
};

export const PRICE_TABLE: PriceTable = {
  date: '2026-11-30',
  currency: 'USD',
  regions: {
    'us-east-1': US_EAST_1,
    'us-west-2': US_EAST_1,
    'eu-west-1': {
      ...US_EAST_1,
      interfaceEndpointAzHour: 0.011,
      natGatewayHour: 0.048,
      applicationLoadBalancerHour: 0.0252,
      networkLoadBalancerHour: 0.0252,
      auroraAcuHour: 0.13,
      fargateVcpuHour: 0.04456,
      fargateGbHour: 0.004865,
      backupS3GbMonth: 0.055,
      backupAuroraGbMonth: 0.022,
    },
  },
  shieldAdvancedOrganizationMonth: 3000,
  sources: [
    'https://aws.amazon.com/kms/pricing/',
    'https://aws.amazon.com/privatelink/pricing/',
    'https://aws.amazon.com/vpc/pricing/',
    'https://aws.amazon.com/network-firewall/pricing/',
    'https://aws.amazon.com/elasticloadbalancing/pricing/',
    'https://aws.amazon.com/waf/pricing/',
    'https://aws.amazon.com/shield/pricing/',
    'https://aws.amazon.com/rds/aurora/pricing/',
    'https://aws.amazon.com/fargate/pricing/',
    'https://aws.amazon.com/secrets-manager/pricing/',
    'https://aws.amazon.com/route53/pricing/',
    'https://aws.amazon.com/backup/pricing/',
  ],
};

/** What grows with use and is not in the figures (backup storage is an input instead). */
export const USAGE_BASED: readonly string[] = [
  'data processed by NAT gateways, Network Firewall, interface endpoints and load balancers (per GB), and load balancer capacity units',
  'WAF requests (per million) and Shield Advanced data transfer out',
  'Aurora capacity above the minimum ACUs, Aurora storage and I/O, and Aurora automated-backup storage beyond the database size',
  'Fargate tasks beyond the desired count (scaling), and ephemeral storage beyond the free 20 GB',
  'S3 storage and requests of data and log buckets; CloudWatch Logs ingestion and storage; KMS requests',
  'CloudTrail data events, GuardDuty, Security Hub and AWS Config (priced per event, per resource or per check)',
  'Amazon Macie (per bucket monitored, and per GB its automated sensitive data discovery inspects)',
  'data transfer between AZs, regions and to the internet',
];
