import { PIPELINE_BOUNDARY_ACTIONS, PIPELINE_BOUNDARY_SERVICES } from '../pipeline-boundary';
import { PLATFORM_BOUNDARY_ACTIONS, PLATFORM_BOUNDARY_SERVICES, SERVICES_WITHOUT_SOURCE_CONTEXT } from '../platform-boundary';
import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** The exception a pipeline without manual approvals needs (config pipeline.manualApproval: false); the verifier names it. */
export const WAVES_WITHOUT_APPROVAL_EXCEPTION = 'IAC-REVIEW-WAVES-WITHOUT-APPROVAL';

/** Identities, images and change: LEAST-PRIV, IMAGE-PROVENANCE, VULN-SCAN, IAC-REVIEW (people's access is in people-access.ts). */
export const PEOPLE_IMAGES_CHANGE: readonly ControlEntry[] = [
  {
    id: 'LEAST-PRIV',
    title: 'Every workload identity holds only the permissions it needs',
    status: 'partial',
    policy: [Q.leastPrivilege, Q.phiAudit],
    appliesTo: { kinds: ['aws-pipeline', 'aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Every role and user of every stack carries a permissions boundary (synth fails without one): the platform boundary ' +
        `(its allowlist is data, lib/promises/platform-boundary.ts: ${PLATFORM_BOUNDARY_SERVICES.map((s) => `${s.prefix}:*`).join(', ')}; ` +
        `${PLATFORM_BOUNDARY_ACTIONS.flatMap((a) => a.actions).join(', ')}) or, in stacks under ` +
        "HIPAA, the HIPAA-eligible-services boundary, or, in the deployment pipeline's stack, the pipeline boundary " +
        `(lib/promises/pipeline-boundary.ts: ${PIPELINE_BOUNDARY_SERVICES.map((s) => `${s.prefix}:*`).join(', ')}; ` +
        `${PIPELINE_BOUNDARY_ACTIONS.flatMap((a) => a.actions).join(', ')}); each also denies removing a boundary, creating a principal without it and ` +
        'editing it. One boundary per account, region and kind, owned by the platform, enclave or account-baseline stack and named by ' +
        'the tenant stacks there. Every trust of an AWS service is conditioned on aws:SourceAccount (ECS tasks, RDS monitoring, flow ' +
        'logs, CloudTrail, CodePipeline, CodeBuild), except for the services AWS documents no source context for (the catalog exception below). ' +
        'Key policies let the account administer keys but use them only through the services each key is for, and deny any grant an ' +
        'AWS service does not create for an AWS resource (the statement Control Tower proactive control CT.KMS.PR.3 expects); ' +
        'AWS services are admitted to keys and the alert topic only on behalf of this account (source conditions); task roles start empty; ' +
        'execution roles may write one log group and pull from one repository. ' +
        'No policy grants wildcard administration. On Google Cloud buckets use uniform access and public access prevention, no HMAC keys, and only ' +
        'service agents may use the keys.',
      code: [
        'lib/promises/platform-boundary.ts',
        'lib/promises/pipeline-boundary.ts',
        'lib/stacks/pipeline/harden-roles.ts',
        'lib/app/apply-guards.ts',
        'lib/constructs/keys/key-policy.ts',
        'lib/constructs/compute/hosted-service.ts',
        'lib/organization-policies/boundary-policy.ts',
        'lib/organization-policies/permissions-boundary.ts',
        'lib/organization-policies/require-permissions-boundary.ts',
        'lib/verify/aws/least-privilege.ts',
        'lib/gcp/constructs/buckets.ts',
        'lib/gcp/constructs/backup.ts',
        'lib/verify/aws/deploy-time-functions.ts',
      ],
    },
    packRules: [
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'HIPAA.Security-IAMNoInlinePolicy',
      'HIPAA.Security-IAMPolicyNoStatementsWithAdminAccess',
      'HIPAA.Security-IAMPolicyNoStatementsWithFullAccess',
      'HIPAA.Security-IAMUserNoPolicies',
    ],
    tests: [
      'test/organization-policies/permissions-boundary.test.ts',
      'test/organization-policies/require-permissions-boundary.test.ts',
      'test/constructs/keys/key-ring.test.ts',
      'test/constructs/compute/compute.test.ts',
      'test/verify/aws-people-weakenings.test.ts',
      'test/gcp/policy-suite.test.ts',
      'test/verify/aws-weakenings.test.ts',
      'test/verify/pipeline-controls.test.ts',
    ],
    limits: [
      "The boundary is a ceiling by service (`s3:*`, `logs:*`, ...), not by resource: least privilege within a service is each role's own policy.",
      "The one deploy-time function Rampart's stacks carry (the default security group's, raw resources no pack evaluates) is " +
        'judged by the verifier instead: only the four security-group rule actions on the default groups of its stack, the Lambda ' +
        "basic execution policy, its own encrypted log group, the stack's tags.",
      "A tenant stack names its account's boundary by its deterministic name: the owning platform, enclave or account-baseline stack must be deployed first (it is, by the deployment order in the README).",
      '"All systems" covers the identities Rampart creates. People\'s access: ACCESS-MFA, ACCESS-JIT, ACCESS-REVIEW.',
    ],
    exceptions: [
      {
        id: 'LEAST-PRIV-SERVICE-TRUST-WITHOUT-SOURCE-CONTEXT',
        covers:
          'Role trusts of ' +
          SERVICES_WITHOUT_SOURCE_CONTEXT.map((s) => s.principal).join(' and ') +
          " (CDK's custom-resource provider roles, the AWS Backup roles) in every stack",
        reason:
          "AWS documents no aws:SourceAccount or aws:SourceArn for these services when they assume a customer's role, and a condition " +
          'the service never sends would leave the role unusable (backups and deploy-time custom resources failing). The roles still ' +
          'carry the boundary, and IAM lets a service assume a role only when a principal of this account passed it (iam:PassRole).',
      },
      {
        id: 'LEAST-PRIV-MANAGED-BACKUP-POLICIES',
        standing: true,
        covers: 'The AWS Backup service role of every stack with a backup plan.',
        reason:
          'It uses the AWS managed backup and restore policies, which AWS keeps current with every resource type AWS Backup supports; ' +
          'a hand-written policy would break backups or restores when AWS changes what they need. The findings are acknowledged, with ' +
          'this reason, in the review report.',
      },
    ],
  },
  {
    id: 'IMAGE-PROVENANCE',
    title: 'Services run only images from the scanned in-account registry, at immutable tags',
    status: 'enforced',
    policy: [Q.imageScanning],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave'] },
    realisation: {
      summary:
        "Every service runs from its own stack's ECR repository (immutable tags, scanned on push, KMS-encrypted): the platform at " +
        '`platform.container.imageTag`, the enclave at `hipaa.imageTag`, pulled through VPC endpoints by an execution role that may ' +
        'pull from that one repository only; `HostedService` has no way to run a public image. The image (images/hosted-service) runs ' +
        'as a non-root user with a read-only root filesystem and serves TLS on port 8443. On Google Cloud the Cloud Run service runs ' +
        "`gcp.service.image` from the stack's own Artifact Registry repository (immutable tags, CMEK, in the stack's region), checked by GCP-RUN.",
      code: [
        'lib/constructs/compute/hosted-service.ts',
        'lib/constructs/compute/image-repository.ts',
        'lib/stacks/platform-stack.ts',
        'lib/stacks/enclave-stack.ts',
        'lib/gcp/constructs/service.ts',
        'lib/gcp/policy-suite/rules/cloud-run.ts',
      ],
    },
    tests: [
      'test/constructs/compute/compute.test.ts',
      'test/constructs/compute/hosted-service-private.test.ts',
      'test/stacks/platform-stack.test.ts',
      'test/stacks/enclave-stack.test.ts',
      'test/gcp/service.test.ts',
    ],
    limits: [
      `The evidence verifier (lib/verify) checks that every task definition's image renders to a repository of its own stack, at a tag other than latest.`,
      'Images are referenced by tag (immutable in the repository), not digest, and are not signed. The first deploy of a stack creates ' +
        'its repository: the image must be pushed before the service can start (README, "Service image").',
      'The image itself cannot be built here (no container runtime in CI); what a first deploy must confirm is in the README.',
    ],
  },
  {
    id: 'VULN-SCAN',
    title: 'Container images and dependencies are scanned for vulnerabilities',
    status: 'partial',
    policy: [Q.imageScanning, Q.jamGithubFeed],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'gcp-recordings'] },
    realisation: {
      summary:
        'In every AWS account and region the assembly deploys to, the ECR registry scanning configuration is ENHANCED and continuous ' +
        'for every repository: Amazon Inspector scans each image on push and again as new vulnerabilities are published. Two AWS Config ' +
        'managed rules (INSPECTOR_ECR_SCAN_ENABLED, INSPECTOR_LAMBDA_STANDARD_SCAN_ENABLED) report whether Inspector scans ECR images ' +
        'and Lambda functions, and a non-compliant result goes to on-call; active Inspector findings at or above ' +
        '`platform.vulnerabilityAlertSeverity` (default HIGH) go to the alert topic. Every repository also scans on push, with immutable ' +
        "tags and KMS encryption. On Google Cloud each stack enables its project's Container Scanning API, which scans every image " +
        'pushed to the Artifact Registry repository the Cloud Run service runs from.',
      code: [
        'lib/promises/vulnerability-scanning.ts',
        'lib/constructs/detection/vulnerability-scanning.ts',
        'lib/constructs/compute/image-repository.ts',
        'lib/verify/aws/vulnerability-scanning.ts',
        'lib/gcp/constructs/service.ts',
        'lib/verify/gcp/scanning.ts',
      ],
    },
    tests: [
      'test/constructs/compute/compute.test.ts',
      'test/constructs/detection/vulnerability-scanning.test.ts',
      'test/verify/aws-people-weakenings.test.ts',
      'test/verify/gcp/checks.test.ts',
    ],
    limits: [
      'The evidence verifier checks the registry configuration, the two Config rules and the findings rule (HIGH and CRITICAL at least) ' +
        'in every platform, enclave and account-baseline stack, scan on push and tag immutability of every repository, and on Google ' +
        'Cloud the Container Scanning API, every repository not opting out of it, and every Cloud Run container running an image ' +
        'from a scanned repository of its stack.',
      'Dependency scanning (the GitHub vulnerability feed) runs on the source repositories, outside infrastructure. Artifact Registry ' +
        'findings are read in the console or Security Command Center; no Google Cloud alert is sent for them yet.',
    ],
    exceptions: [
      {
        id: 'VULN-SCAN-INSPECTOR-LAMBDA-STEP',
        standing: true,
        covers: 'Amazon Inspector scanning of Lambda functions in every account.',
        reason:
          "CloudFormation has no resource that enables Amazon Inspector: the registry scanning configuration turns on its ECR scanning, but Lambda scanning is a deploy step (`aws inspector2 enable --resource-types LAMBDA`, or the organization's delegated administrator); the Config rules show, and alarm, when it was not done.",
      },
      {
        id: 'VULN-SCAN-GCP-NO-ALERTS',
        standing: true,
        covers: 'Artifact Registry vulnerability findings on Google Cloud.',
        reason:
          'Container Scanning runs on every repository, but its findings are read in the console or Security Command Center: Artifact Analysis writes nothing to Cloud Logging that a log-based alert could match, and its Pub/Sub notifications (topic `container-analysis-occurrences-v1`) carry only the occurrence name and kind, no severity to filter on, so routing high findings to a person needs code that reads each occurrence, which the recordings stacks do not build.',
      },
    ],
  },
  {
    id: 'IAC-REVIEW',
    title: 'Infrastructure changes are code, peer-reviewed, with their security effect shown',
    status: 'partial',
    policy: [Q.iac],
    appliesTo: { kinds: ['aws-pipeline'] },
    realisation: {
      summary:
        'Everything Rampart builds is code under version control, synthesized offline and deterministically. The deployment pipeline ' +
        "(config `pipeline:`) builds it with the README's two commands, and every wave first runs the security diff of the new build " +
        'against the last deployed one (`npm run review -- --assembly cdk.out --base <deployed>`: controls weaker or stronger, ' +
        'stateful deletions and replacements, exiting non-zero on a weakening or data loss unless acknowledged), prints it into the ' +
        "step's log, then waits for a person's approval before any stack of the wave is deployed (through change sets in the first " +
        'pipeline, in one create-or-update action a tenant in the tenant pipelines). The same diff runs on a pull request ' +
        '(README, "Evidence and review"). After the tenant waves, a tenant that left the config is offboarded only after a person ' +
        "approves a request naming it: the pipeline's offboarding stage, entered only when the last deployed assembly holds a tenant " +
        'the new one does not, signs off and keeps its runbook.',
      code: [
        'lib/stacks/pipeline/pipeline-stack.ts',
        'lib/stacks/pipeline/wave-steps.ts',
        'lib/stacks/pipeline/offboarding-stages.ts',
        'lib/verify/diff/security-diff.ts',
        'lib/report/run-review.ts',
        'lib/verify/aws/iac-review.ts',
      ],
    },
    tests: ['test/stacks/pipeline-stack.test.ts', 'test/verify/iac-review.test.ts', 'test/verify/diff/control-changes.test.ts'],
    limits: [
      'The evidence verifier checks, in every pipeline stack, that each stage deploying CloudFormation first runs a CodeBuild action ' +
        'whose buildspec runs `npm run review` with `--base`, then a manual approval, before its first CloudFormation action; and that every ' +
        'action signing off an offboarding runbook (RAMPART_STEP=sign-off, bin/offboarding-step.sh) follows a manual approval in its ' +
        'stage, which the waves-without-approval exception never covers.',
      'The policy says Terraform; Rampart uses AWS CDK (CloudFormation) and, for Google Cloud, CDK for Terraform (Terraform JSON), ' +
        'which no pipeline of Rampart deploys yet.',
    ],
    exceptions: [
      {
        id: 'IAC-REVIEW-PEER-REVIEW-IN-THE-REPOSITORY',
        standing: true,
        covers: 'Every change merged into the branch the pipeline builds.',
        reason:
          "Peer review before merge is the source repository's branch protection (required reviews, status checks), which lives in " +
          "the repository host and no template shows. The pipeline shows each wave's security effect to the person who approves it, " +
          'which is review of the deployment, not of the code change.',
      },
      {
        id: WAVES_WITHOUT_APPROVAL_EXCEPTION,
        covers: 'The waves of a pipeline built with `pipeline.manualApproval: false`.',
        reason:
          'The security diff still runs and fails the wave on a weakening or data loss, but nobody approves the deployment: for ' +
          'non-production environments where the diff alone is the gate.',
      },
    ],
  },
];
