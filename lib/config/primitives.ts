import { z } from 'zod';
import { PAGING_ENDPOINT } from '../promises/alert-routing';
import { formatBlock, networkOf, parseCidr } from './cidr';
import { AWS_REGIONS } from './regions';

/**
 * Small reusable schema pieces. Every one carries the message a user sees after the config path,
 * so errors read `accounts.platform: expected 12 digits, got "12ab"`.
 */

export const accountId = z.string({ error: 'expected 12 digits as a quoted string' }).regex(/^\d{12}$/, { error: 'expected 12 digits' });

export const awsRegion = z.enum(AWS_REGIONS, {
  error: 'expected an AWS commercial region name such as "us-east-1"',
});

/**
 * A lowercase DNS label: it ends up in stack names, bucket names and tags, so it must be valid in
 * all of them. `maxLength` keeps derived names (e.g. S3 buckets, 63 chars) within limits.
 */
export function dnsLabel(maxLength: number) {
  return z.string({ error: 'expected a string' }).regex(new RegExp(`^[a-z](?:[a-z0-9-]{0,${maxLength - 2}}[a-z0-9])?$`), {
    error: `expected a DNS-safe name: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most ${maxLength} characters`,
  });
}

export const ipv4Cidr = z
  .string({ error: 'expected an IPv4 CIDR block such as "10.0.0.0/16"' })
  .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/, {
    error: 'expected an IPv4 CIDR block such as "10.0.0.0/16"',
  });

/**
 * An IPv4 CIDR whose prefix length is within `min`..`max` and whose host bits are zero, as VPCs and
 * allocation need: `10.1.0.1/16` is refused with the network address to write instead.
 */
export function networkCidr(min: number, max: number) {
  return ipv4Cidr.superRefine((value, ctx) => {
    const parsed = ipv4Cidr.safeParse(value).success ? parseCidr(value) : undefined;
    if (parsed === undefined) return; // the pattern above already reported it
    if (parsed.prefix < min || parsed.prefix > max) {
      ctx.addIssue({ code: 'custom', message: `expected a CIDR block from /${min} to /${max}` });
      return;
    }
    const network = networkOf(parsed.address, parsed.prefix);
    if (network !== parsed.address) {
      ctx.addIssue({
        code: 'custom',
        message: `expected the network address (host bits zero) "${formatBlock({ base: network, prefix: parsed.prefix })}"`,
      });
    }
  });
}

/** An image tag as Docker and ECR accept it (the repositories' tags are immutable: a new release is a new tag). */
export const imageTag = z.string({ error: 'expected an image tag such as "1.0.0"' }).regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
  error: 'expected an image tag: letters, digits, "_", "." and "-", at most 128 characters, not starting with "." or "-"',
});

export function wholeNumber(min: number, max: number) {
  return z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });
}

export const bool = z.boolean({ error: 'expected true or false' });

/** An email address: an SNS email subscription (AWS) or a Cloud Monitoring email channel (Google Cloud). */
export const emailAddress = z
  .string({ error: 'expected an email address' })
  .regex(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i, { error: 'expected an email address' });

/** An HTTPS URL that pages a person (PAGING_ENDPOINT): an incident tool's integration URL or a chat webhook. */
export const pagingEndpoint = z
  .string({ error: 'expected an https:// URL' })
  .regex(PAGING_ENDPOINT, { error: 'expected an https:// URL such as "https://events.pagerduty.com/integration/<key>/enqueue"' });

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}
