import { z } from 'zod';
import { gcpSchema } from './gcp-schema';
import { platformSchema } from './platform-schema';
import { ENTERPRISE_RETENTION_BOUNDS, PLANS } from './plans';
import { accountId, awsRegion, bool, dnsLabel, ipv4Cidr, oneOf, wholeNumber } from './primitives';

/**
 * The one source of truth for what a Rampart config may contain. The loader validates against it,
 * `npm run schema` turns it into config/rampart.schema.json for editors, and the types below are
 * what the rest of the code receives. Every object is strict: a misspelled key is an error, never
 * silently dropped.
 *
 * Rules that relate two fields to each other live in cross-field-rules.ts.
 */

const tenant = z.strictObject({
  /** DNS-safe, unique. Appears in stack names, so `cdk deploy '*\/tenant-<id>'` picks one tenant. */
  id: dnsLabel(20),
  plan: oneOf(PLANS),
  /** Where the tenant's data lives: `us` -> regions.primary, `eu` -> residency.eu.region. */
  residency: oneOf(['us', 'eu'] as const),
  /** Enterprise only (and required there): days data and logs are kept. */
  retentionDays: wholeNumber(ENTERPRISE_RETENTION_BOUNDS.min, ENTERPRISE_RETENTION_BOUNDS.max).optional(),
  /** Enterprise only: the customer imports its own key material (KMS Origin EXTERNAL). */
  byok: bool.default(false),
  /** Deploy the tenant into its own AWS account instead of the shared platform/EU account. */
  account: accountId.optional(),
  /** Place the tenant on the HIPAA enclave's account and network model. */
  hipaa: bool.default(false),
  /** Pin the tenant VPC's CIDR instead of allocating it from the tenant supernet. */
  cidr: ipv4Cidr.optional(),
});

export const rampartConfigSchema = z.strictObject({
  /** Short name of the SaaS company; prefixes every stack and bucket name (14 characters keep S3 names within 63). */
  organization: dnsLabel(14),
  /** Deployment environment, e.g. prod or staging; part of every stage and stack name. */
  environment: dnsLabel(8),
  accounts: z.strictObject({
    platform: accountId,
    hipaa: accountId,
    eu: accountId,
  }),
  regions: z.strictObject({
    /** Primary region of the platform. */
    primary: awsRegion,
    /** Disaster-recovery region: receives backup copies of US data (never EU data). */
    dr: awsRegion,
  }),
  residency: z
    .strictObject({
      eu: z.strictObject({ region: awsRegion.default('eu-west-1') }).default({ region: 'eu-west-1' }),
    })
    .default({ eu: { region: 'eu-west-1' } }),
  hipaa: z
    .strictObject({
      enabled: bool.default(true),
      region: awsRegion.default('us-east-1'),
    })
    .default({ enabled: true, region: 'us-east-1' }),
  /**
   * Shield Advanced protections on every public endpoint. Needs an active Shield Advanced
   * subscription in each account (see README); `false` turns the protections off.
   */
  shieldAdvanced: bool.default(true),
  platform: platformSchema.default(platformSchema.parse({})),
  tenants: z.array(tenant, { error: 'expected a list of tenants' }).default([]),
  gcp: gcpSchema.optional(),
});

/** What a config file may contain (defaults not yet applied). */
export type RampartConfigInput = z.input<typeof rampartConfigSchema>;
/** A validated config with defaults applied: what buildApp receives. */
export type RampartConfig = z.output<typeof rampartConfigSchema>;
export type TenantConfig = RampartConfig['tenants'][number];
