import { z } from 'zod';
import { broadEgressDomainReason, EGRESS_DOMAIN } from '../promises/egress-domains';
import { BREAK_GLASS_PRINCIPAL } from '../promises/people-access';
import { DEFAULT_VULNERABILITY_ALERT_SEVERITY, INSPECTOR_SEVERITIES } from '../promises/vulnerability-scanning';
import { bool, emailAddress, imageTag, ipv4Cidr, pagingEndpoint, wholeNumber } from './primitives';

/**
 * The `platform:` section: choices for the regional platform (network, ingress, hosting, data).
 * Everything has a secure default; only legitimate choices are exposed.
 */

const hostname = z
  .string({ error: 'expected a DNS hostname such as "app.example.com"' })
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: 'expected a lowercase DNS hostname such as "app.example.com"',
  });

/**
 * A domain pattern for the egress allowlist: `example.com` or `.example.com` (subdomains). A wildcard
 * over AWS endpoint names (`.amazonaws.com`, ...) or an S3 service endpoint is refused: it would let
 * a workload send data to any account's bucket (broadEgressDomainReason says why, per entry).
 */
const egressDomain = z
  .string({ error: 'expected a domain such as "api.example.com"' })
  .regex(EGRESS_DOMAIN, {
    error: 'expected a domain such as "example.com" or ".example.com" (subdomains)',
  })
  .superRefine((value, ctx) => {
    const reason = EGRESS_DOMAIN.test(value) ? broadEgressDomainReason(value) : undefined;
    if (reason !== undefined) ctx.addIssue({ code: 'custom', message: `NET-ISOLATION: ${reason}` });
  });

/** The hosted service's defaults: images/hosted-service at 1.0.0, serving TLS on 8443. */
const CONTAINER_DEFAULTS = { imageTag: '1.0.0', port: 8443, cpu: 512, memoryMiB: 1024, desiredCount: 2 } as const;

export const platformSchema = z.strictObject({
  /** Public hostname served by the load balancer; its ACM certificate is validated by DNS. */
  domain: hostname.default('app.example.com'),
  /** Receives high-severity GuardDuty and Security Hub findings (SNS email subscription). */
  alertEmail: emailAddress.default('security@example.com'),
  /** DETECT: where findings go by severity (high and critical page a person, medium to a digest). */
  alerts: z
    .strictObject({
      /**
       * An HTTPS URL that pages a person (an incident tool's SNS integration URL or a chat webhook),
       * subscribed to each detection stack's page topic. Required with an AWS part (a cross-field rule,
       * lib/config/cross-field-rules.ts): the policy's triage within minutes, 24/7, needs a page.
       */
      pagingEndpoint: pagingEndpoint.optional(),
      /** Receives medium-severity findings (the digest topic's email subscription); default: alertEmail. */
      digestEmail: emailAddress.optional(),
    })
    .default({}),
  /**
   * ACCESS-MFA: the IAM users or roles (of a security account, outside Identity Center) that may
   * assume the break-glass role in every account with a trail, only with MFA; every use alarms.
   * Empty: no break-glass role is built.
   */
  breakGlassPrincipals: z
    .array(
      z
        .string()
        .regex(BREAK_GLASS_PRINCIPAL, { error: 'expected an IAM user or role ARN (arn:aws:iam::<account>:user/<name>), never a root or wildcard' }),
      {
        error: 'expected a list of IAM user or role ARNs',
      },
    )
    .default([]),
  /**
   * VULN-SCAN: Amazon Inspector findings of this severity or above go to the alert topic (the rest
   * wait in Inspector and Security Hub).
   */
  vulnerabilityAlertSeverity: z
    .enum(INSPECTOR_SEVERITIES, { error: `expected one of ${INSPECTOR_SEVERITIES.join(', ')}` })
    .default(DEFAULT_VULNERABILITY_ALERT_SEVERITY),
  /** Availability zones per VPC (MULTI-AZ: at least 2). */
  maxAzs: wholeNumber(2, 6).default(3),
  /** The platform VPC's CIDR (tenant VPCs are allocated elsewhere and never overlap it). */
  vpcCidr: ipv4Cidr.default('10.0.0.0/16'),
  /**
   * Domains workloads may reach on the internet through the Network Firewall, over TLS only (matched
   * on SNI); all else is dropped. Empty by default: the AWS APIs the platform calls are reached through
   * its VPC endpoints, never through the firewall.
   */
  egressAllowlist: z.array(egressDomain, { error: 'expected a list of domains' }).default([]),
  container: z
    .strictObject({
      /**
       * Tag of the service image in each platform stack's own ECR repository (scan on push, immutable
       * tags: a new release is a new tag). The image (images/hosted-service) is pushed there before
       * the first deploy; see the README, "Service image". Replaces `image`: no public image runs.
       */
      imageTag: imageTag.default(CONTAINER_DEFAULTS.imageTag),
      /** Port the container serves TLS on; at least 1024, since it runs as a non-root user. */
      port: wholeNumber(1024, 65535).default(CONTAINER_DEFAULTS.port),
      cpu: z
        .union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)], {
          error: 'expected one of 256, 512, 1024, 2048, 4096',
        })
        .default(CONTAINER_DEFAULTS.cpu),
      memoryMiB: wholeNumber(512, 30720).default(CONTAINER_DEFAULTS.memoryMiB),
      desiredCount: wholeNumber(2, 100).default(CONTAINER_DEFAULTS.desiredCount),
    })
    .default(CONTAINER_DEFAULTS),
  waf: z
    .strictObject({
      /** Requests per 5 minutes per client IP before the rate-based rule blocks it. */
      rateLimitPer5Minutes: wholeNumber(100, 2_000_000_000).default(2000),
      /** Custom rule: client CIDRs to block outright. */
      blockedCidrs: z.array(ipv4Cidr, { error: 'expected a list of CIDR blocks' }).default([]),
      /** Custom rule: ISO 3166-1 alpha-2 country codes to block. */
      blockedCountries: z.array(z.string().regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166 alpha-2 country code such as "KP"' })).default([]),
    })
    .default({ rateLimitPer5Minutes: 2000, blockedCidrs: [], blockedCountries: [] }),
  data: z
    .strictObject({
      /** Days after which objects in the platform data bucket expire; absent keeps them. */
      expireAfterDays: wholeNumber(1, 36500).optional(),
      /** Aurora Serverless v2 capacity bounds (ACUs). */
      minCapacity: z.number().min(0.5).max(128).default(0.5),
      maxCapacity: z.number().min(1).max(128).default(4),
    })
    .default({ minCapacity: 0.5, maxCapacity: 4 }),
  /** Container Insights, GuardDuty runtime monitoring and similar paid detections; never off by default. */
  enhancedMonitoring: bool.default(true),
});

export type PlatformConfig = z.output<typeof platformSchema>;
