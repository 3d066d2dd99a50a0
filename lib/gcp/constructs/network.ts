import { Construct } from 'constructs';
import { Fn, Op } from 'cdktf';
import {
  ComputeFirewall,
  ComputeGlobalAddress,
  ComputeNetwork,
  ComputeSubnetwork,
  DataGoogleComputeNetworks,
  ServiceNetworkingConnection,
} from '../bindings';

/** Source ranges of Google Cloud load-balancer health checks (and GFE proxies). Nothing else may reach workloads. */
export const GOOGLE_HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'] as const;

/** Network tag of instances that serve load-balancer traffic; the only targets of the health-check allow rule. */
export const LB_BACKEND_TAG = 'lb-backend';

/** The auto-mode network Compute Engine creates in every new project (with firewall rules open to the internet). */
export const DEFAULT_NETWORK = 'default';

/**
 * What a plan says when the project still has its default network. Terraform cannot delete a network
 * it does not manage, and compute.skipDefaultNetworkCreation only acts when a project is created, so
 * the stack refuses to deploy until someone deletes it.
 */
export function defaultNetworkMessage(project: string): string {
  return (
    `Project ${project} still has the auto-mode "default" network (firewall rules default-allow-ssh, -rdp, -icmp and -internal open it). ` +
    `Delete it before deploying: gcloud compute firewall-rules list --project=${project} --filter=network=default, delete each rule, then ` +
    `gcloud compute networks delete default --project=${project}. Set compute.skipDefaultNetworkCreation on the organization so new projects never get one.`
  );
}

export interface PrivateNetworkProps {
  /** Project the VPC is created in. */
  readonly project: string;
  /** Region of the private subnet. */
  readonly region: string;
  /** Name prefix of the stack: the VPC is `<prefix>-vpc`, the subnet `<prefix>-private`. */
  readonly prefix: string;
  /** IPv4 range of the private workload subnet (config gcp.network.subnetCidr). */
  readonly subnetCidr: string;
  /** Range peered to Google's service producer network (Cloud SQL private IP), /16 to /24. */
  readonly servicesCidr: string;
  /** Ports health checkers may reach on `lb-backend` instances; the only ingress the firewall allows. */
  readonly healthCheckPorts: readonly number[];
}

/**
 * Custom-mode VPC (no auto subnets) with one private workload subnet: private Google access, VPC
 * flow logs with full metadata, no external IPs needed. Ingress is denied by a logged deny-all rule;
 * the only allow is for Google's health-check ranges to tagged backends. Private services access
 * gives Cloud SQL a private IP in this VPC.
 *
 * The project's own auto-mode `default` network is refused: the VPC carries a precondition, read from
 * the project's networks at plan time, that fails every plan while a network named `default` exists.
 */
export class PrivateNetwork extends Construct {
  readonly network: ComputeNetwork;
  readonly subnet: ComputeSubnetwork;
  readonly servicesConnection: ServiceNetworkingConnection;

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);
    const existing = new DataGoogleComputeNetworks(this, 'project-networks', { project: props.project });
    this.network = new ComputeNetwork(this, 'vpc', {
      project: props.project,
      name: `${props.prefix}-vpc`,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      description: 'Rampart recordings platform: custom-mode VPC, no default subnets',
      lifecycle: {
        precondition: [{ condition: Op.not(Fn.contains(existing.networks, DEFAULT_NETWORK)), errorMessage: defaultNetworkMessage(props.project) }],
      },
    });
    this.subnet = new ComputeSubnetwork(this, 'private-subnet', {
      project: props.project,
      name: `${props.prefix}-private`,
      region: props.region,
      network: this.network.id,
      ipCidrRange: props.subnetCidr,
      purpose: 'PRIVATE',
      stackType: 'IPV4_ONLY',
      privateIpGoogleAccess: true,
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 1, metadata: 'INCLUDE_ALL_METADATA' },
    });
    new ComputeFirewall(this, 'deny-all-ingress', {
      project: props.project,
      name: `${props.prefix}-deny-all-ingress`,
      network: this.network.id,
      description: 'Default deny: every ingress not allowed by a higher-priority rule is dropped and logged',
      direction: 'INGRESS',
      priority: 65534,
      sourceRanges: ['0.0.0.0/0'],
      deny: [{ protocol: 'all' }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    });
    new ComputeFirewall(this, 'allow-health-checks', {
      project: props.project,
      name: `${props.prefix}-allow-health-checks`,
      network: this.network.id,
      description: 'Google Cloud load-balancer health checks to tagged backends only',
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: [...GOOGLE_HEALTH_CHECK_RANGES],
      targetTags: [LB_BACKEND_TAG],
      allow: [{ protocol: 'tcp', ports: props.healthCheckPorts.map(String) }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    });
    const [servicesAddress, servicesPrefix] = props.servicesCidr.split('/');
    const servicesRange = new ComputeGlobalAddress(this, 'services-range', {
      project: props.project,
      name: `${props.prefix}-services`,
      description: 'Private services access range (Cloud SQL private IP)',
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      address: servicesAddress,
      prefixLength: Number(servicesPrefix),
      network: this.network.id,
    });
    this.servicesConnection = new ServiceNetworkingConnection(this, 'services-connection', {
      network: this.network.id,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [servicesRange.name],
      // Keep the peering if Terraform ever tries to remove it while Cloud SQL still uses it.
      deletionPolicy: 'ABANDON',
    });
  }
}
