import type { AwsRegion } from './regions';

/**
 * AZ-REAL: the availability zones each AWS region's stacks are pinned to, so synthesis needs no
 * lookup (and no credentials) and the templates a reviewer reads name the zones that deploy.
 *
 * Zone names are mapped to physical zones per account, and not every name exists in every
 * account: these defaults are names that every account in the region has (e.g. ap-northeast-1 has
 * no `b` for accounts created since 2012, ca-central-1 no `c`). Regions whose names differ between
 * accounts (us-west-1: `a`+`b` or `b`+`c`) have no default: the config must name them in
 * `availabilityZones.<region>` (config validation says so, naming the region).
 */
export const DEFAULT_AVAILABILITY_ZONES: Partial<Record<AwsRegion, readonly string[]>> = {
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  'us-east-2': ['us-east-2a', 'us-east-2b', 'us-east-2c'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  'ca-central-1': ['ca-central-1a', 'ca-central-1b', 'ca-central-1d'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  'eu-west-2': ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
  'eu-west-3': ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'],
  'eu-central-1': ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  'eu-north-1': ['eu-north-1a', 'eu-north-1b', 'eu-north-1c'],
  'eu-south-1': ['eu-south-1a', 'eu-south-1b', 'eu-south-1c'],
  'eu-south-2': ['eu-south-2a', 'eu-south-2b', 'eu-south-2c'],
  'ap-south-1': ['ap-south-1a', 'ap-south-1b', 'ap-south-1c'],
  'ap-southeast-1': ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'],
  'ap-southeast-2': ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'],
  'ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
  'ap-northeast-2': ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c'],
  'sa-east-1': ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'],
};

/** The zones of `region`: the config's `availabilityZones.<region>`, else the default, else none. */
type ZoneOverrides = Readonly<Record<string, readonly string[] | undefined>>;

export function availabilityZonesOf(region: string, overrides: ZoneOverrides | undefined): readonly string[] {
  return overrides?.[region] ?? DEFAULT_AVAILABILITY_ZONES[region as AwsRegion] ?? [];
}
