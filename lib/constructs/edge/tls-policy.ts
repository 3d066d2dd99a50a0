import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/**
 * The listener policy for a minimum (control TLS, TLS-EDGE: policy.tls.minimum): a TLS 1.3 policy
 * either way, never an "Ext" variant (those re-admit CBC and SHA-1 cipher suites for legacy
 * clients): ELBSecurityPolicy-TLS13-1-2-2021-06 for 1.2, ELBSecurityPolicy-TLS13-1-3-2021-06 for 1.3.
 */
export function sslPolicyFor(minimum: '1.2' | '1.3'): elbv2.SslPolicy {
  return minimum === '1.3' ? elbv2.SslPolicy.TLS13_13 : elbv2.SslPolicy.RECOMMENDED_TLS;
}

/**
 * The check every TLS ingress makes on its props (public ALB, private NLB): a lowercase DNS hostname
 * for the certificate. Throws naming the construct (`where`), the prop and the value received.
 */
export function checkTlsIngressProps(where: string, props: { readonly domainName: string; readonly exampleDomain: string }): void {
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(props.domainName)) {
    throw new Error(`${where}: domainName must be a lowercase DNS hostname such as "${props.exampleDomain}", got "${props.domainName}"`);
  }
}
