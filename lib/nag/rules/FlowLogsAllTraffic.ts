import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/**
 * NET-ISOLATION: a flow log records ALL traffic, accepted and rejected. The public packs
 * (VPCFlowLogsEnabled, AwsSolutions-VPC7) only check that a VPC has some flow log; a log of
 * ACCEPT-only misses probes that were blocked, a REJECT-only log misses what got through.
 */
export const FlowLogsAllTraffic: RampartRule = {
  id: 'FlowLogsAllTraffic',
  controls: ['NET-ISOLATION'],
  info: 'The VPC flow log does not record ALL traffic.',
  explanation:
    'Set TrafficType: ALL (ec2.FlowLogTrafficType.ALL) so that both accepted and rejected flows are available to investigations; RampartVpc does this by default.',
  check(resource: CfnResource) {
    if (resource.cfnResourceType !== 'AWS::EC2::FlowLog') return NagRuleCompliance.NOT_APPLICABLE;
    return resolvedProperties(resource).TrafficType === 'ALL' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
