import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { LogArchive } from '../../../lib/constructs/audit/log-archive';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { acknowledgeInPacks, COMPLIANCE_PACKS } from '../../../lib/nag/acknowledge';
import { testStack } from '../../helpers';

/**
 * What the edge and compute constructs are composed with in the platform stack: a key ring, the log
 * archive and a VPC with public and private subnets. The VPC is a stand-in for the network construct
 * (built separately, with its own tests); it logs its flows into the archive like the real one.
 */
export function platformFixture(region = 'us-east-1') {
  const stack: Stack = testStack(region);
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 't/test' });
  const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: keys.logs, bucketName: 't-logs', accessLogsBucketName: 't-access-logs' });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    ],
    flowLogs: { all: { destination: ec2.FlowLogDestination.toS3(archive.bucket, 'flow-logs/'), trafficType: ec2.FlowLogTrafficType.ALL } },
  });
  acknowledgeStandInVpc(vpc);
  return { stack, keys, archive, vpc };
}

/**
 * TEST ONLY. The stand-in VPC's own findings belong to the network construct, which closes the
 * default security group and routes public subnets through the firewall; they are not under test here.
 */
function acknowledgeStandInVpc(vpc: ec2.Vpc): void {
  acknowledgeInPacks(
    vpc.node.defaultChild!,
    'VPCDefaultSecurityGroupClosed',
    COMPLIANCE_PACKS,
    'Test stand-in VPC: the network construct (tested separately) closes the default security group.',
  );
  for (const subnet of vpc.publicSubnets) {
    const route = subnet.node.tryFindChild('DefaultRoute') as IConstruct;
    acknowledgeInPacks(
      route,
      'VPCNoUnrestrictedRouteToIGW',
      COMPLIANCE_PACKS,
      'Test stand-in VPC: public subnets hold only the internet-facing load balancer under test.',
    );
  }
}
