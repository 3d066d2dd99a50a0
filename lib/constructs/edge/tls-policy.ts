import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/**
 * TLS policies every Rampart listener accepts (control TLS: TLS 1.3 preferred, 1.2 minimum): the TLS 1.3
 * policies whose minimum is TLS 1.2 or 1.3, without the "Ext" variants (they re-admit CBC and
 * SHA-1 cipher suites for legacy clients). FIPS and post-quantum variants of these are accepted.
 */
export const ACCEPTED_SSL_POLICIES: ReadonlySet<string> = new Set([
  elbv2.SslPolicy.RECOMMENDED_TLS, // ELBSecurityPolicy-TLS13-1-2-2021-06
  elbv2.SslPolicy.TLS13_RES,
  elbv2.SslPolicy.TLS13_13,
  elbv2.SslPolicy.TLS13_12_PQ,
  elbv2.SslPolicy.TLS13_12_RES_PQ,
  elbv2.SslPolicy.TLS13_13_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12,
  elbv2.SslPolicy.FIPS_TLS13_12_RES,
  elbv2.SslPolicy.FIPS_TLS13_13,
  elbv2.SslPolicy.FIPS_TLS13_12_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12_RES_PQ,
  elbv2.SslPolicy.FIPS_TLS13_13_PQ,
]);

/** The minimum TLS version an ELB TLS 1.3 policy accepts, read from its name (`...-TLS13-1-2-...` -> `1.2`). */
export function minimumOfSslPolicy(name: string): '1.2' | '1.3' | undefined {
  const match = /^ELBSecurityPolicy-TLS13-1-([23])-/.exec(name);
  return match === null ? undefined : match[1] === '3' ? '1.3' : '1.2';
}

/** The listener policy for a minimum (TLS-EDGE, policy.tls.minimum): TLS 1.3 preferred either way. */
export function sslPolicyFor(minimum: '1.2' | '1.3'): elbv2.SslPolicy {
  return minimum === '1.3' ? elbv2.SslPolicy.TLS13_13 : elbv2.SslPolicy.RECOMMENDED_TLS;
}

/**
 * The checks every TLS ingress makes on its props (public ALB, private NLB): a policy from
 * ACCEPTED_SSL_POLICIES and a lowercase DNS hostname for the certificate. Throws naming the
 * construct (`where`), the prop and the value received.
 */
export function checkTlsIngressProps(
  where: string,
  props: { readonly sslPolicy: elbv2.SslPolicy; readonly domainName: string; readonly exampleDomain: string; readonly tlsMinimum?: '1.2' | '1.3' },
): void {
  if (props.tlsMinimum === '1.3' && minimumOfSslPolicy(props.sslPolicy) !== '1.3') {
    throw new Error(
      `${where}: sslPolicy must accept TLS 1.3 only (policy.tls.minimum is 1.3), e.g. ${elbv2.SslPolicy.TLS13_13}, got "${props.sslPolicy}"`,
    );
  }
  if (!ACCEPTED_SSL_POLICIES.has(props.sslPolicy)) {
    throw new Error(
      `${where}: sslPolicy must be a TLS 1.3 policy with TLS 1.2 or 1.3 as minimum (e.g. ${elbv2.SslPolicy.RECOMMENDED_TLS}), got "${props.sslPolicy}"`,
    );
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(props.domainName)) {
    throw new Error(`${where}: domainName must be a lowercase DNS hostname such as "${props.exampleDomain}", got "${props.domainName}"`);
  }
}
