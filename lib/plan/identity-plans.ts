import type { AwsConfig } from '../config/aws-part';
import { JUST_IN_TIME } from '../promises/people-access';
import { awsBase } from './aws-plans';
import { keyAliasPrefix, namePrefix } from './naming';
import type { IdentityStackPlan } from './types';

/**
 * ACCESS-MFA: the Identity Center stack, when config.identityCenter names the instance: in its
 * account (management or delegated administrator) and region, holding only permission sets.
 */
export function identityPlan(config: AwsConfig): IdentityStackPlan | undefined {
  const center = config.identityCenter;
  if (center === undefined) return undefined;
  return {
    ...awsBase(
      config,
      { kind: 'aws-identity', account: center.account, region: center.region, dataClasses: [] },
      `Rampart IAM Identity Center permission sets (${config.organization}/${config.environment})`,
      'identity-center',
    ),
    kind: 'aws-identity',
    instanceArn: center.instanceArn,
    groups: center.groups,
    productionAccounts: [
      ...new Set([
        config.accounts.platform,
        config.accounts.hipaa,
        config.accounts.eu,
        ...config.tenants.flatMap((t) => (t.account === undefined ? [] : [t.account])),
      ]),
    ],
    stateMachineName: `${namePrefix(config)}-${JUST_IN_TIME.stateMachineSuffix}`,
    keyAliasPrefix: `${keyAliasPrefix(config)}/identity`,
  };
}
