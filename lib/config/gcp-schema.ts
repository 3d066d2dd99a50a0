import { z } from 'zod';
import { DEFAULT_GCP_REGION, GCP_EU_REGIONS, GCP_REGIONS } from './gcp-regions';
import { gcpAlertsSchema } from './gcp-alerts';
import { gcpServiceSchema } from './gcp-service';
import { bool, dnsLabel, ipv4Cidr, oneOf, wholeNumber } from './primitives';

/**
 * The `gcp:` section: the Google Cloud recordings platform synthesized with CDK for Terraform.
 */

export { GCP_EU_REGIONS, GCP_REGIONS } from './gcp-regions';

const gcpProjectId = z.string({ error: 'expected a Google Cloud project id' }).regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
  error: 'expected a Google Cloud project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter',
});

const workspace = z.strictObject({
  /** Workspace id: recordings live under `workspaces/<id>/` in the recordings bucket. */
  id: dnsLabel(30),
  /** Days after which the workspace's recordings are deleted. */
  deleteAfterDays: wholeNumber(1, 3650),
});

/**
 * Cloud Storage allows 100 lifecycle rules per bucket. Workspaces sharing a deletion schedule share
 * one rule (matchesPrefix lists them), so the limit is on distinct schedules, not on workspaces.
 */
export const MAX_DISTINCT_DELETION_SCHEDULES = 90;
/** Each matchesPrefix entry counts against the bucket's lifecycle configuration size. */
export const MAX_WORKSPACES = 1000;

const domainName = z
  .string({ error: 'expected a DNS name such as "recordings.example.com"' })
  .regex(/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: 'expected a lowercase DNS name such as "recordings.example.com" (the managed TLS certificate is issued for it)',
  });

const port = wholeNumber(1, 65535);

/** Service limits the bounds come from (not policy numbers: those live in the policy: section). */
export const GCP_LIMITS = {
  /** Cloud KMS accepts a rotation period from one day to 100 years. */
  rotationDays: { min: 1, max: 36500 },
  /** Cloud Storage lifecycle conditions count days; 100 years is the widest any Rampart lifecycle takes. */
  lifecycleDays: { min: 1, max: 36500 },
  /** Cloud Logging keeps a log bucket's entries 1 to 3650 days. */
  logBucketDays: { min: 1, max: 3650 },
} as const;

/** The rate-limit intervals Cloud Armor accepts. */
export const RATE_LIMIT_INTERVALS = [10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600] as const;

const DEFAULT_CIDRS: Record<string, string> = {
  'network.subnetCidr': '10.20.0.0/20',
  'network.servicesCidr': '10.21.0.0/20',
  'eu.network.subnetCidr': '10.30.0.0/20',
  'eu.network.servicesCidr': '10.31.0.0/20',
};

/** The private network of one stack: the workload subnet and the range peered to Google services (Cloud SQL). */
function networkSchema(subnetCidr: string, servicesCidr: string) {
  return z
    .strictObject({
      /** Private workload subnet (private Google access and flow logs on). */
      subnetCidr: ipv4Cidr.default(subnetCidr),
      /** Range reserved for private services access (Cloud SQL private IP); /16 to /24. */
      servicesCidr: ipv4Cidr.default(servicesCidr),
    })
    .default({ subnetCidr, servicesCidr });
}

const keys = z
  .strictObject({
    /**
     * Automatic rotation period of every Cloud KMS key, in days. The bounds are what Cloud KMS accepts;
     * the policy's maximum (policy.keyRotation.gcpMaxDays) is checked by the config's policy rules.
     * @default policy.keyRotation.gcpMaxDays
     */
    rotationDays: wholeNumber(GCP_LIMITS.rotationDays.min, GCP_LIMITS.rotationDays.max).optional(),
    /** HSM keeps key material in FIPS 140-2 Level 3 HSMs; SOFTWARE is cheaper. Both are AES-256-GCM. */
    protectionLevel: oneOf(['HSM', 'SOFTWARE'] as const).default('HSM'),
  })
  .default({ protectionLevel: 'HSM' });

const storage = z
  .strictObject({
    /** Soft-delete window of every bucket: deleted objects stay restorable this long (7 to 90 days). */
    softDeleteDays: wholeNumber(7, 90).default(7),
    /**
     * Days a replaced or deleted recording version is kept before the lifecycle removes it. Together
     * with softDeleteDays it bounds how long a deleted recording stays restorable; the config's policy
     * rules hold that sum to the policy.
     */
    noncurrentVersionDays: wholeNumber(GCP_LIMITS.lifecycleDays.min, GCP_LIMITS.lifecycleDays.max).default(7),
  })
  .default({ softDeleteDays: 7, noncurrentVersionDays: 7 });

const edge = z
  .strictObject({
    /** SSL policy profile; both enforce the policy's TLS minimum (policy.tls.minimum). RESTRICTED also drops non-PCI ciphers. */
    tlsProfile: oneOf(['RESTRICTED', 'MODERN'] as const).default('RESTRICTED'),
    /** Cloud Armor preconfigured WAF sensitivity (1 = fewest false positives, 4 = most signatures). */
    wafSensitivity: wholeNumber(1, 4).default(2),
    /** Requests per client IP per interval before Cloud Armor answers 429. */
    rateLimitRequests: wholeNumber(10, 100000).default(600),
    /** Window of the rate limit, in seconds (one of the intervals Cloud Armor accepts). */
    rateLimitIntervalSec: z
      .number({ error: `expected one of ${RATE_LIMIT_INTERVALS.join(', ')}` })
      .refine((v) => (RATE_LIMIT_INTERVALS as readonly number[]).includes(v), { error: `expected one of ${RATE_LIMIT_INTERVALS.join(', ')}` })
      .default(60),
    /** Name of the Cloud Run service each stack defines (gcp.service) and fronts through a serverless NEG. */
    cloudRunService: dnsLabel(49).default('recordings-api'),
    /** TCP ports Google's health checkers may reach on instances tagged `lb-backend`. */
    healthCheckPorts: z.array(port, { error: 'expected a list of port numbers' }).min(1, { error: 'expected at least one port' }).default([443]),
  })
  .default({
    tlsProfile: 'RESTRICTED',
    wafSensitivity: 2,
    rateLimitRequests: 600,
    rateLimitIntervalSec: 60,
    cloudRunService: 'recordings-api',
    healthCheckPorts: [443],
  });

const database = z
  .strictObject({
    /** Cloud SQL machine tier of the PostgreSQL metadata database. */
    tier: z
      .string({ error: 'expected a Cloud SQL tier such as "db-custom-2-7680"' })
      .regex(/^db-(custom-\d+-\d+|perf-optimized-N-\d+|n1-(standard|highmem)-\d+)$/, {
        error: 'expected a Cloud SQL tier such as "db-custom-2-7680"',
      })
      .default('db-custom-2-7680'),
    version: oneOf(['POSTGRES_15', 'POSTGRES_16', 'POSTGRES_17'] as const).default('POSTGRES_16'),
  })
  .default({ tier: 'db-custom-2-7680', version: 'POSTGRES_16' });

const audit = z
  .strictObject({
    /**
     * Days the locked audit log bucket keeps entries (Cloud Logging accepts 1 to 3650); at least
     * policy.auditLogs.retentionDays (checked by the config's policy rules).
     * @default policy.auditLogs.retentionDays + AUDIT_EXPIRY_MARGIN_DAYS (lib/gcp/constructs/audit.ts: five weeks for the auditor's fieldwork)
     */
    retentionDays: wholeNumber(GCP_LIMITS.logBucketDays.min, GCP_LIMITS.logBucketDays.max).optional(),
  })
  .default({});

export const gcpSchema = z
  .strictObject({
    project: gcpProjectId,
    region: oneOf(GCP_REGIONS).default(DEFAULT_GCP_REGION),
    /** Host name of the recordings endpoint of the US stack (the Google-managed certificate is issued for it). */
    domain: domainName.default('recordings.example.com'),
    network: networkSchema(DEFAULT_CIDRS['network.subnetCidr'], DEFAULT_CIDRS['network.servicesCidr']),
    eu: z
      .strictObject({
        enabled: bool.default(true),
        region: oneOf(GCP_EU_REGIONS).default('europe-west1'),
        /** Project holding the EU stack; defaults to gcp.project. Required to differ when gcp.organizationId is set. */
        project: gcpProjectId.optional(),
        domain: domainName.default('eu.recordings.example.com'),
        network: networkSchema(DEFAULT_CIDRS['eu.network.subnetCidr'], DEFAULT_CIDRS['eu.network.servicesCidr']),
      })
      .default({
        enabled: true,
        region: 'europe-west1',
        domain: 'eu.recordings.example.com',
        network: { subnetCidr: '10.30.0.0/20', servicesCidr: '10.31.0.0/20' },
      }),
    /** Numeric organization id; when set, the EU stack adds a resource-locations org policy. */
    organizationId: z
      .string({ error: 'expected a numeric organization id as a quoted string' })
      .regex(/^\d{6,20}$/, { error: 'expected a numeric organization id' })
      .optional(),
    /** Cloud Storage bucket holding Terraform state (GCS backend, one prefix per stack); local state when unset. */
    stateBucket: z
      .string({ error: 'expected a Cloud Storage bucket name' })
      .regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, { error: 'expected a Cloud Storage bucket name' })
      .optional(),
    keys,
    storage,
    edge,
    /** The Cloud Run service behind the load balancer: its image and port (lib/config/gcp-service.ts). */
    service: gcpServiceSchema,
    database,
    audit,
    /** Who the log-based alerts reach (lib/config/gcp-alerts.ts). */
    alerts: gcpAlertsSchema,
    workspaces: z
      .array(workspace, { error: 'expected a list of workspaces' })
      .max(MAX_WORKSPACES, { error: `expected at most ${MAX_WORKSPACES} workspaces` })
      .default([]),
  })
  // Runs even when other fields failed (`when`), so every problem is reported in one round; hence
  // every read below is defensive.
  .superRefine(crossFieldChecks, { when: () => true });

const isCidr = (value: unknown): value is string => typeof value === 'string' && ipv4Cidr.safeParse(value).success;

/** Rules relating fields of the gcp: section to each other. */
function crossFieldChecks(raw: unknown, ctx: z.RefinementCtx): void {
  if (raw === null || typeof raw !== 'object') return;
  const gcp = raw as { [key: string]: unknown };
  const obj = (value: unknown): { [key: string]: unknown } =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { [key: string]: unknown }) : {};
  const eu = obj(gcp.eu);

  const firstIndex = new Map<string, number>();
  const schedules = new Set<number>();
  (Array.isArray(gcp.workspaces) ? gcp.workspaces : []).forEach((raw: unknown, index: number) => {
    const w = obj(raw);
    if (typeof w.deleteAfterDays === 'number') schedules.add(w.deleteAfterDays);
    if (typeof w.id !== 'string') return;
    const first = firstIndex.get(w.id);
    if (first === undefined) firstIndex.set(w.id, index);
    else ctx.addIssue({ code: 'custom', path: ['workspaces', index, 'id'], message: `duplicates gcp.workspaces[${first}].id`, input: w.id });
  });
  if (schedules.size > MAX_DISTINCT_DELETION_SCHEDULES) {
    ctx.addIssue({
      code: 'custom',
      path: ['workspaces'],
      message: `uses ${schedules.size} distinct deleteAfterDays values; at most ${MAX_DISTINCT_DELETION_SCHEDULES} fit in one bucket's lifecycle rules (round schedules to shared values)`,
      input: gcp.workspaces,
    });
  }

  const value = (name: string): string => {
    const [first, ...rest] = name.split('.');
    const section = first === 'eu' ? obj(eu.network) : obj(gcp.network);
    const key = first === 'eu' ? rest[1] : rest[0];
    const v = section[key];
    return isCidr(v) ? v : v === undefined ? DEFAULT_CIDRS[name] : '';
  };
  const euEnabled = eu.enabled !== false;
  const ranges: [string, string][] = Object.keys(DEFAULT_CIDRS)
    .filter((name) => euEnabled || !name.startsWith('eu.'))
    .map((name) => [name, value(name)] as [string, string])
    .filter(([, cidr]) => cidr !== '');
  for (const [name, cidr] of ranges) {
    const prefix = Number(cidr.split('/')[1]);
    if (name.endsWith('servicesCidr') && (prefix < 16 || prefix > 24)) {
      ctx.addIssue({
        code: 'custom',
        path: name.split('.'),
        message: 'expected a prefix length from /16 to /24 for private services access',
        input: cidr,
      });
    }
  }
  ranges.forEach(([name, cidr], i) => {
    const clash = ranges.slice(0, i).find(([, other]) => cidrsOverlap(cidr, other));
    if (clash === undefined) return;
    // Report on the range the user changed, so the message quotes what they wrote.
    const [at, written, other] =
      cidr === DEFAULT_CIDRS[name] && clash[1] !== DEFAULT_CIDRS[clash[0]] ? [clash[0], clash[1], [name, cidr]] : [name, cidr, clash];
    ctx.addIssue({ code: 'custom', path: at.split('.'), message: `overlaps gcp.${other[0]} (${other[1]})`, input: written });
  });

  const euProject = eu.project ?? gcp.project;
  if (gcp.organizationId !== undefined && euEnabled && euProject === gcp.project) {
    ctx.addIssue({
      code: 'custom',
      path: ['eu', 'project'],
      message:
        'must name a separate EU project when gcp.organizationId is set: the EU resource-locations policy applies to the whole project and would block the US stack',
      input: eu.project,
    });
  }
  const domain = gcp.domain ?? 'recordings.example.com';
  if (euEnabled && (eu.domain ?? 'eu.recordings.example.com') === domain) {
    ctx.addIssue({
      code: 'custom',
      path: ['eu', 'domain'],
      message: 'must differ from gcp.domain (each stack has its own load balancer)',
      input: eu.domain,
    });
  }
}

function cidrRange(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const base = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  const start = base - (base % size);
  return [start, start + size - 1];
}

function cidrsOverlap(a: string, b: string): boolean {
  const [aStart, aEnd] = cidrRange(a);
  const [bStart, bEnd] = cidrRange(b);
  return aStart <= bEnd && bStart <= aEnd;
}

export type GcpConfig = z.output<typeof gcpSchema>;
