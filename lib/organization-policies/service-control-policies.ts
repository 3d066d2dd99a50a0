import { allowedActions } from './hipaa-eligible-services';

/**
 * Service control policy (SCP) documents for AWS Organizations, as plain JSON. Rampart does not
 * attach them (the organization's management account does, see docs/policies.md); it emits them
 * next to the templates so they are reviewed and versioned with the code they protect.
 */

/** An IAM policy document as AWS Organizations accepts it. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** AWS Organizations quota: an SCP is at most 5,120 characters (whitespace outside strings is not needed). */
export const SCP_MAX_CHARACTERS = 5120;

export interface ScpOptions {
  /**
   * ARN patterns (`ArnLike`, `*` allowed) of break-glass or deployment roles the SCP does not apply
   * to, e.g. `arn:aws:iam::*:role/BreakGlass`. Every use of such a role is visible in CloudTrail;
   * keep the list short and the roles MFA-protected.
   * @default - no exemption: the SCP applies to every principal of the accounts it is attached to
   */
  readonly exemptPrincipalArns?: readonly string[];
}

/**
 * HIPAA: denies every action outside the HIPAA allowlist (`hipaa-eligible-services.ts`) to every
 * principal in the accounts it is attached to. Attach it to the OU holding the HIPAA enclave
 * account. It is the organization-level twin of `HipaaPermissionsBoundary`: it also caps
 * principals that carry no boundary (people signing in through SSO, the root user's API calls).
 */
export function hipaaServiceAllowlistScp(options: ScpOptions = {}): PolicyDocument {
  return checked('hipaaServiceAllowlistScp', {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyAllButHipaaEligibleServices',
        Effect: 'Deny',
        NotAction: [...new Set([...allowedActions(), ...HIPAA_SCP_ACCOUNT_ADMINISTRATION.flatMap((a) => a.actions)])],
        Resource: '*',
        ...exemption(options),
      },
    ],
  });
}

/**
 * Account administration the HIPAA enclave account needs beyond its roles' allowlist, because the
 * SCP (unlike the boundary) also applies to the deployment and the people administering the
 * account. None of these services stores or processes PHI.
 */
export const HIPAA_SCP_ACCOUNT_ADMINISTRATION: readonly { readonly actions: readonly string[]; readonly reason: string }[] = [
  {
    actions: ['iam:*', 'sts:*'],
    reason: 'CloudFormation creates the enclave roles (each capped by the permissions boundary) and people assume roles; identities, not data',
  },
  { actions: ['cloudformation:*'], reason: 'deploys the enclave; templates hold configuration, not PHI' },
  { actions: ['support:*', 'health:*'], reason: 'support cases and service health notices for the account' },
  { actions: ['tag:*'], reason: 'tag-based backup selection and resource inventory; returns ARNs and tags only' },
];

/**
 * Global services a single-region account still needs. They have one endpoint, physically in
 * us-east-1, so `aws:RequestedRegion` is us-east-1 for every call; denying them would lock the
 * account out of its own identity, DNS and billing. Taken from AWS's documented example
 * "Deny access to AWS based on the requested AWS Region" (AWS Organizations user guide, General
 * examples of SCPs), narrowed to what holds no customer data. Each with the reason it is exempt.
 */
export const REGION_DENY_GLOBAL_EXEMPTIONS: readonly { readonly actions: readonly string[]; readonly reason: string }[] = [
  { actions: ['iam:*'], reason: 'IAM is global (us-east-1 endpoint); roles and policies hold no customer data' },
  { actions: ['sts:*'], reason: 'the global STS endpoint resolves to us-east-1; credentials, not data' },
  { actions: ['organizations:*', 'account:*'], reason: 'account and organization management is global' },
  { actions: ['route53:*', 'route53domains:*'], reason: 'DNS is global; records name endpoints, they hold no customer data' },
  { actions: ['support:*', 'health:*', 'trustedadvisor:*'], reason: 'support cases, service health and checks are global' },
  { actions: ['aws-portal:*', 'budgets:*', 'ce:*', 'cur:*', 'pricing:*'], reason: 'billing and cost management are global' },
  { actions: ['shield:*'], reason: 'the Shield Advanced API (subscription, protections of the regional load balancer) is served from us-east-1' },
  {
    actions: ['s3:GetAccountPublic*', 's3:PutAccountPublic*', 's3:ListAllMyBuckets', 'ec2:DescribeRegions'],
    reason: 'account-wide reads and the account-level S3 Block Public Access setting; no object is read or written outside the region',
  },
];

/**
 * Deliberately NOT exempted for the EU account, although AWS's example exempts them:
 * - `cloudfront:*`, `globalaccelerator:*`, `waf:*` (WAF classic for CloudFront): the EU promise is
 *   that EU customers' data is stored exclusively in the EU region; CloudFront caches responses at
 *   edge locations worldwide and Global Accelerator terminates connections at edge locations
 *   outside the region, so the EU account must not be able to create either.
 * - `kms:*`, `acm:*`, `config:*`: they have regional endpoints. Exempting them would let a key,
 *   certificate or configuration record be created outside the region; the EU account needs none.
 */
export const REGION_DENY_NOT_EXEMPTED = ['cloudfront:*', 'globalaccelerator:*', 'waf:*', 'kms:*', 'acm:*', 'config:*'] as const;

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/**
 * RESIDENCY-EU: denies every action requested for a region other than `allowedRegion`, except the
 * global services in `REGION_DENY_GLOBAL_EXEMPTIONS`. Attach it to the EU account (or its OU).
 */
export function regionDenyScp(allowedRegion: string, options: ScpOptions = {}): PolicyDocument {
  if (!REGION.test(allowedRegion)) {
    throw new Error(`regionDenyScp: allowedRegion must be an AWS region such as "eu-west-1", got ${JSON.stringify(allowedRegion)}`);
  }
  const exempt = exemption(options);
  return checked('regionDenyScp', {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyAllOutsideTheRegionExceptGlobalServices',
        Effect: 'Deny',
        NotAction: REGION_DENY_GLOBAL_EXEMPTIONS.flatMap((e) => e.actions),
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': [allowedRegion] }, ...(exempt.Condition ?? {}) },
      },
    ],
  });
}

function exemption(options: ScpOptions): { Condition?: Record<string, unknown> } {
  const arns = options.exemptPrincipalArns ?? [];
  for (const arn of arns) {
    if (!/^arn:aws[\w-]*:iam::(\d{12}|\*):role\/[\w+=,.@/*-]+$/.test(arn)) {
      throw new Error(
        `exemptPrincipalArns: each entry must be an IAM role ARN pattern such as "arn:aws:iam::*:role/BreakGlass", got ${JSON.stringify(arn)}`,
      );
    }
  }
  return arns.length === 0 ? {} : { Condition: { ArnNotLike: { 'aws:PrincipalARN': [...arns] } } };
}

/** Minified size of a policy document, as AWS Organizations counts it. */
export function minifiedLength(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/** Throws when the minified document exceeds the SCP size quota. */
export function checked(what: string, document: PolicyDocument): PolicyDocument {
  const length = minifiedLength(document);
  if (length > SCP_MAX_CHARACTERS) {
    throw new Error(
      `${what}: the policy is ${length} characters minified, above the ${SCP_MAX_CHARACTERS}-character SCP quota of AWS Organizations; shorten the allowlist or split it into two policies`,
    );
  }
  return document;
}
