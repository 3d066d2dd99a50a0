import { formatBlock } from './cidr';
import { ConfigView, TenantView } from './config-view';
import { ConfigIssue } from './issues';
import { placementRegion } from './placement';
import { isEuRegion } from './regions';

/**
 * Cross-field rules about tenants: accounts that contradict residency, stack selection by id, and
 * the erasure deadline. CIDR rules live in tenant-network.ts. Each reads a ConfigView (defaults
 * applied, invalid values undefined) and skips what it cannot read.
 */

type ViewRule = (view: ConfigView) => ConfigIssue[];

const regionOf = (view: ConfigView, tenant: TenantView): string | undefined => {
  const { primary } = view.regions;
  const { region: euRegion } = view.eu;
  const { region: hipaaRegion } = view.hipaa;
  if (tenant.residency === undefined || primary === undefined || euRegion === undefined || hipaaRegion === undefined) return undefined;
  return placementRegion({ hipaa: tenant.hipaa, residency: tenant.residency }, { primary, euRegion, hipaaRegion });
};

/**
 * RESIDENCY-EU: an EU tenant's pinned account must not be a US one, and a us tenant must not be
 * pinned to accounts.eu, whose SCP denies every region but the EU one.
 */
export const tenantAccountMatchesResidency: ViewRule = (view) =>
  view.tenants.flatMap((tenant): ConfigIssue[] => {
    const { account } = tenant;
    if (account === undefined) return [];
    const path = ['tenants', tenant.index, 'account'];
    const euRegion = view.eu.region ?? 'residency.eu.region';
    if (tenant.residency === 'eu') {
      if (account === view.accounts.platform) {
        return [
          {
            path,
            message: `is accounts.platform, a US account; an EU tenant's data stays in the EU: use accounts.eu (the default) or a dedicated account`,
            received: account,
          },
        ];
      }
      const hipaaRegion = view.hipaa.region;
      if (account === view.accounts.hipaa && hipaaRegion !== undefined && !isEuRegion(hipaaRegion)) {
        return [
          {
            path,
            message: `is accounts.hipaa, whose enclave region "${hipaaRegion}" is outside the EU; an EU tenant's data stays in residency.eu.region ("${euRegion}")`,
            received: account,
          },
        ];
      }
    }
    if (tenant.residency === 'us' && account === view.accounts.eu) {
      const region = regionOf(view, tenant);
      const lands = region === undefined ? '' : `; this us tenant's stacks deploy to "${region}"`;
      return [{ path, message: `is accounts.eu, whose SCP denies every region but residency.eu.region ("${euRegion}")${lands}`, received: account }];
    }
    return [];
  });

/**
 * Every stack path buildApp creates (account baselines included), with the index of the tenant that
 * owns it (tenant stacks only), computed from the raw document as the plan would (the tests compare
 * the two).
 */
export function stackPaths(view: ConfigView): { path: string; tenantIndex?: number }[] | undefined {
  const { environment } = view;
  const { primary, dr } = view.regions;
  if (environment === undefined || primary === undefined || dr === undefined || view.eu.region === undefined) return undefined;
  const platformRegions = [...new Set([primary, dr, view.eu.region])];
  const paths: { path: string; tenantIndex?: number }[] = platformRegions.map((region) => ({ path: `${environment}-${region}/platform` }));
  // Every region a stack is placed in, in order: the pipeline deploys to each.
  const deployedTo = new Set(platformRegions);
  if (view.hipaa.enabled && view.hipaa.region !== undefined) {
    paths.push({ path: `${environment}-${view.hipaa.region}/enclave` });
    deployedTo.add(view.hipaa.region);
  }
  const seen = new Set<string>();
  const baselines = new Set<string>();
  for (const tenant of view.tenants) {
    const region = regionOf(view, tenant);
    if (tenant.id === undefined || region === undefined || seen.has(tenant.id)) continue;
    seen.add(tenant.id);
    paths.push({ path: `${environment}-${region}/tenant-${tenant.id}`, tenantIndex: tenant.index });
    deployedTo.add(region);
    if (tenant.account !== undefined && !coveredByPlatformOrEnclave(view, tenant.account, region)) {
      baselines.add(`${environment}-${region}/account-baseline-${tenant.account}`);
    }
  }
  // The deployment account is watched in the pipeline's region and in every region it deploys to
  // (lib/plan/plan-deployment.ts).
  const { deployment } = view.accounts;
  const pipelineRegion = view.pipeline?.region;
  if (deployment !== undefined && pipelineRegion !== undefined) {
    for (const region of new Set([pipelineRegion, ...deployedTo])) {
      if (!coveredByPlatformOrEnclave(view, deployment, region)) baselines.add(`${environment}-${region}/account-baseline-${deployment}`);
    }
  }
  return [...paths, ...[...baselines].map((path) => ({ path }))];
}

/** Whether a platform or enclave stack sits in `account` and `region` (else the plan adds an account baseline there). */
function coveredByPlatformOrEnclave(view: ConfigView, account: string, region: string): boolean {
  const { accounts, regions, eu, hipaa } = view;
  return (
    (account === accounts.platform && (region === regions.primary || region === regions.dr)) ||
    (account === accounts.eu && region === eu.region) ||
    (hipaa.enabled && account === accounts.hipaa && region === hipaa.region)
  );
}

// No rule on tenant ids and stack selection: the documented pattern `'*/tenant-<id>'` selects exactly
// the tenant's stack for any unique id (the CLI's `*` does not cross `/`, and `tenant-acme` is not
// `tenant-acme-eu`), as test/app/cli-selection.test.ts shows with the CDK CLI itself. The former
// rule matched `'*<id>*'`, which the CLI never matches (it selects nothing) and which refused ids such
// as `acme-eu` beside `acme`, advising a rename that would replace the tenant's stack.

/**
 * ERASURE: backup tiers longer than the erasure deadline outlive it, so a tenant's erasure is
 * crypto-shredding: its keys must be gone (grace period + KMS pending window) within the deadline.
 */
export const offboardingWithinErasureDeadline: ViewRule = (view) => {
  const { graceDays, keyDeletionWindowDays } = view.tenancy;
  if (graceDays === undefined || keyDeletionWindowDays === undefined || view.policy === undefined) return [];
  const total = graceDays + keyDeletionWindowDays;
  const deadline = view.policy.erasure.deadlineDays;
  if (total <= deadline) return [];
  // Backups keep being taken until erasure starts (graceDays after the request).
  const tiers = view.policy.backupTiers.filter((tier) => graceDays + tier.keepDays > deadline).map((tier) => `${tier.name} (${tier.keepDays} d)`);
  const tierText = `${tiers.join(' and ')} tier${tiers.length === 1 ? '' : 's'}`;
  return [
    {
      path: ['tenancy', 'offboarding'],
      message:
        `graceDays (${graceDays}) + keyDeletionWindowDays (${keyDeletionWindowDays}) = ${total} days, over the ${deadline}-day erasure promise (policy.erasure.deadlineDays): ` +
        `backups taken until erasure starts outlive that promise in the ${tierText}, so erasure relies on crypto-shredding the tenant's keys, ` +
        `which become unusable only after the grace period plus the KMS pending window; make the sum at most ${deadline}`,
      received: { graceDays, keyDeletionWindowDays },
    },
  ];
};

/**
 * ISOLATION: a pooled tenant is served by the shared platform (or, for PHI, enclave) service of its
 * region, whose task role reaches the tenant's data through a role in the same account; it has no
 * VPC. A tenant in an account of its own, or with a pinned VPC CIDR, is a silo tenant.
 */
export const pooledTenantsShareTheServingAccount: ViewRule = (view) =>
  view.tenants.flatMap((tenant): ConfigIssue[] => {
    if (tenant.isolation !== 'pool') return [];
    const issues: ConfigIssue[] = [];
    const serving = tenant.hipaa
      ? { name: 'accounts.hipaa', account: view.accounts.hipaa, service: 'the enclave' }
      : tenant.residency === 'eu'
        ? { name: 'accounts.eu', account: view.accounts.eu, service: 'the EU platform' }
        : { name: 'accounts.platform', account: view.accounts.platform, service: 'the platform' };
    if (tenant.account !== undefined && serving.account !== undefined && tenant.account !== serving.account) {
      issues.push({
        path: ['tenants', tenant.index, 'account'],
        message: `is not ${serving.name} ("${serving.account}"), where ${serving.service} service that serves a pooled tenant runs; give the tenant isolation: silo for an account of its own, or remove account`,
        received: tenant.account,
      });
    }
    if (tenant.cidrGiven) {
      issues.push({
        path: ['tenants', tenant.index, 'cidr'],
        message: 'is set on a pooled tenant, which has no VPC; pin a cidr only with isolation: silo',
        received: tenant.cidr === undefined ? undefined : formatBlock(tenant.cidr),
      });
    }
    return issues;
  });

export const TENANT_RULES: readonly ViewRule[] = [
  tenantAccountMatchesResidency,
  offboardingWithinErasureDeadline,
  pooledTenantsShareTheServingAccount,
];
