import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { FlowLogsAllTraffic } from '../../../lib/nag/rules/FlowLogsAllTraffic';
import { cfnOf, testStack } from '../../helpers';

function flowLog(trafficType: ec2.FlowLogTrafficType) {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'A', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return cfnOf(new ec2.FlowLog(stack, 'F', { resourceType: ec2.FlowLogResourceType.fromVpc(vpc), trafficType }));
}

describe('Rampart-FlowLogsAllTraffic (NET-ISOLATION)', () => {
  test('GIVEN a flow log of ALL traffic THEN compliant', () => {
    expect(FlowLogsAllTraffic.check(flowLog(ec2.FlowLogTrafficType.ALL))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN a flow log of rejected (or accepted) traffic only THEN non-compliant', () => {
    expect(FlowLogsAllTraffic.check(flowLog(ec2.FlowLogTrafficType.REJECT))).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(FlowLogsAllTraffic.check(flowLog(ec2.FlowLogTrafficType.ACCEPT))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN an ALL flow log narrowed by a raw property override THEN non-compliant', () => {
    const log = flowLog(ec2.FlowLogTrafficType.ALL);
    log.addPropertyOverride('TrafficType', 'ACCEPT');
    expect(FlowLogsAllTraffic.check(log)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN another resource type THEN not applicable', () => {
    expect(FlowLogsAllTraffic.check(cfnOf(new sns.Topic(testStack(), 'T')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
