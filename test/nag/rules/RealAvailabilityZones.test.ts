import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { RAMPART_CONTEXT } from '../../../lib/app/build-app';
import { RealAvailabilityZones } from '../../../lib/nag/rules/RealAvailabilityZones';
import { cfnOf } from '../../helpers';

function subnetIn(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'I', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  return cfnOf(vpc.isolatedSubnets[0]);
}

describe('Rampart-RealAvailabilityZones (AZ-REAL)', () => {
  test('GIVEN a VPC in a stack without pinned zones (offline, CDK writes dummy1a) THEN non-compliant', () => {
    const app = new App({ context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: false });
    const subnet = subnetIn(new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } }));
    expect(RealAvailabilityZones.check(subnet)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN a stack whose zones are pinned THEN compliant; GIVEN an override back to a placeholder THEN non-compliant', () => {
    class Pinned extends Stack {
      public override get availabilityZones(): string[] {
        return ['us-east-1a', 'us-east-1b'];
      }
    }
    const app = new App({ context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: false });
    const subnet = subnetIn(new Pinned(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } }));
    expect(RealAvailabilityZones.check(subnet)).toBe(NagRuleCompliance.COMPLIANT);
    subnet.addPropertyOverride('AvailabilityZone', 'dummy1b');
    expect(RealAvailabilityZones.check(subnet)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });
});
