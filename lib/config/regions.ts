/**
 * Region catalogs the config is validated against.
 *
 * Kept as literal lists (not read from aws-cdk-lib's region-info at run time) so that the
 * generated JSON Schema, and what a config accepts, only change when someone edits this file.
 */

/** AWS commercial-partition regions. GovCloud, China and ISO partitions are out of scope. */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

/**
 * AWS regions located in a member state of the European Union.
 *
 * Deliberately excludes eu-west-2 (London, United Kingdom) and eu-central-2 (Zurich,
 * Switzerland): both carry an `eu-` prefix but are outside the EU, so data stored there does
 * not meet an "EU data stays in the EU" promise.
 */
export const AWS_EU_REGIONS: readonly AwsRegion[] = [
  'eu-central-1', // Frankfurt, Germany
  'eu-north-1', // Stockholm, Sweden
  'eu-south-1', // Milan, Italy
  'eu-south-2', // Aragon, Spain
  'eu-west-1', // Ireland
  'eu-west-3', // Paris, France
];

/**
 * The ARN partition of a region, as CloudFormation's AWS::Partition resolves there: `aws` for every
 * region of AWS_REGIONS. For ARNs Rampart writes outside a stack (plans, runbooks); in a stack use
 * Stack.partition.
 */
export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

export function isEuRegion(region: string): boolean {
  return (AWS_EU_REGIONS as readonly string[]).includes(region);
}
