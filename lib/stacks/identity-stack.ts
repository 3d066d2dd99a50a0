import { Construct } from 'constructs';
import { JustInTimeAccess } from '../constructs/access/just-in-time';
import { PermissionSets } from '../constructs/access/permission-sets';
import type { IdentityStackPlan } from '../plan/types';
import { PlannedStack } from './planned-stack';

/**
 * ACCESS-MFA: the IAM Identity Center permission sets, deployed to the organization's management
 * (or delegated administrator) account. Composition only.
 */
export class IdentityStack extends PlannedStack {
  public readonly permissionSets: PermissionSets;
  public readonly justInTime: JustInTimeAccess;

  constructor(scope: Construct, plan: IdentityStackPlan) {
    super(scope, plan);
    this.permissionSets = new PermissionSets(this, 'PermissionSets', { instanceArn: plan.instanceArn });
    // ACCESS-JIT: the write sets reach production accounts only through the state machine.
    const { operator, platformAdmin } = this.permissionSets.sets;
    this.justInTime = new JustInTimeAccess(this, 'JustInTime', {
      instanceArn: plan.instanceArn,
      permissionSets: { [operator.name]: operator.attrPermissionSetArn, [platformAdmin.name]: platformAdmin.attrPermissionSetArn },
      accounts: plan.productionAccounts,
      stateMachineName: plan.stateMachineName,
      aliasPrefix: plan.keyAliasPrefix,
      rotationPeriodDays: plan.policy.keyRotation.awsMaxDays,
      alertEmail: plan.alertEmail,
    });
  }
}
