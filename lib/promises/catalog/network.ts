import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** Network and availability: MULTI-AZ, AZ-REAL, NET-ISOLATION, PUBLIC-SURFACE, WAF, DDOS, IDS-IPS. */
export const NETWORK: readonly ControlEntry[] = [
  {
    id: 'MULTI-AZ',
    title: 'Every tier runs in at least two availability zones',
    status: 'partial',
    policy: [Q.multiAz],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'VPCs spread every subnet tier across `platform.maxAzs` zones (three by default) and refuse fewer than two; the ALB, the NAT ' +
        'gateways (one per zone) and the firewall endpoints follow the subnets; Aurora runs a writer and a reader in two zones; Fargate ' +
        'services keep at least two tasks and rebalance across zones; the enclave NLB is cross-zone. On Google Cloud, Cloud SQL is ' +
        'REGIONAL (high availability) and buckets are regional.',
      code: [
        'lib/constructs/network/rampart-vpc.ts',
        'lib/constructs/data/database.ts',
        'lib/constructs/compute/hosted-service.ts',
        'lib/constructs/edge/private-ingress.ts',
        'lib/gcp/constructs/database.ts',
      ],
    },
    tests: ['test/constructs/network/rampart-vpc.test.ts', 'test/constructs/data/database.test.ts', 'test/constructs/compute/compute.test.ts'],
    limits: [
      `The evidence verifier (lib/verify) checks the zone spread of every VPC's subnets, the instances of every Aurora cluster and the task count of every ` +
        'service in the templates; GCP-SQL checks REGIONAL availability on Google Cloud.',
      'The templates name pinned zones (AZ-REAL), so a reviewer sees which zones each tier spans.',
      'Tenant VPCs span the zones but hold no compute or database of their own.',
    ],
  },
  {
    id: 'AZ-REAL',
    title: 'Templates name the real availability zones they deploy to',
    status: 'enforced',
    policy: [Q.multiAz],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant'] },
    realisation: {
      summary:
        "Every AWS stack pins its zones from its plan: the config's availabilityZones.<region>, else a default of names every account " +
        'in the region has (regions whose names differ between accounts, such as us-west-1, have no default and must be named). ' +
        'Synthesis needs no lookup, so the templates a reviewer reads (and every per-stage cdk command) are the ones that deploy.',
      code: ['lib/config/availability-zones.ts', 'lib/plan/aws-plans.ts', 'lib/stacks/platform-stack.ts', 'lib/nag/rules/RealAvailabilityZones.ts'],
    },
    tests: ['test/nag/rules/RealAvailabilityZones.test.ts', 'test/config/availability-zones.test.ts'],
    limits: [
      'Zone names map to different physical zones in each account; the defaults are names, not placements. A first deploy must ' +
        'confirm each pinned name exists in the target account (aws ec2 describe-availability-zones) and set availabilityZones where it differs.',
      "cfn-lint's W3010 (hardcoded zones) is acknowledged once per VPC and per Aurora cluster, with this reason: pinning is the point.",
    ],
  },
  {
    id: 'NET-ISOLATION',
    title: 'Workloads sit in private networks behind strict security groups, and egress is inspected',
    status: 'partial',
    policy: [Q.vpcIsolation, Q.jamFirewalls],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Platform VPCs have separate load-balancer, NAT, firewall, workload and data tiers; workloads have no public IP, the data tier no ' +
        'route out and a VPC-only network ACL; the default security group is emptied; no security group allows all egress (platform ' +
        'tasks send HTTPS only, to the VPC endpoints or through the firewall; enclave tasks send HTTPS only to the VPC CIDR (its ' +
        "interface endpoints) and to S3 by the region's managed prefix list, pinned per region without a lookup; no enclave or tenant " +
        'security group sends to 0.0.0.0/0 or ::/0; databases admit only the application and their rotation function); flow logs ' +
        'record ALL traffic. Platform egress to the internet crosses the Network Firewall, which passes only TLS (matched on the SNI, never plain ' +
        'HTTP) to the names in `platform.egressAllowlist` and drops the rest; the default config names no AWS domain, since every AWS ' +
        'API the platform calls has a VPC endpoint, and an entry covering every AWS endpoint or S3 (`.amazonaws.com`, ' +
        '`.us-east-1.amazonaws.com`, `s3.<region>.amazonaws.com`) is refused by config validation, the construct and the verifier. ' +
        'Enclave and tenant VPCs are isolated (no internet gateway, NAT, peering or transit gateway). Every VPC endpoint, ' +
        "platform, enclave and tenant alike, has a policy admitting only the account's own principals (aws:PrincipalAccount) and, on " +
        "S3, only its own buckets (aws:ResourceAccount), plus reads of ECR's image-layer bucket of the region. On Google Cloud: a " +
        'custom-mode VPC with private Google access and flow logs, a logged deny-all ingress rule, health-check ranges only, and Cloud ' +
        'SQL on a private IP.',
      code: [
        'lib/constructs/network/rampart-vpc.ts',
        'lib/constructs/network/endpoint-policies.ts',
        'lib/constructs/network/network-firewall.ts',
        'lib/promises/egress-domains.ts',
        'lib/constructs/compute/hosted-service.ts',
        'lib/config/s3-prefix-lists.ts',
        'lib/constructs/data/database.ts',
        'lib/gcp/constructs/network.ts',
        'lib/gcp/constructs/database.ts',
      ],
    },
    packRules: [
      'AwsSolutions-VPC7',
      'HIPAA.Security-VPCFlowLogsEnabled',
      'HIPAA.Security-VPCDefaultSecurityGroupClosed',
      'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
      'AwsSolutions-EC23',
      'HIPAA.Security-LambdaInsideVPC',
    ],
    tests: [
      'test/nag/rules/FlowLogsAllTraffic.test.ts',
      'test/constructs/network/rampart-vpc.test.ts',
      'test/constructs/network/rampart-vpc-isolated.test.ts',
      'test/constructs/network/network-firewall.test.ts',
      'test/constructs/compute/compute.test.ts',
      'test/constructs/compute/hosted-service-private.test.ts',
      'test/verify/aws-weakenings.test.ts',
      'test/config/bad-configs.test.ts',
      'test/config/s3-prefix-lists.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      'Each Google Cloud stack refuses to plan while its project has the auto-mode `default` network; deleting it, and enforcing ' +
        '`compute.skipDefaultNetworkCreation` on the organization, are manual steps (README, "Google Cloud").',
      'The firewall reads the server name a client announces (TLS SNI) without decrypting the session: a client that announces an ' +
        'allowlisted name while talking to another host behind the same address (domain fronting) is not stopped, and the owner of ' +
        'an allowlisted domain receives whatever a workload sends it.',
      "Each S3 endpoint admits s3:GetObject on ECR's AWS-owned layer bucket (prod-<region>-starport-layer-bucket) from any principal: " +
        'ECR answers a pull with a presigned URL signed by its own principal, so an own-account condition would break image pulls. ' +
        'The statement admits reads of that one bucket only.',
      'The interface endpoints and the DynamoDB endpoint limit principals, not resources: a principal of the account may still reach, ' +
        "through them, another account's key, repository or table that grants it access. Only S3 is limited to the account's buckets.",
      "S3's managed prefix-list ids are pinned per region (lib/config/s3-prefix-lists.ts, or s3PrefixLists.<region>), not looked up: " +
        'a first deploy must confirm the id of com.amazonaws.<region>.s3 in the enclave region (aws ec2 describe-managed-prefix-lists). ' +
        "The prefix list is all of S3 in the region; the S3 endpoint's policy is what narrows it to the account's buckets.",
      "The compliance packs' route-to-internet-gateway finding is acknowledged on the load-balancer and NAT subnets, which must route " +
        'there; no other subnet does.',
    ],
  },
  {
    id: 'PUBLIC-SURFACE',
    title: 'Nothing faces the internet but load balancers',
    status: 'enforced',
    policy: [Q.noPublicServers, Q.hipaaSeparate],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        "On the platform only the ALB (and the NAT gateways' egress addresses) are public: subnets never assign public IPs, Fargate " +
        'tasks get none, databases are not publicly accessible, buckets block all public access. The enclave and HIPAA tenants fail ' +
        'synth on any public-facing resource kind (EnclaveGuard); their ingress is an internal NLB over PrivateLink. Tenant VPCs have no ' +
        'ingress path at all. On Google Cloud the external load balancer is the only entry; Cloud SQL has no public IPv4.',
      code: [
        'lib/constructs/network/rampart-vpc.ts',
        'lib/constructs/edge/public-ingress.ts',
        'lib/constructs/edge/private-ingress.ts',
        'lib/constructs/compute/hosted-service.ts',
        'lib/guards/enclave-guard.ts',
        'lib/gcp/constructs/edge.ts',
        'lib/gcp/constructs/database.ts',
      ],
    },
    packRules: [
      'HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled',
      'HIPAA.Security-EC2InstanceNoPublicIp',
      'HIPAA.Security-RDSInstancePublicAccess',
      'HIPAA.Security-S3BucketLevelPublicAccessProhibited',
      'AwsSolutions-S2',
      'HIPAA.Security-LambdaFunctionPublicAccessProhibited',
      'AwsSolutions-ECR1',
    ],
    tests: [
      'test/guards/enclave-guard.test.ts',
      'test/stacks/enclave-stack.test.ts',
      'test/constructs/network/rampart-vpc.test.ts',
      'test/constructs/compute/compute.test.ts',
      'test/constructs/edge/private-ingress.test.ts',
    ],
    limits: [
      "EnclaveGuard's full list runs on the enclave and HIPAA tenants only. On the platform and other tenants the packs cover subnets, " +
        'instances, databases, buckets and functions, but no rule checks that an ECS service assigns no public IP (HostedService sets it off).',
      'No API gateway is built; the promise\'s "API gateways" are today the same load balancer.',
      'On Google Cloud each recordings stack defines its Cloud Run service with ingress from load balancers and internal sources ' +
        'only, and the serverless NEG refers to it; the Invoker IAM check is disabled (no `allUsers` binding), so the ingress setting ' +
        'alone decides who reaches the service (GCP-RUN).',
    ],
  },
  {
    id: 'WAF',
    title: 'A web application firewall protects every public endpoint',
    status: 'enforced',
    policy: [Q.waf, Q.jamFirewalls],
    appliesTo: { kinds: ['aws-platform', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Each platform ALB is associated with a WAFv2 web ACL: custom blocks (CIDRs, countries), a per-IP rate limit and five AWS managed ' +
        'rule groups (IP reputation, anonymous IPs, common, known bad inputs, SQL injection), logging to `aws-waf-logs-*` with the ' +
        'authorization and cookie headers redacted. On Google Cloud a Cloud Armor policy with the OWASP preconfigured rules and a per-IP ' +
        'rate limit guards the external backend.',
      code: ['lib/constructs/edge/web-acl.ts', 'lib/gcp/constructs/waf.ts'],
    },
    packRules: ['NIST.800.53.R5-ALBWAFEnabled', 'PCI.DSS.321-ALBWAFEnabled', 'HIPAA.Security-WAFv2LoggingEnabled'],
    tests: [
      'test/nag/rules/WafOnPublicEndpoint.test.ts',
      'test/nag/rules/WafLoggingRedaction.test.ts',
      'test/constructs/edge/edge.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      'The screen-recording policy names Cloudflare, which is outside Rampart; on Google Cloud Rampart puts Cloud Armor in front instead.',
      "The enclave's NLB is internal and reached only over PrivateLink, so it has no web ACL; no API gateway or CloudFront exists.",
      'A template shows which rules are on, not how well they catch attacks.',
    ],
  },
  {
    id: 'DDOS',
    title: 'DDoS protection (Shield Advanced) on every public endpoint',
    status: 'enforced',
    policy: [Q.shield],
    appliesTo: { kinds: ['aws-platform', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Each public ALB gets an AWS::Shield::Protection with application-layer automatic mitigation set to block and health-based ' +
        'detection (an HTTPS Route 53 health check of its public name), and all of them form a protection group. On Google Cloud every Cloud Armor policy enables Adaptive Protection; volumetric protection is always on for ' +
        'the global external load balancer.',
      code: ['lib/constructs/edge/shield.ts', 'lib/gcp/constructs/waf.ts'],
    },
    tests: [
      'test/nag/rules/ShieldOnPublicEndpoint.test.ts',
      'test/stacks/shield-off.test.ts',
      'test/constructs/edge/edge.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      'Shield Advanced needs an active subscription in each account (an organization-level commitment CloudFormation cannot create). ' +
        'With `shieldAdvanced: false` no protection is created and each load balancer carries a reasoned acknowledgment of ' +
        'Rampart-ShieldOnPublicEndpoint, listed in the review report: the promise then does not hold for that account.',
      "No Route 53 health check is associated by default, which makes Shield's detection less precise.",
      "Adaptive Protection's full alerting and DDoS response on Google Cloud need a Cloud Armor Enterprise subscription, bought outside " +
        'Terraform.',
    ],
  },
  {
    id: 'IDS-IPS',
    title: 'Intrusion detection and prevention watch the network',
    status: 'partial',
    policy: [Q.idsIps, Q.jamNoIds],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave'] },
    realisation: {
      summary:
        "Prevention: on the platform, AWS Network Firewall sits on every zone's egress path with AWS managed threat-signature and bad-domain " +
        'rule groups, then the domain allowlist, dropping any established flow no rule passed, with alert and flow logs and delete, subnet ' +
        'and policy-change protection. Detection: a GuardDuty detector with every protection plan CloudFormation exposes (and runtime ' +
        'monitoring) in every platform and enclave account and region; it reads flow logs and DNS logs of all VPC traffic.',
      code: ['lib/constructs/network/network-firewall.ts', 'lib/constructs/detection/guardduty.ts'],
    },
    tests: [
      'test/nag/rules/FirewallDropByDefault.test.ts',
      'test/nag/rules/FirewallProtection.test.ts',
      'test/constructs/network/network-firewall.test.ts',
      'test/constructs/detection/guardduty.test.ts',
    ],
    limits: [
      'Prevention covers egress only: inbound application traffic goes from the ALB to the tasks without crossing the firewall (WAF ' +
        'inspects HTTP at the ALB), and traffic between subnets inside a VPC is not inspected.',
      'The enclave and tenant VPCs have no route out and no Network Firewall; there GuardDuty detects, nothing prevents inline.',
      'Google Cloud has no IDS or IPS, as the screen-recording policy itself says; Cloud IDS is not built.',
      "GuardDuty's detector is checked by Rampart-GuardDutyProtection, which declares DETECT; a tenant in its own account is watched " +
        "by its account baseline's detector (DETECT-EVERY-ACCOUNT), with no network inspection beyond it.",
    ],
  },
];
