import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** Availability: MULTI-AZ, AZ-REAL. */
export const AVAILABILITY: readonly ControlEntry[] = [
  {
    id: 'MULTI-AZ',
    title: 'Every tier runs in at least two availability zones',
    status: 'enforced',
    policy: [Q.multiAz],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'VPCs spread every subnet tier across `platform.maxAzs` zones (three by default) and refuse fewer than two; the ALB, the NAT ' +
        'gateways (one per zone) and the firewall endpoints follow the subnets; Aurora runs a writer and a reader in two zones; Fargate ' +
        'services keep at least two tasks and rebalance across zones; the enclave NLB is cross-zone. On Google Cloud, Cloud SQL is ' +
        'REGIONAL (high availability) and buckets are regional.',
      code: [
        'lib/constructs/network/rampart-vpc.ts',
        'lib/constructs/data/database.ts',
        'lib/constructs/compute/hosted-service.ts',
        'lib/constructs/edge/private-ingress.ts',
        'lib/gcp/constructs/database.ts',
      ],
    },
    tests: ['test/constructs/network/rampart-vpc.test.ts', 'test/constructs/data/database.test.ts', 'test/constructs/compute/compute.test.ts'],
    limits: [
      `The evidence verifier (lib/verify) checks the zone spread of every VPC's subnets, the instances of every Aurora cluster and the task count of every ` +
        'service in the templates; GCP-SQL checks REGIONAL availability on Google Cloud.',
      'The templates name pinned zones (AZ-REAL), so a reviewer sees which zones each tier spans.',
      'Tenant VPCs span the zones but hold no compute or database of their own.',
    ],
  },
  {
    id: 'AZ-REAL',
    title: 'Templates name the real availability zones they deploy to',
    status: 'enforced',
    policy: [Q.multiAz],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant'] },
    realisation: {
      summary:
        "Every AWS stack pins its zones from its plan: the config's availabilityZones.<region>, else a default of names every account " +
        'in the region has (regions whose names differ between accounts, such as us-west-1, have no default and must be named). ' +
        'Synthesis needs no lookup, so the templates a reviewer reads (and every per-stage cdk command) are the ones that deploy.',
      code: ['lib/config/availability-zones.ts', 'lib/plan/aws-plans.ts', 'lib/stacks/platform-stack.ts', 'lib/nag/rules/RealAvailabilityZones.ts'],
    },
    tests: ['test/nag/rules/RealAvailabilityZones.test.ts', 'test/config/availability-zones.test.ts'],
    limits: [
      'Zone names map to different physical zones in each account; the defaults are names, not placements. A first deploy must ' +
        'confirm each pinned name exists in the target account (aws ec2 describe-availability-zones) and set availabilityZones where it differs.',
      "cfn-lint's W3010 (hardcoded zones) is acknowledged once per VPC and per Aurora cluster, with this reason: pinning is the point.",
    ],
  },
];
