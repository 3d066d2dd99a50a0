import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { PUBLISHED_POLICY } from '../../promises/policy-numbers';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/** ELB TLS 1.3 policies whose minimum protocol is TLS 1.2 or 1.3 (excludes TLS13-1-0 and TLS13-1-1). */
export const TLS13_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-/;
/** ELB TLS 1.3 policies that accept TLS 1.3 only, for a policy whose minimum is 1.3. */
const TLS13_ONLY_POLICY = /^ELBSecurityPolicy-TLS13-1-3-/;

/**
 * TLS: every HTTPS (and TLS) listener negotiates TLS 1.3 when the client can and never less than
 * TLS 1.2. Without an SslPolicy ELB falls back to ELBSecurityPolicy-2016-08 (TLS 1.0), so an absent
 * policy is non-compliant. The public packs only check that a certificate exists.
 */
export const HttpsListenerTls13: RampartRule = {
  id: 'HttpsListenerTls13',
  controls: ['TLS-EDGE'],
  info: 'The HTTPS/TLS listener does not use a TLS 1.3 security policy with TLS 1.2 as minimum.',
  explanation:
    'The published policy promises TLS 1.3 preferred and TLS 1.2 minimum. Set SslPolicy to an ELBSecurityPolicy-TLS13-1-2-* or ELBSecurityPolicy-TLS13-1-3-* policy (PublicIngress uses ELBSecurityPolicy-TLS13-1-2-2021-06 by default).',
  check(resource: CfnResource, policy = PUBLISHED_POLICY) {
    if (resource.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener') return NagRuleCompliance.NOT_APPLICABLE;
    const props = resolvedProperties(resource);
    if (props.Protocol !== 'HTTPS' && props.Protocol !== 'TLS') return NagRuleCompliance.NOT_APPLICABLE;
    const sslPolicy = props.SslPolicy;
    const accepted = policy.tls.minimum === '1.3' ? TLS13_ONLY_POLICY : TLS13_POLICY;
    return typeof sslPolicy === 'string' && accepted.test(sslPolicy) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
