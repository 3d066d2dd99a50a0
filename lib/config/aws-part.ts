import type { RampartConfig } from './schema';

/** A config with its AWS part: `accounts` and `regions` present (a Google-Cloud-only config has neither). */
export type AwsConfig = RampartConfig & {
  readonly accounts: NonNullable<RampartConfig['accounts']>;
  readonly regions: NonNullable<RampartConfig['regions']>;
};

/** The config narrowed to its AWS part, or undefined for a Google-Cloud-only config. */
export function awsPart(config: RampartConfig): AwsConfig | undefined {
  return config.accounts !== undefined && config.regions !== undefined ? (config as AwsConfig) : undefined;
}
