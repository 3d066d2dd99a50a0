import { z } from 'zod';
import { Ipv4Block, parseBlock } from './cidr';
import { accountId, awsRegion, dnsLabel } from './primitives';
import { EU_DEFAULTS, HIPAA_DEFAULTS, rampartConfigSchema } from './schema';
import { TENANCY_DEFAULTS, tenancySchema } from './tenancy-schema';
import { pipelineRegionOf } from './pipeline-schema';
import { policySchema } from './policy-schema';
import type { PolicyNumbers } from '../promises/policy-numbers';
import { DEFAULT_ISOLATION, type IsolationModel, type Plan } from './plans';

/**
 * What the tenant rules need from a config document, read defensively. Cross-field rules run on
 * the raw document when the schema found errors (so every problem is reported at once): here a
 * missing value takes its schema default and an invalid one becomes undefined, so a rule skips it
 * (the schema has already reported it).
 */

type Doc = Record<string, unknown>;

export const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `value` if the schema accepts it, `fallback` if it is absent, undefined if it is invalid. */
function pick<T>(schema: z.ZodType<T>, value: unknown, fallback?: T): T | undefined {
  if (value === undefined) return fallback;
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

export interface TenantView {
  readonly index: number;
  readonly id?: string;
  readonly plan?: Plan;
  /** The tenant's isolation model, its plan's default applied; undefined when either is invalid. */
  readonly isolation?: IsolationModel;
  readonly residency?: 'us' | 'eu';
  readonly hipaa: boolean;
  /** True when `account` is present, valid or not. */
  readonly accountGiven: boolean;
  readonly account?: string;
  /** True when `cidr` is present, valid or not. */
  readonly cidrGiven: boolean;
  readonly cidr?: Ipv4Block;
}

/** The policy the document asks for, defaults applied; undefined when the section is invalid. */
export function documentPolicy(doc: Doc): (PolicyNumbers & { readonly acceptedExceptions: readonly string[] }) | undefined {
  const parsed = policySchema.safeParse(doc.policy ?? {});
  return parsed.success ? parsed.data : undefined;
}

export interface ConfigView {
  readonly environment?: string;
  /** The resolved policy numbers; undefined when the policy: section is invalid. */
  readonly policy?: PolicyNumbers;
  readonly accounts: { readonly platform?: string; readonly hipaa?: string; readonly eu?: string; readonly deployment?: string };
  readonly regions: { readonly primary?: string; readonly dr?: string };
  /** Present when the document has `pipeline:`; its region defaults to regions.primary. */
  readonly pipeline?: { readonly region?: string };
  readonly eu: { readonly region?: string; readonly vpcCidr?: Ipv4Block };
  readonly hipaa: { readonly enabled: boolean; readonly region?: string; readonly vpcCidr?: Ipv4Block };
  readonly platformVpcCidr?: Ipv4Block;
  readonly tenancy: {
    readonly supernet?: Ipv4Block;
    readonly vpcPrefixLength?: number;
    readonly graceDays?: number;
    readonly keyDeletionWindowDays?: number;
  };
  readonly tenants: readonly TenantView[];
}

const block = (schema: z.ZodType<string>, value: unknown, fallback?: string): Ipv4Block | undefined => {
  const text = pick(schema, value, fallback);
  return text === undefined ? undefined : parseBlock(text);
};

const tenancyShape = tenancySchema.shape;
const offboardingShape = tenancySchema.shape.offboarding.unwrap().shape;

export function configView(document: unknown): ConfigView {
  const doc = obj(document) ?? {};
  const accounts = obj(doc.accounts);
  const regions = obj(doc.regions);
  const eu = obj(obj(doc.residency)?.eu);
  const hipaa = obj(doc.hipaa);
  const tenancy = obj(doc.tenancy);
  const offboarding = obj(tenancy?.offboarding);
  const rawPlatform = obj(doc.platform);
  const pipeline = obj(doc.pipeline);
  // The schema's own pieces decide validity, so a value is valid here exactly when the schema accepts it.
  const shape = rampartConfigSchema.shape;
  const tenantShape = shape.tenants.unwrap().element.shape;
  const euShape = shape.residency.unwrap().shape.eu.unwrap().shape;
  const hipaaShape = shape.hipaa.unwrap().shape;
  const platformShape = shape.platform.unwrap().shape;
  return {
    environment: pick(dnsLabel(8), doc.environment),
    policy: documentPolicy(doc),
    accounts: {
      platform: pick(accountId, accounts?.platform),
      hipaa: pick(accountId, accounts?.hipaa),
      eu: pick(accountId, accounts?.eu),
      deployment: pick(accountId, accounts?.deployment),
    },
    regions: { primary: pick(awsRegion, regions?.primary), dr: pick(awsRegion, regions?.dr) },
    pipeline: pipeline === undefined ? undefined : { region: pick(awsRegion, pipelineRegionOf(pipeline, regions?.primary)) },
    eu: { region: pick(awsRegion, eu?.region, EU_DEFAULTS.region), vpcCidr: block(euShape.vpcCidr.unwrap(), eu?.vpcCidr, EU_DEFAULTS.vpcCidr) },
    hipaa: {
      enabled: hipaa?.enabled !== false,
      region: pick(awsRegion, hipaa?.region, HIPAA_DEFAULTS.region),
      vpcCidr: block(hipaaShape.vpcCidr.unwrap(), hipaa?.vpcCidr, HIPAA_DEFAULTS.vpcCidr),
    },
    platformVpcCidr: block(platformShape.vpcCidr.unwrap(), rawPlatform?.vpcCidr, platformShape.vpcCidr.parse(undefined)),
    tenancy: {
      supernet: block(tenancyShape.supernet.unwrap(), tenancy?.supernet, TENANCY_DEFAULTS.supernet),
      vpcPrefixLength: pick(tenancyShape.vpcPrefixLength.unwrap(), tenancy?.vpcPrefixLength, TENANCY_DEFAULTS.vpcPrefixLength),
      graceDays: pick(offboardingShape.graceDays.unwrap(), offboarding?.graceDays, TENANCY_DEFAULTS.offboarding.graceDays),
      keyDeletionWindowDays: pick(
        offboardingShape.keyDeletionWindowDays.unwrap(),
        offboarding?.keyDeletionWindowDays,
        TENANCY_DEFAULTS.offboarding.keyDeletionWindowDays,
      ),
    },
    tenants: list(doc.tenants).map((raw, index): TenantView => {
      const tenant = obj(raw) ?? {};
      const plan = pick(tenantShape.plan, tenant.plan);
      const chosen = pick(tenantShape.isolation.unwrap(), tenant.isolation);
      return {
        index,
        id: pick(tenantShape.id, tenant.id),
        plan,
        isolation: tenant.isolation !== undefined ? chosen : plan === undefined ? undefined : DEFAULT_ISOLATION[plan],
        residency: pick(tenantShape.residency, tenant.residency),
        hipaa: tenant.hipaa === true,
        accountGiven: tenant.account !== undefined,
        account: pick(accountId, tenant.account),
        cidrGiven: tenant.cidr !== undefined,
        cidr: block(tenantShape.cidr.unwrap(), tenant.cidr),
      };
    }),
  };
}
