import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** The EU recordings stack's exception to REGION-PINNED: the config rule and the verifier name it. */
export const EU_RECORDINGS_EXCEPTION = 'REGION-PINNED-EU-RECORDINGS-IN-EU';

/** Placement and separation: RESIDENCY-EU, REGION-PINNED, HIPAA, ISOLATION. */
export const PLACEMENT: readonly ControlEntry[] = [
  {
    id: 'RESIDENCY-EU',
    title: "EU customers' data is stored only in the EU region",
    status: 'enforced',
    policy: [Q.euResidency],
    numbers: (policy) => ({ euAwsRegions: policy.residency.euAwsRegions, euGcpRegions: policy.residency.euGcpRegions }),
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'], only: 'eu' },
    realisation: {
      summary:
        'EU customers are served by the EU platform in its own account and `residency.eu.region`, and EU tenants live there too: no ' +
        'cross-region backup copies, its own trail and archive in the region, single-region keys, no CloudFront or other edge cache. An ' +
        "account baseline of an account holding EU data has its home, and so the account's trail and archive, in the EU region. " +
        'ResidencyGuard fails synth on any other region or partition named anywhere in an EU template and on every setting that moves ' +
        'data without naming a region (replication, multi-region keys, global tables, cross-region copies, edge delivery). Config ' +
        "refuses an EU region (AWS or Google Cloud) that is not one of the policy's (see numbers); a region-deny service control " +
        'policy is written next to the templates. On Google ' +
        'Cloud the EU recordings stack places everything in `gcp.eu.region`, checked by GCP-RESIDENCY, with a resource-locations ' +
        'organization policy when `gcp.organizationId` is set.',
      code: [
        'lib/guards/residency-guard.ts',
        'lib/guards/template-walk.ts',
        'lib/organization-policies/service-control-policies.ts',
        'lib/config/regions.ts',
        'lib/config/policy-rules.ts',
        'lib/stacks/platform-stack.ts',
        'lib/gcp/constructs/org-policy.ts',
      ],
    },
    tests: [
      'test/guards/residency-guard.test.ts',
      'test/app/guards-wiring.test.ts',
      'test/organization-policies/service-control-policies.test.ts',
      'test/gcp/app.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      "On Google Cloud the EU stack routes its log entries into a log bucket in its region and excludes them from the project's " +
        '`_Default` sink; the `_Required` bucket (admin-activity and system-event audit entries) cannot be excluded or moved and stays ' +
        'where the project created it. In a project shared with the US stack, entries without a location label still reach `_Default`; ' +
        'a separate `gcp.eu.project` routes them all.',
      'Global services (IAM, STS, Organizations, Route 53, support, billing, Shield) have no region and are exempt from the region-deny ' +
        'policy; their metadata lives outside the region.',
      'The service control policies are written, not attached: attaching them in AWS Organizations is a manual step (docs/policies.md).',
      "On Google Cloud the global external load balancer terminates TLS at Google's nearest front end, possibly outside the EU; " +
        'stored data stays in the region.',
    ],
  },
  {
    id: 'REGION-PINNED',
    title: 'Recordings are stored on Google Cloud, in the region the policy names',
    status: 'enforced',
    policy: [Q.jamStoredOnGcp, Q.jamProvider, Q.jamCentralUs],
    numbers: (policy) => ({ recordingsGcpRegion: policy.residency.recordingsGcpRegion }),
    appliesTo: { kinds: ['gcp-recordings'] },
    realisation: {
      summary:
        "The recordings, backups, keys, database, backup vault, audit log bucket and subnet of a recordings stack all sit in the stack's " +
        "region, which is also the provider's default: `gcp.region` for the US stack, which the config requires to be the region the " +
        'policy names (`policy.residency.recordingsGcpRegion`, us-central1 for Central US); the EU stack sits in `gcp.eu.region` under ' +
        'an exception the config must accept.',
      code: ['lib/gcp/stacks/recordings-stack.ts', 'lib/gcp/names.ts', 'lib/config/gcp-schema.ts', 'lib/config/policy-rules.ts'],
    },
    tests: ['test/gcp/stacks.test.ts', 'test/config/policy-rules.test.ts', 'test/verify/gcp/checks.test.ts'],
    limits: [
      'The evidence verifier (lib/verify) checks that the provider region of every recordings stack is the region the policy names ' +
        '(policy.residency.recordingsGcpRegion), and that every location, region and zone, transfer-job sinks and log-sink ' +
        "destinations included, is the stack's own region.",
      "Cloudflare (the policy's CDN) is outside Rampart; the load balancer, its address, certificate and policies are global " +
        'resources that store no recording.',
    ],
    exceptions: [
      {
        id: EU_RECORDINGS_EXCEPTION,
        covers: "The EU recordings stack (gcp.eu), whose recordings, backups, keys and logs are in an EU region, not the policy's Central US.",
        reason:
          'The voice-AI policy promises EU customers that their data stays in the EU (RESIDENCY-EU); where one company keeps both ' +
          'promises, EU recordings cannot be stored in Central US. Turn the EU variant off (`gcp.eu.enabled: false`) where the ' +
          'screen-recording policy is read literally; the US stack stays in the named region either way.',
      },
    ],
  },
  {
    id: 'HIPAA',
    title: 'PHI lives on separate, hardened infrastructure, encrypted and audit-logged',
    status: 'partial',
    policy: [Q.hipaaSeparate, Q.phiEncrypted, Q.phiAudit],
    numbers: (policy) => ({ auditRetentionDays: policy.auditLogs.hipaaRetentionDays }),
    appliesTo: { kinds: ['aws-enclave', 'aws-account-baseline', 'aws-tenant'], only: 'phi' },
    realisation: {
      summary:
        "The enclave has its own account (config refuses sharing another's): an isolated VPC reaching AWS only through endpoints " +
        'restricted to its own principals and buckets, ingress only over PrivateLink to an internal TLS load balancer, its own keys, a ' +
        'PHI bucket (PHI key, versioned, Object Lock, TLS only, access-logged), its own trail and archive locked for the HIPAA retention, ' +
        'GuardDuty, Security Hub and Config, and the backup tiers in a locked vault that never copies out. Every role carries the ' +
        'HIPAA-eligible-services permissions boundary; EnclaveGuard and RequirePermissionsBoundary fail synth on the enclave, every ' +
        'HIPAA tenant and every account baseline covering PHI; a HIPAA service allowlist SCP is written next to the templates. A HIPAA ' +
        "tenant in its own account gets that account's trail (archive locked for the HIPAA retention), GuardDuty, Security Hub, Config " +
        "and alerts from its account baseline. A HIPAA tenant's data bucket is under Object Lock like the PHI bucket (COMPLIANCE, the " +
        'erasure deadline), enabled through its Object Lock configuration alone: the top-level ObjectLockEnabled flag can only be set ' +
        'by replacing the bucket, so a HIPAA tenant deployed before keeps its retained bucket. The evidence verifier requires the lock on ' +
        'every data bucket of a PHI stack.',
      code: [
        'lib/stacks/enclave-stack.ts',
        'lib/stacks/account-baseline-stack.ts',
        'lib/guards/enclave-guard.ts',
        'lib/organization-policies/permissions-boundary.ts',
        'lib/organization-policies/require-permissions-boundary.ts',
        'lib/organization-policies/hipaa-eligible-services.ts',
        'lib/constructs/edge/private-ingress.ts',
        'lib/stacks/tenant-stack.ts',
        'lib/constructs/storage/secure-bucket.ts',
        'lib/verify/aws/placement.ts',
      ],
    },
    packRules: [
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'HIPAA.Security-S3BucketSSLRequestsOnly',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'HIPAA.Security-CloudTrailLogFileValidationEnabled',
      'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
      'HIPAA.Security-IAMNoInlinePolicy',
    ],
    tests: [
      'test/stacks/enclave-stack.test.ts',
      'test/stacks/account-baseline-stack.test.ts',
      'test/guards/enclave-guard.test.ts',
      'test/organization-policies/permissions-boundary.test.ts',
      'test/organization-policies/require-permissions-boundary.test.ts',
      'test/organization-policies/service-control-policies.test.ts',
      'test/stacks/tenant-stack.test.ts',
      'test/verify/aws-weakenings.test.ts',
      'test/verify/diff/stateful-changes.test.ts',
    ],
    limits: [
      "S3 documents enabling Object Lock on an existing versioned bucket (PutObjectLockConfiguration); that CloudFormation's update of " +
        "a HIPAA tenant's bucket does it in place, and that a new bucket created this way is locked, are confirmed by a first deploy " +
        '(`aws s3api get-object-lock-configuration`), not by a template.',
      "The BAA and HIPAA's administrative safeguards are contracts and processes, outside infrastructure. The allowlist SCP must be " +
        'attached by hand; HIPAA.Security findings acknowledged on the boundary, replication and access-log buckets are listed with ' +
        'reasons in the review report.',
    ],
    exceptions: [
      {
        id: 'HIPAA-PEOPLE-ACCESS-PARTIAL',
        standing: true,
        covers: "People's access to PHI in the enclave, HIPAA tenants and their account baselines.",
        reason:
          "It rests on ACCESS-MFA, ACCESS-JIT and ACCESS-REVIEW, each partial: Identity Center's MFA setting is a manual step, and the permission sets and just-in-time elevation are built only where `identityCenter` names an instance (the default config names none), so until then access to PHI by people is what the organization grants outside Rampart.",
      },
    ],
  },
  {
    id: 'ISOLATION',
    title: 'Each customer that needs it gets an isolated environment of its own',
    status: 'partial',
    policy: [Q.ownAccount, Q.byok, Q.hipaaSeparate],
    appliesTo: { kinds: ['aws-tenant'] },
    realisation: {
      summary:
        'One stack per tenant with its own data, backup and logs keys, its own data and access-log buckets and its own locked vault and ' +
        'backup plan, in one of two models (`isolation`, default by plan: starter and pro `pool`, enterprise `silo`). Pool: the shared ' +
        "platform service reaches the tenant's data only through the tenant's access role, which only the serving task roles may " +
        'assume and only with the session tag `rampart:tenant` = the tenant id; the data key (through S3 only) and the bucket policy ' +
        "admit that role only in that session (and AWS Backup's role), and deny every other principal of the shared account; the role " +
        "reaches its tenant's record key store only in that session and connects to the serving platforms' shared databases only " +
        'as its own user `tenant_<id>` (policy `<prefix>-<region>-tenant-db-users`, user taken from the session tag), which its ' +
        "stack creates with its schema in the serving cluster of its region through the platform's provisioner function " +
        "(`Custom::TenantDatabaseSchema`, retained, never dropping) and, in a serving cluster of another region (a US tenant's DR " +
        "region), that region's platform stack creates through its own provisioner (`Custom::TenantDatabaseSchemas` listing the " +
        'pooled tenants it serves from other regions, retained, never dropping); no VPC. ' +
        'Silo: its own copy of the product from the platform and enclave constructs: an isolated VPC (no NAT, peering or transit ' +
        'gateway; AWS reached through policy-restricted endpoints) whose CIDR is derived from the tenant id and overlaps no other VPC; ' +
        "its own ingress: the platform's internet-facing ALB (policy.tls), WAF web ACL and Shield Advanced protection in a load-balancer " +
        "tier that alone routes to an internet gateway, or, for a HIPAA tenant, the enclave's PrivateLink-only ingress (internal NLB, " +
        'acceptance required); the service from its own ' +
        'scan-on-push repository, its own Aurora database under its data key whose four tiers are kept as copies in its own vault ' +
        'under its backup key, its record key store granted to its service, optionally its own account (with an account baseline for audit and detection). EU tenants run under ResidencyGuard, HIPAA tenants under EnclaveGuard and the ' +
        'permissions boundary.',
      code: [
        'lib/stacks/tenant-stack.ts',
        'lib/constructs/tenant/pooled-access.ts',
        'lib/stacks/silo-product.ts',
        'lib/constructs/keys/key-policy.ts',
        'lib/config/plans.ts',
        'lib/config/tenant-network.ts',
        'lib/config/placement.ts',
        'lib/config/tenant-rules.ts',
        'lib/constructs/data/tenant-database-users.ts',
        'lib/constructs/data/tenant-schema/provisioner.ts',
        'lib/constructs/data/tenant-schema/sql.ts',
        'lib/constructs/data/tenant-schema/batches.ts',
        'lib/constructs/data/tenant-schema/peer-region-schemas.ts',
        'lib/constructs/tenant/tenant-schema.ts',
        'lib/plan/peer-region-tenants.ts',
        'lib/verify/aws/tenant-access.ts',
        'lib/verify/aws/tenant-schemas.ts',
        'lib/verify/aws/tenant-stores.ts',
        'lib/verify/aws/policy-decision.ts',
      ],
    },
    tests: [
      'test/stacks/tenant-stack.test.ts',
      'test/verify/aws-weakenings.test.ts',
      'test/verify/aws-tenant-store-weakenings.test.ts',
      'test/verify/aws-tenant-schema-weakenings.test.ts',
      'test/constructs/data/tenant-schema-sql.test.ts',
      'test/constructs/data/tenant-schema-provisioner.test.ts',
      'test/constructs/data/tenant-schemas-batches.test.ts',
      'test/plan/shared-database-users.test.ts',
      'test/verify/policy-decision.test.ts',
      'test/migration/pool-to-silo.test.ts',
      'test/config/tenant-network.test.ts',
      'test/config/placement.test.ts',
      'test/config/tenant-rules.test.ts',
    ],
    limits: [
      `The evidence verifier (lib/verify) checks that every key a tenant template references is one of its own, that a silo VPC overlaps no other VPC of the ` +
        'assembly (NET-ISOLATION checks it has no peering, transit gateway or VPN), and, for a pooled tenant, probes its bucket and key ' +
        "policies and its role's trust with the tenant's own session, other tenants' sessions, an untagged session, another role of the " +
        'account and the serving roles themselves: only the first may reach the data. It also reads every rds-db:connect grant of ' +
        "a pooled tenant's role, following attached policies into the serving platform's template (one named cluster, the user " +
        "`tenant_<id>` or the session-tag variable), and the record key grants of the role that uses the tenant's store (its own " +
        "table only; a pooled role only with its session tag, which the table's key also requires). Its reading of a policy is conservative (an " +
        'unmodelled condition admits in an Allow and does not deny in a Deny), not the full IAM evaluation.',
      "A public silo's load balancer reaches its tasks inside the VPC; the tasks have no route out (only the endpoints and S3's " +
        'prefix list), so an image that needs an internet API needs the platform (Network Firewall) instead.',
      "The application must assume the tenant's role with the session tag for each tenant's request; the templates can only make " +
        'every other way fail.',
      "For a pooled tenant's database user, the verifier reads that its stack holds a retained Custom::TenantDatabaseSchema for " +
        'the serving cluster of its region, and that the platform of each serving cluster in another region holds a retained ' +
        "Custom::TenantDatabaseSchemas listing it, each naming (Cluster) the cluster its function serves and answered by the serving platform's provisioner function (in the VPC, admitted by the " +
        "cluster on 5432, egress only to the cluster, the interface endpoints and S3's prefix list of the platform's region, the id its " +
        "metadata records as config pins it); that the SQL ran is what the deploy shows (the function fails the tenant's deploy, " +
        "or the serving platform's, otherwise), and that the pinned id is S3's in the account rests on config (s3PrefixLists, confirmed by the first deploy).",
    ],
    sharedResponsibility: [
      "For each pooled tenant's request, assume the tenant's access role with the session tag `rampart:tenant` = the tenant id, and " +
        "use only that session for the tenant's bucket, record key store and database.",
      "Connect to the shared database as `tenant_<id>` with an IAM authentication token of the tenant's session, over TLS, keep the " +
        'search_path the role sets, and never serve a tenant through the master user.',
    ],
    exceptions: [
      {
        id: 'ISOLATION-POOLED-SHARED-APPLICATION',
        standing: true,
        covers:
          "Pooled tenants: how the shared application uses each one's database user and schema, and the shared compute, ingress and " +
          'account they run in.',
        reason:
          "A pooled tenant's access role may connect to the shared database only as its own user `tenant_<id>` (the serving platform's " +
          "`<prefix>-<region>-tenant-db-users` policy names the cluster and takes the user from the session tag that the role's trust " +
          "fixes to the tenant id), and the tenant's stack (in a serving region other than its own, that region's platform stack) " +
          "creates that user and its schema through the platform's provisioner " +
          '(`Custom::TenantDatabaseSchema`, `Custom::TenantDatabaseSchemas`; LOGIN without password, rds_iam, schema owned by the user, PUBLIC revoked, search_path ' +
          'set; the verifier checks the resource, the function and its egress). What no template can show is what the application ' +
          "does with it: that it connects with the tenant's session as `tenant_<id>`, keeps the search_path, never schema-qualifies " +
          "another tenant's tables and never serves a tenant through the master user; nor that the SQL ran as written, which a " +
          "successful deploy and the first real deploy's checks confirm (README). A pooled tenant lives in the account of the " +
          'platform that serves it and shares its account-level services. A tenant that needs more is made a silo ' +
          '(docs/tenant-migration.md).',
      },
    ],
  },
];
