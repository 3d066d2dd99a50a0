import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** Network and edge: NET-ISOLATION, PUBLIC-SURFACE, WAF, DDOS, IDS-IPS (zones are in availability.ts). */
export const NETWORK: readonly ControlEntry[] = [
  {
    id: 'NET-ISOLATION',
    title: 'Workloads sit in private networks behind strict security groups, and egress is inspected',
    status: 'partial',
    policy: [Q.vpcIsolation, Q.jamFirewalls],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Platform VPCs have separate load-balancer, NAT, firewall, workload and data tiers; workloads have no public IP, the data tier no ' +
        "route out and a VPC-only network ACL; the default security group is emptied at deploy time by aws-cdk-lib's " +
        "Custom::VpcRestrictDefaultSG (its function logs to an encrypted, retained log group of the stack and carries the stack's tags; " +
        "the verifier proves it closes each VPC's default group, that no template rule reopens it, and that its role may change " +
        'nothing else); no security group allows all egress (platform ' +
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
        'lib/constructs/network/default-sg-restriction.ts',
        'lib/verify/aws/deploy-time-functions.ts',
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
      "That the default security groups are empty after a deploy is the custom resource's work at deploy time: the templates prove " +
        'what it is allowed to do and which group it is given, a first deploy confirms the effect ' +
        '(`aws ec2 describe-security-groups --group-ids <default group>`: no IpPermissions, no IpPermissionsEgress).',
      'Each Google Cloud stack refuses to plan while its project has the auto-mode `default` network; deleting it, and enforcing ' +
        '`compute.skipDefaultNetworkCreation` on the organization, are manual steps (README, "Google Cloud").',
      "S3's managed prefix-list ids are pinned per region (lib/config/s3-prefix-lists.ts, or s3PrefixLists.<region>), not looked up: " +
        'a first deploy must confirm the id of com.amazonaws.<region>.s3 in the enclave region and each platform region (aws ec2 describe-managed-prefix-lists). ' +
        "The prefix list is all of S3 in the region; the S3 endpoint's policy is what narrows it to the account's buckets.",
      "The compliance packs' route-to-internet-gateway finding is acknowledged on the load-balancer and NAT subnets, which must route " +
        'there; no other subnet does.',
    ],
    exceptions: [
      {
        id: 'NET-ISOLATION-SNI-WITHOUT-DECRYPTION',
        standing: true,
        covers: "The platform VPCs' egress through Network Firewall's TLS server-name allowlist.",
        reason:
          'The firewall reads the server name a client announces (TLS SNI) without decrypting the session: a client that announces an ' +
          'allowlisted name while talking to another host behind the same address (domain fronting) is not stopped, and the owner of ' +
          'an allowlisted domain receives whatever a workload sends it. Decrypting egress would put a Rampart-held key in every session.',
      },
      {
        id: 'NET-ISOLATION-ECR-LAYER-BUCKET-READ',
        standing: true,
        covers:
          "The statement of each S3 gateway endpoint policy that admits s3:GetObject on ECR's AWS-owned layer bucket (prod-<region>-starport-layer-bucket).",
        reason:
          'ECR answers an image pull with a presigned URL signed by its own principal, so an own-account condition would break every ' +
          'pull. The statement admits reads of that one bucket only, from any principal that reaches the endpoint.',
      },
      {
        id: 'NET-ISOLATION-ENDPOINTS-LIMIT-PRINCIPALS-ONLY',
        standing: true,
        covers: 'The policies of the interface endpoints and the DynamoDB gateway endpoint.',
        reason:
          "They limit principals to the account's, not resources: a principal of the account may still reach, through them, another " +
          "account's key, repository or table that grants it access. AWS services behind those endpoints (KMS, ECR, logs) name " +
          "AWS-owned and cross-account resources Rampart cannot list ahead of deploy. Only S3 is limited to the account's buckets.",
      },
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
      'Google Cloud has no IDS or IPS, as the screen-recording policy itself says; Cloud IDS is not built.',
      "GuardDuty's detector is checked by Rampart-GuardDutyProtection, which declares DETECT; a tenant in its own account is watched " +
        "by its account baseline's detector (DETECT-EVERY-ACCOUNT), with no network inspection beyond it.",
    ],
    exceptions: [
      {
        id: 'IDS-IPS-PREVENTION-EGRESS-ONLY',
        standing: true,
        covers: 'Inbound application traffic from the ALB to the tasks, and traffic between subnets inside a platform VPC.',
        reason:
          'Network Firewall sits on the egress path only. Inbound requests reach the tasks without crossing it (WAF inspects HTTP at ' +
          'the ALB, and the ALB to task hop is TLS the firewall could not read), and east-west traffic inside a VPC is not routed ' +
          'through it; GuardDuty detects on both from flow and DNS logs, nothing prevents inline.',
      },
      {
        id: 'IDS-IPS-ISOLATED-VPCS-DETECT-ONLY',
        standing: true,
        covers: "The enclave VPC (and tenant VPCs, which are outside this control's scope) with no route out.",
        reason:
          'A VPC with no route to the internet has no egress path to put an inline firewall on; there GuardDuty detects from flow and ' +
          'DNS logs, and nothing prevents inline.',
      },
    ],
  },
];
