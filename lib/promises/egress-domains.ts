// What an egress allowlist entry may name (NET-ISOLATION). Pure functions without imports: the
// NetworkFirewall construct, config validation and the evidence verifier apply the same rule.

/** An allowlist entry: `example.com` (exactly that name) or `.example.com` (the domain and every subdomain). */
export const EGRESS_DOMAIN = /^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The DNS suffixes under which AWS names its service endpoints (commercial, China, dual-stack). */
const AWS_ENDPOINT_SUFFIXES = ['amazonaws.com', 'amazonaws.com.cn', 'api.aws'] as const;

/**
 * Why `entry` may not be on an egress allowlist, or undefined when it may. AWS names must be written
 * out exactly, because a wildcard under an AWS endpoint suffix lets a workload send data to any AWS
 * account: `.amazonaws.com` (or `.amazonaws.com.cn`, `.api.aws`) covers every service endpoint, and a
 * narrower wildcard (`.us-east-1.amazonaws.com`, `.s3.amazonaws.com`, `.execute-api.eu-west-1.amazonaws.com`)
 * still covers the names AWS gives other accounts' buckets, registries and APIs. An S3 service
 * endpoint (`s3.us-east-1.amazonaws.com`, `s3-accesspoint.eu-west-1.amazonaws.com`) is refused even
 * when exact: path-style requests through it reach every account's buckets. A named endpoint
 * (`sts.us-east-1.amazonaws.com`) or one bucket's virtual-hosted name (`my-bucket.s3.us-east-1.amazonaws.com`)
 * is allowed.
 */
export function broadEgressDomainReason(entry: string): string | undefined {
  const wildcard = entry.startsWith('.');
  const name = wildcard ? entry.slice(1) : entry;
  const suffix = AWS_ENDPOINT_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (suffix === undefined) return undefined;
  const firstLabel = name === suffix ? undefined : name.split('.')[0];
  const exfiltration = "so a workload could send data to any AWS account's bucket or API (exfiltration through AWS itself)";
  const instead = 'name each endpoint exactly, or reach the service through a VPC endpoint';
  if (wildcard && firstLabel === undefined) return `covers every AWS service endpoint under ${suffix}, ${exfiltration}; ${instead}`;
  if (wildcard) return `covers every name under ${name}, including those AWS gives other accounts' resources, ${exfiltration}; ${instead}`;
  if (/^s3($|[-.])/.test(firstLabel ?? '')) {
    return `is an S3 service endpoint: path-style requests through it reach every account's buckets, ${exfiltration}; reach S3 through the VPC's S3 gateway endpoint, whose policy admits only this account's buckets`;
  }
  return undefined;
}
