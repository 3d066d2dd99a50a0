import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { STACK_METADATA_KEY, stackMetadata } from '../plan/stack-metadata';
import type { AwsStackPlan } from '../plan/types';

/**
 * A stack built from its plan: its id, CloudFormation name, description, account and region come
 * from the plan, termination protection is always on, and its availability zones are the plan's
 * pinned zones (AZ-REAL), never CDK's offline lookup, which writes dummy1a/b/c. The template says
 * what it is (`Metadata.Rampart`: kind, data, policy numbers, accepted exceptions) so that the
 * verifier and a reviewer can judge it from the artifact alone.
 */
export class PlannedStack extends Stack {
  private readonly zones: readonly string[];

  constructor(scope: Construct, plan: AwsStackPlan) {
    super(scope, plan.stackId, {
      stackName: plan.stackName,
      description: plan.description,
      env: { account: plan.account, region: plan.region },
      terminationProtection: true,
    });
    this.zones = plan.availabilityZones;
    this.templateOptions.metadata = { ...this.templateOptions.metadata, [STACK_METADATA_KEY.aws]: stackMetadata(plan) };
  }

  public override get availabilityZones(): string[] {
    return [...this.zones];
  }
}
