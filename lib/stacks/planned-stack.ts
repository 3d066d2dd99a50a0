import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AwsStackPlanBase } from '../plan/types';

/**
 * A stack built from its plan: its id, CloudFormation name, description, account and region come
 * from the plan, termination protection is always on, and its availability zones are the plan's
 * pinned zones (AZ-REAL), never CDK's offline lookup, which writes dummy1a/b/c.
 */
export class PlannedStack extends Stack {
  private readonly zones: readonly string[];

  constructor(scope: Construct, plan: AwsStackPlanBase) {
    super(scope, plan.stackId, {
      stackName: plan.stackName,
      description: plan.description,
      env: { account: plan.account, region: plan.region },
      terminationProtection: true,
    });
    this.zones = plan.availabilityZones;
  }

  public override get availabilityZones(): string[] {
    return [...this.zones];
  }
}
