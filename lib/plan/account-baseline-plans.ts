import type { AwsConfig } from '../config/aws-part';
import type { PolicyNumbers } from '../promises/policy-numbers';
import type { DataClass } from '../promises/types';
import { awsBase } from './aws-plans';
import { accountBaselineNames } from './naming';
import type { AccountBaselineStackPlan, AwsStackPlan } from './types';

/** The stacks that bring audit and detection with them: a platform or enclave stack covers its account and region, and its account's trail. */
const COVERING_KINDS: ReadonlySet<AwsStackPlan['kind']> = new Set(['aws-platform', 'aws-enclave']);

/** Data classes in a fixed order, so a plan (and the template's Metadata.Rampart) never depends on stack order. */
const DATA_CLASS_ORDER: readonly DataClass[] = ['eu', 'phi'];

function unionOf(plans: readonly AwsStackPlan[]): DataClass[] {
  return DATA_CLASS_ORDER.filter((c) => plans.some((p) => p.dataClasses.includes(c)));
}

/** An account and region that holds no planned stack but must be watched (the deployment pipeline's). */
export interface AccountRegion {
  readonly account: string;
  readonly region: string;
}

/** The home of an account without a trail: the region holding EU data if there is one (EU access records stay in the EU), else the first. */
function homeRegion(regions: readonly string[], placed: readonly AwsStackPlan[], account: string): string {
  const eu = regions.find((region) => placed.some((p) => p.account === account && p.region === region && p.dataClasses.includes('eu')));
  return eu ?? regions[0];
}

/**
 * DETECT-EVERY-ACCOUNT and AUDIT for every account that holds customer data: one account baseline
 * for each (account, region) where `placed` puts a stack and no platform or enclave stack covers
 * that account and region, in the order the pair first appears. Today those are tenants with their
 * own `account`, and the deployment account in the pipeline's region (`alsoWatched`): the account
 * whose pipeline can deploy into every other one holds no customer data, but who changed the
 * pipeline, and with which credentials, is evidence an auditor samples first.
 *
 * - Every baseline brings GuardDuty, Security Hub, AWS Config and high-severity alerts to its
 *   account and region, with its own logs and alerts keys and a log archive (Config delivers there).
 * - An account with no platform or enclave stack anywhere gets its multi-region trail, and global
 *   resources in Config, in one baseline only: its home (`homeRegion`). An account that has such a
 *   stack elsewhere already has that stack's trail.
 * - The archive is locked for the HIPAA retention when any stack of the account holds PHI, else for
 *   the audit retention. Data classes are those of the stacks it covers (the home's trail covers
 *   the whole account), so the residency and HIPAA guards apply to it as to them.
 */
export function accountBaselinePlans(
  config: AwsConfig,
  placed: readonly AwsStackPlan[],
  alsoWatched: readonly AccountRegion[] = [],
): AccountBaselineStackPlan[] {
  const covering = placed.filter((p) => COVERING_KINDS.has(p.kind));
  const covered = new Set(covering.map((p) => `${p.account}/${p.region}`));
  const accountsWithTrail = new Set(covering.map((p) => p.account));
  const regionsByAccount = new Map<string, string[]>();
  for (const p of [...placed, ...alsoWatched]) {
    if (covered.has(`${p.account}/${p.region}`)) continue;
    const regions = regionsByAccount.get(p.account) ?? [];
    if (!regions.includes(p.region)) regionsByAccount.set(p.account, [...regions, p.region]);
  }
  const policy = config.policy as PolicyNumbers;
  const scope = `${config.organization}/${config.environment}`;
  return [...regionsByAccount.entries()].flatMap(([account, regions]) => {
    const ofAccount = placed.filter((p) => p.account === account);
    const home = accountsWithTrail.has(account) ? undefined : homeRegion(regions, placed, account);
    const auditRetentionDays = ofAccount.some((p) => p.dataClasses.includes('phi'))
      ? policy.auditLogs.hipaaRetentionDays
      : policy.auditLogs.retentionDays;
    return regions.map((region): AccountBaselineStackPlan => {
      const isHome = region === home;
      const covers = isHome ? ofAccount : ofAccount.filter((p) => p.region === region);
      const description =
        `Rampart account baseline (${scope}, ${account}, ${region}${isHome ? ', home: multi-region trail' : ''}): ` +
        'audit and detection where no platform or enclave stack brings them';
      return {
        ...awsBase(config, { kind: 'aws-account-baseline', account, region, dataClasses: unionOf(covers) }, description, 'account-baseline', account),
        kind: 'aws-account-baseline',
        home: isHome,
        covers: covers.map((p) => p.path),
        auditRetentionDays,
        names: accountBaselineNames(config, account, region),
      };
    });
  });
}
