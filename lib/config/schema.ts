import { z } from 'zod';
import { gcpSchema } from './gcp-schema';
import { platformSchema } from './platform-schema';
import { pipelineSchema } from './pipeline-schema';
import { ISOLATION_MODELS, PLANS } from './plans';
import { IDENTITY_STORE_ID } from '../promises/people-access';
import { policySchema } from './policy-schema';
import { PREFIX_LIST_ID } from './s3-prefix-lists';
import { accountId, awsRegion, bool, dnsLabel, imageTag, networkCidr, oneOf } from './primitives';
import { TENANCY_DEFAULTS, TENANT_PINNED_PREFIX_BOUNDS, tenancySchema } from './tenancy-schema';

/**
 * The one source of truth for what a Rampart config may contain. The loader validates against it,
 * `npm run schema` turns it into config/rampart.schema.json for editors, and the types below are
 * what the rest of the code receives. Every object is strict: a misspelled key is an error, never
 * silently dropped.
 *
 * Rules that relate two fields to each other live in cross-field-rules.ts.
 */

/** Defaults of the sections that are optional as a whole; cross-field rules read them too. */
export const EU_DEFAULTS = { region: 'eu-west-1', vpcCidr: '10.2.0.0/16' } as const;
export const HIPAA_DEFAULTS = { enabled: true, region: 'us-east-1', vpcCidr: '10.1.0.0/16', imageTag: '1.0.0', consumers: [] as string[] } as const;

/** An identity store group id (IDENTITY_STORE_ID). */
const identityStoreId = z.string().regex(IDENTITY_STORE_ID, { error: 'expected an identity store group id' });

/** The platform, enclave and EU VPCs host a multi-AZ platform: /16 to /20, as RampartVpc accepts. */
const platformVpcCidr = networkCidr(16, 20);

const tenant = z.strictObject({
  /** DNS-safe, unique. Appears in stack names, so `cdk deploy '*\/tenant-<id>'` picks one tenant. */
  id: dnsLabel(20),
  plan: oneOf(PLANS),
  /** Where the tenant's data lives: `us` -> regions.primary, `eu` -> residency.eu.region. */
  residency: oneOf(['us', 'eu'] as const),
  /** Enterprise only (and required there): days data and logs are kept, within policy.retention's enterprise range. */
  retentionDays: z
    .number({ error: 'expected a whole number of days' })
    .int({ error: 'expected a whole number of days' })
    .min(1, { error: 'expected a whole number of days' })
    .optional(),
  /** Enterprise only: the customer imports its own key material (KMS Origin EXTERNAL). */
  byok: bool.default(false),
  /**
   * ISOLATION: `pool` (served by the shared platform service of its region, through a tenant-scoped
   * role; no VPC of its own) or `silo` (its own ingress, service and database in its own VPC).
   * @default starter and pro: pool; enterprise: silo (lib/config/plans.ts DEFAULT_ISOLATION)
   */
  isolation: oneOf(ISOLATION_MODELS).optional(),
  /** Deploy the tenant into its own AWS account instead of the shared platform/EU account (silo tenants only). */
  account: accountId.optional(),
  /** Place the tenant on the HIPAA enclave's account and network model. */
  hipaa: bool.default(false),
  /**
   * Pin the tenant VPC's CIDR (/16 to /24) instead of allocating it from tenancy.supernet, e.g. to
   * resolve an allocation collision or to keep an existing VPC. Must not overlap any other VPC.
   * Silo tenants only: a pooled tenant has no VPC.
   */
  cidr: networkCidr(TENANT_PINNED_PREFIX_BOUNDS.min, TENANT_PINNED_PREFIX_BOUNDS.max).optional(),
});

export const rampartConfigSchema = z.strictObject({
  /** Short name of the SaaS company; prefixes every stack and bucket name (14 characters keep S3 names within 63). */
  organization: dnsLabel(14),
  /** Deployment environment, e.g. prod or staging; part of every stage and stack name. */
  environment: dnsLabel(8),
  /** The published policy's numbers (tiers, deadlines, retention, rotation, TLS, residency); defaults are the published ones. */
  policy: policySchema.default(() => policySchema.parse({})),
  /**
   * The AWS accounts. Absent: the deployment is Google Cloud only (then every AWS section below must
   * be absent too, and gcp: present).
   */
  accounts: z
    .strictObject({
      platform: accountId,
      hipaa: accountId,
      eu: accountId,
      /** The deployment (CI/CD) account: the pipeline (config pipeline:) runs there and deploys into the others. Required with pipeline:. */
      deployment: accountId.optional(),
    })
    .optional(),
  /**
   * AZ-REAL: the availability zones of a region, e.g. `us-west-1: [us-west-1b, us-west-1c]`, where the
   * default (lib/config/availability-zones.ts) does not fit the account or the region has none.
   */
  availabilityZones: z
    .partialRecord(
      awsRegion,
      z
        .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, { error: 'expected an availability zone name such as "us-west-1b"' }), {
          error: 'expected a list of availability zone names',
        })
        .min(2, { error: 'expected at least two zones (MULTI-AZ)' }),
    )
    .optional(),
  /**
   * NET-ISOLATION: the id of the AWS-managed prefix list `com.amazonaws.<region>.s3` per region, e.g.
   * `us-east-1: pl-63a5400a`, where the default (lib/config/s3-prefix-lists.ts) does not fit or the
   * region has none. The enclave's tasks may send HTTPS to S3 only through it.
   */
  s3PrefixLists: z
    .partialRecord(awsRegion, z.string().regex(PREFIX_LIST_ID, { error: 'expected a managed prefix list id such as "pl-63a5400a"' }))
    .optional(),
  /** Required with accounts. */
  regions: z
    .strictObject({
      /** Primary region of the platform. */
      primary: awsRegion,
      /** Disaster-recovery region: receives backup copies of US data (never EU data). */
      dr: awsRegion,
    })
    .optional(),
  residency: z
    .strictObject({
      eu: z
        .strictObject({
          /** The one region where EU customers' data is stored (an EU member state's region). */
          region: awsRegion.default(EU_DEFAULTS.region),
          /** CIDR of the EU platform VPC (in accounts.eu). */
          vpcCidr: platformVpcCidr.default(EU_DEFAULTS.vpcCidr),
        })
        .default({ ...EU_DEFAULTS }),
    })
    .default({ eu: { ...EU_DEFAULTS } }),
  hipaa: z
    .strictObject({
      /** Build the HIPAA enclave (its own account, stacks and network). */
      enabled: bool.default(HIPAA_DEFAULTS.enabled),
      /** The enclave's region; HIPAA tenants live here. */
      region: awsRegion.default(HIPAA_DEFAULTS.region),
      /** CIDR of the enclave VPC. */
      vpcCidr: platformVpcCidr.default(HIPAA_DEFAULTS.vpcCidr),
      /** Tag of the enclave's own ECR image (tags are immutable: a new release is a new tag). */
      imageTag: imageTag.default(HIPAA_DEFAULTS.imageTag),
      /**
       * Accounts allowed to connect to the enclave's PrivateLink endpoint service.
       * Empty (the default) allows accounts.platform only.
       */
      consumers: z.array(accountId, { error: 'expected a list of 12-digit account ids' }).default([]),
    })
    .default({ ...HIPAA_DEFAULTS, consumers: [] }),
  /**
   * Shield Advanced protections on every public endpoint. Needs an active Shield Advanced
   * subscription in each account (see README); `false` turns the protections off.
   */
  shieldAdvanced: bool.default(true),
  platform: platformSchema.default(platformSchema.parse({})),
  /** How tenant VPCs are numbered and how tenants are offboarded (see tenant-network.ts). */
  tenancy: tenancySchema.default({ ...TENANCY_DEFAULTS, offboarding: { ...TENANCY_DEFAULTS.offboarding } }),
  tenants: z.array(tenant, { error: 'expected a list of tenants' }).default([]),
  gcp: gcpSchema.optional(),
  /**
   * ACCESS-MFA: IAM Identity Center, in the organization's management (or delegated administrator)
   * account: Rampart adds the permission sets there. Absent: no permission set is built.
   */
  identityCenter: z
    .strictObject({
      /** `arn:aws:sso:::instance/ssoins-...` (aws sso-admin list-instances). */
      instanceArn: z.string().regex(/^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/, {
        error: 'expected an Identity Center instance ARN (arn:aws:sso:::instance/ssoins-...)',
      }),
      /** The management or delegated administrator account that holds the instance. */
      account: accountId,
      /** The instance's region. */
      region: awsRegion,
      /** Identity store group ids of who may be assigned each permission set (aws identitystore list-groups). */
      groups: z.strictObject({
        auditor: identityStoreId,
        operator: identityStoreId,
        platformAdmin: identityStoreId,
      }),
    })
    .optional(),
  /** The deployment pipeline in accounts.deployment (README, "Deploy"). Absent: deploy with the CDK CLI. */
  pipeline: pipelineSchema.optional(),
});

/** What a config file may contain (defaults not yet applied). */
export type RampartConfigInput = z.input<typeof rampartConfigSchema>;
/** A validated config with defaults applied: what buildApp receives. */
export type RampartConfig = z.output<typeof rampartConfigSchema>;
export type TenantConfig = RampartConfig['tenants'][number];
