import { Construct } from 'constructs';
import {
  CloudRunV2Service,
  ComputeBackendService,
  ComputeGlobalAddress,
  ComputeGlobalForwardingRule,
  ComputeManagedSslCertificate,
  ComputeRegionNetworkEndpointGroup,
  ComputeSslPolicy,
  ComputeTargetHttpProxy,
  ComputeTargetHttpsProxy,
  ComputeUrlMap,
} from '../bindings';
import { CloudArmorPolicy } from './waf';

export interface EdgeLoadBalancerProps {
  /** Project the (global) load balancer is created in. */
  readonly project: string;
  /** Region of the Cloud Run service and its serverless network endpoint group (the stack's region). */
  readonly region: string;
  /** Name prefix of the stack: every edge resource is named `<prefix>-...`. */
  readonly prefix: string;
  /** Host name the Google-managed certificate is issued for. */
  readonly domain: string;
  /**
   * Lowest TLS version the SSL policy accepts (control TLS-EDGE). Required: the stack passes the
   * policy's minimum (sslPolicyMinTlsVersion of policy.tls.minimum).
   */
  readonly minTlsVersion: SslPolicyTlsVersion;
  /** SSL policy cipher profile: RESTRICTED also drops non-PCI ciphers. Neither allows TLS below `minTlsVersion`. */
  readonly tlsProfile: 'RESTRICTED' | 'MODERN';
  /**
   * The Cloud Run service (same region) behind the load balancer, defined in the same stack: the
   * serverless NEG refers to it, so the NEG can never point at a service nobody defined (whose
   * `*.run.app` URL nothing would keep behind Cloud Armor).
   */
  readonly service: CloudRunV2Service;
  /** Cloud Armor policy attached to the backend service. Required: there is no public backend without WAF and rate limit. */
  readonly securityPolicy: CloudArmorPolicy;
}

/** The SSL policy's `min_tls_version` values Rampart uses; older versions are never offered. */
export type SslPolicyTlsVersion = 'TLS_1_2' | 'TLS_1_3';

/** `'1.2'` -> `TLS_1_2`: the policy's TLS minimum as a Compute Engine SSL policy names it. */
export function sslPolicyMinTlsVersion(minimum: '1.2' | '1.3'): SslPolicyTlsVersion {
  return `TLS_${minimum.replace('.', '_')}` as SslPolicyTlsVersion;
}

/** HSTS for two years on the host and its subdomains. */
const HSTS = 'Strict-Transport-Security: max-age=63072000; includeSubDomains';

/**
 * Global external Application Load Balancer: HTTPS only (port 80 answers with a 301 to HTTPS and
 * reaches no backend), a Google-managed certificate, an SSL policy with the policy's TLS minimum, the Cloud
 * Armor policy on the backend service, request logging at 100 %, HSTS on every response.
 */
export class EdgeLoadBalancer extends Construct {
  readonly address: ComputeGlobalAddress;
  readonly sslPolicy: ComputeSslPolicy;
  readonly backendService: ComputeBackendService;

  constructor(scope: Construct, id: string, props: EdgeLoadBalancerProps) {
    super(scope, id);
    const { project, prefix } = props;
    this.address = new ComputeGlobalAddress(this, 'address', { project, name: `${prefix}-lb`, addressType: 'EXTERNAL', ipVersion: 'IPV4' });
    const certificate = new ComputeManagedSslCertificate(this, 'certificate', {
      project,
      name: `${prefix}-cert`,
      type: 'MANAGED',
      managed: { domains: [props.domain] },
      // A new certificate must be attached before the old one can go.
      lifecycle: { createBeforeDestroy: true },
    });
    this.sslPolicy = new ComputeSslPolicy(this, 'ssl-policy', {
      project,
      name: `${prefix}-tls`,
      description: `TLS ${props.minTlsVersion.slice('TLS_'.length).replace('_', '.')} minimum, ${props.tlsProfile} cipher profile`,
      minTlsVersion: props.minTlsVersion,
      profile: props.tlsProfile,
    });
    const neg = new ComputeRegionNetworkEndpointGroup(this, 'serverless-neg', {
      project,
      name: `${prefix}-run`,
      region: props.region,
      networkEndpointType: 'SERVERLESS',
      cloudRun: { service: props.service.name },
    });
    this.backendService = new ComputeBackendService(this, 'backend', {
      project,
      name: `${prefix}-backend`,
      loadBalancingScheme: 'EXTERNAL_MANAGED',
      protocol: 'HTTPS',
      securityPolicy: props.securityPolicy.policy.id,
      customResponseHeaders: [HSTS],
      logConfig: { enable: true, sampleRate: 1 },
      backend: [{ group: neg.id }],
    });
    const urlMap = new ComputeUrlMap(this, 'https-map', { project, name: `${prefix}-https`, defaultService: this.backendService.id });
    const httpsProxy = new ComputeTargetHttpsProxy(this, 'https-proxy', {
      project,
      name: `${prefix}-https`,
      urlMap: urlMap.id,
      sslCertificates: [certificate.id],
      sslPolicy: this.sslPolicy.id,
    });
    new ComputeGlobalForwardingRule(this, 'https-rule', {
      project,
      name: `${prefix}-https`,
      target: httpsProxy.id,
      ipAddress: this.address.id,
      ipProtocol: 'TCP',
      portRange: '443',
      loadBalancingScheme: 'EXTERNAL_MANAGED',
    });
    const redirectMap = new ComputeUrlMap(this, 'http-redirect-map', {
      project,
      name: `${prefix}-http-redirect`,
      description: 'Port 80: permanent redirect to HTTPS, no backend',
      defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: 'MOVED_PERMANENTLY_DEFAULT', stripQuery: false },
    });
    const httpProxy = new ComputeTargetHttpProxy(this, 'http-proxy', { project, name: `${prefix}-http-redirect`, urlMap: redirectMap.id });
    new ComputeGlobalForwardingRule(this, 'http-rule', {
      project,
      name: `${prefix}-http-redirect`,
      target: httpProxy.id,
      ipAddress: this.address.id,
      ipProtocol: 'TCP',
      portRange: '80',
      loadBalancingScheme: 'EXTERNAL_MANAGED',
    });
  }
}
