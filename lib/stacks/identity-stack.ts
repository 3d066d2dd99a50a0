import { Construct } from 'constructs';
import { PermissionSets } from '../constructs/access/permission-sets';
import type { IdentityStackPlan } from '../plan/types';
import { PlannedStack } from './planned-stack';

/**
 * ACCESS-MFA: the IAM Identity Center permission sets, deployed to the organization's management
 * (or delegated administrator) account. Composition only.
 */
export class IdentityStack extends PlannedStack {
  public readonly permissionSets: PermissionSets;

  constructor(scope: Construct, plan: IdentityStackPlan) {
    super(scope, plan);
    this.permissionSets = new PermissionSets(this, 'PermissionSets', { instanceArn: plan.instanceArn });
  }
}
