import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { BackupVault, FourTierBackupPlan, stagingVaultLock } from '../constructs/backup';
import { HostedService } from '../constructs/compute/hosted-service';
import { ImageRepository } from '../constructs/compute/image-repository';
import { Database } from '../constructs/data/database';
import { PrivateIngress } from '../constructs/edge/private-ingress';
import { PublicIngress } from '../constructs/edge/public-ingress';
import { SHIELD_OFF_REASON, shieldEndpointOfLoadBalancer, ShieldProtection } from '../constructs/edge/shield';
import { WebAcl } from '../constructs/edge/web-acl';
import type { KeyRing } from '../constructs/keys/key-ring';
import type { RampartVpc } from '../constructs/network/rampart-vpc';
import type { TenantStackPlan } from '../plan/types';
import { AURORA_DATA_KEY_COPY_DAYS } from '../promises/catalog/encryption';
import type { Weakening } from '../plan/weakening';
import { ENCLAVE_INTERFACE_ENDPOINTS } from './enclave-stack';

/**
 * The AWS APIs a silo tenant's service and database call, each through a policy-restricted interface
 * endpoint of the tenant's isolated VPC: the enclave's, plus Secrets Manager for the database
 * credentials' rotation.
 */
export const SILO_INTERFACE_ENDPOINTS = {
  ...ENCLAVE_INTERFACE_ENDPOINTS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
} as const;

export interface SiloProductDeps {
  readonly plan: TenantStackPlan & { readonly silo: NonNullable<TenantStackPlan['silo']>; readonly vpcCidr: string };
  readonly keys: KeyRing;
  readonly network: RampartVpc;
  /** The tenant's SSE-S3 access-log bucket: the load balancer's access logs land there too. */
  readonly accessLogs: s3.IBucket;
  /** The tenant's vault (four tiers, under its backup key) and the role its plans back up with. */
  readonly vault: backup.IBackupVault;
  readonly backupRole: FourTierBackupPlan['role'];
  readonly withoutDrCopy: Weakening;
}

/**
 * A silo tenant's own copy of the product (control ISOLATION), composed from the constructs the
 * platform and the enclave are built from, never copies of them:
 *
 * - ingress: PrivateIngress, an internal Network Load Balancer with the TLS 1.3 policy, published as
 *   a PrivateLink endpoint service that requires acceptance and admits only the consumer accounts
 *   (the customer's or the platform's); no internet gateway, NAT or public IP in the VPC;
 * - service: HostedService from the tenant's own ImageRepository (scan on push, immutable tags),
 *   serving TLS itself, its egress limited to the VPC and S3's prefix list (image layers);
 * - database: Database (Aurora PostgreSQL Serverless v2, IAM auth, forced TLS) under the tenant's
 *   data key, backed up through its own staging vault into its vault so that every tier is kept
 *   under its backup key, which offboarding deletes.
 */
export interface SiloProduct {
  readonly ingress: PrivateIngress | PublicIngress;
  readonly service: HostedService;
  readonly database: Database;
}

/**
 * Adds the product to `scope` (the tenant stack) directly, so its resources get the same construct
 * ids, and logical ids, as in the platform and enclave stacks (`Ingress...`, `Service...`, `Database...`).
 */
export function addSiloProduct(scope: Construct, deps: SiloProductDeps): SiloProduct {
  const { plan, keys, network } = deps;
  const { silo } = plan;
  const logsKey: kms.IKey = keys.logs;

  // Ingress: public (ALB, TLS policy, WAF, Shield) or, for PHI, PrivateLink only like the enclave.
  const ingress =
    silo.ingress === 'public'
      ? publicIngress(scope, deps)
      : new PrivateIngress(scope, 'Ingress', {
          vpc: network.vpc,
          subnets: network.privateSubnets,
          vpcCidr: plan.vpcCidr,
          domainName: silo.domainName,
          tlsMinimum: plan.policy.tls.minimum,
          accessLogsBucket: deps.accessLogs,
          consumerAccounts: silo.consumerAccounts,
        });
  const images = new ImageRepository(scope, 'Images', { encryptionKey: keys.data, repositoryName: silo.names.imageRepository });
  const service = new HostedService(scope, 'Service', {
    vpc: network.vpc,
    subnets: network.privateSubnets,
    listener: ingress instanceof PrivateIngress ? ingress.listener : ingress.httpsListener,
    logsKey,
    imageRepository: { repository: images.repository, tag: silo.imageTag },
    isolatedEgress: { vpcCidr: plan.vpcCidr, s3PrefixListId: silo.s3PrefixList },
    port: silo.container.port,
    cpu: silo.container.cpu,
    memoryMiB: silo.container.memoryMiB,
    desiredCount: silo.container.desiredCount,
    enhancedMonitoring: plan.enhancedMonitoring,
    taskRoleName: plan.names.serviceRoleName,
  });
  const database = new Database(scope, 'Database', {
    vpc: network.vpc,
    vpcSubnets: network.dataSubnets,
    encryptionKey: keys.data,
    logsKey,
    clusterIdentifier: silo.names.databaseCluster,
    allowFrom: service.service,
    minCapacity: silo.data.minCapacity,
    maxCapacity: silo.data.maxCapacity,
  });

  // BACKUP-TIERS, KEY-SEPARATE, ERASURE: an Aurora recovery point keeps the cluster's key (the
  // tenant's data key), so each tier's lives a day in the staging vault and is kept as a copy in the
  // tenant's vault under its backup key; both keys are the tenant's, so offboarding shreds them all.
  const staging = new BackupVault(scope, 'DatabaseStagingVault', {
    ...stagingVaultLock(AURORA_DATA_KEY_COPY_DAYS.stagingDays),
    backupVaultName: silo.names.stagingVault,
    encryptionKey: keys.backup,
    dataKeys: [keys.data],
  });
  new FourTierBackupPlan(scope, 'DatabaseBackupPlan', {
    backupPlanName: silo.names.databaseBackupPlan,
    vault: deps.vault,
    staging: { vault: staging.vault, days: AURORA_DATA_KEY_COPY_DAYS.stagingDays },
    role: deps.backupRole,
    tiers: plan.policy.backupTiers,
    withoutDrCopy: deps.withoutDrCopy,
    resourceArns: [database.clusterArn],
  });
  return { ingress, service, database };
}

/** The platform's public ingress, WAF and Shield, on the silo's own load balancer in its public tier. */
function publicIngress(scope: Construct, deps: SiloProductDeps): PublicIngress {
  const { plan, keys, network } = deps;
  const { silo } = plan;
  const ingress = new PublicIngress(scope, 'Ingress', {
    vpc: network.vpc,
    subnets: network.publicSubnets,
    domainName: silo.domainName,
    tlsMinimum: plan.policy.tls.minimum,
    accessLogsBucket: deps.accessLogs,
  });
  new WebAcl(scope, 'WebAcl', {
    name: silo.names.webAcl,
    rateLimitPer5Minutes: silo.waf.rateLimitPer5Minutes,
    blockedCidrs: silo.waf.blockedCidrs,
    blockedCountries: silo.waf.blockedCountries,
    logsKey: keys.logs,
    associatedResourceArns: [ingress.loadBalancer.loadBalancerArn],
  });
  new ShieldProtection(scope, 'Shield', {
    endpoints: [shieldEndpointOfLoadBalancer('alb', ingress.loadBalancer, silo.domainName)],
    protectionGroupId: silo.names.protectionGroup,
    withoutShieldAdvanced: silo.shieldAdvanced ? undefined : { reason: SHIELD_OFF_REASON },
  });
  return ingress;
}
