import { LogArchive } from '../../../lib/constructs/audit/log-archive';
import { PrivateIngressProps } from '../../../lib/constructs/edge/private-ingress';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { RampartVpc } from '../../../lib/constructs/network/rampart-vpc';
import { testStack } from '../../helpers';

/** What the enclave composes its private ingress and service with: keys, log archive, isolated network. */
export function enclaveFixture() {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 't/hipaa' });
  const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: keys.logs, bucketName: 't-logs', accessLogsBucketName: 't-access-logs' });
  const network = new RampartVpc(stack, 'Network', { cidr: '10.1.0.0/16', maxAzs: 3, flowLogKey: keys.logs, isolated: true });
  return { stack, keys, archive, network };
}

/** PrivateIngress props on the fixture's isolated network and access-log bucket. */
export function privateIngressProps(f: ReturnType<typeof enclaveFixture>, overrides: Partial<PrivateIngressProps> = {}): PrivateIngressProps {
  return {
    vpc: f.network.vpc,
    subnets: f.network.privateSubnets,
    vpcCidr: '10.1.0.0/16',
    domainName: 'phi.example.com',
    accessLogsBucket: f.archive.accessLogsBucket,
    consumerAccounts: ['111111111111'],
    ...overrides,
  };
}
