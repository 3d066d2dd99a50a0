import { CloudAssembly, type CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { namePrefix, siloStoreNames, tenantResourceNames, type NameScope } from '../plan/naming';
import { STACK_METADATA_KEY, type StackMetadata } from '../plan/stack-metadata';
import { OffboardingConfigError, UnknownTenantError } from './offboarding-errors';
import type { OffboardingSource } from './offboarding-plan';
import { sharedDatabasesOf } from './shared-databases';

/**
 * A tenant's stack as the last deployed cloud assembly describes it, for offboarding a tenant that
 * has already left the config (the pipeline keeps that assembly at `deployed/<pipeline>/cdk.out` in
 * its artifact bucket). Everything comes from the assembly: the tenant, its days and the policy
 * numbers from the template's `Metadata.Rampart` (lib/plan/stack-metadata.ts), the account, region
 * and stack name from the manifest, and the organization and environment from the stack's name and
 * path (`<org>-<env>-<region>-tenant-<id>`, `<env>-<region>/tenant-<id>`). The resource names follow
 * lib/plan/naming.ts and are checked against the template's key aliases and buckets, so a runbook
 * never names a key the stack did not create.
 */

interface TenantArtifact {
  readonly artifact: CloudFormationStackArtifact;
  readonly metadata: StackMetadata & { readonly tenant: NonNullable<StackMetadata['tenant']> };
}

function tenantArtifacts(assembly: CloudAssembly): TenantArtifact[] {
  return assembly.stacksRecursively.flatMap((artifact) => {
    const metadata = (artifact.template as { Metadata?: Record<string, StackMetadata> }).Metadata?.[STACK_METADATA_KEY.aws];
    return metadata?.kind === 'aws-tenant' && metadata.tenant !== undefined ? [{ artifact, metadata: metadata as TenantArtifact['metadata'] }] : [];
  });
}

/** The tenant ids of the assembly in `dir`, sorted. */
export function tenantIdsInAssembly(dir: string): string[] {
  return tenantArtifacts(new CloudAssembly(dir))
    .map((t) => t.metadata.tenant.id)
    .sort();
}

/** Values a template sets for `property` on resources of `type` (literal strings only). */
function literals(artifact: CloudFormationStackArtifact, type: string, property: string): string[] {
  const resources = (artifact.template as { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> }).Resources ?? {};
  return Object.values(resources)
    .filter((r) => r.Type === type)
    .map((r) => r.Properties?.[property])
    .filter((v): v is string => typeof v === 'string');
}

/**
 * The managed policy ARNs the role named `roleName` attaches. Rampart writes them as literal strings;
 * any other entry (a token a hand edit put there) throws rather than being skipped, which could leave
 * a shared database out of the erasure.
 */
function attachedPolicyArns(artifact: CloudFormationStackArtifact, roleName: string): string[] {
  type Role = { Type: string; Properties?: { RoleName?: unknown; ManagedPolicyArns?: unknown } };
  const resources = (artifact.template as { Resources?: Record<string, Role> }).Resources ?? {};
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName === roleName && Array.isArray(r.Properties.ManagedPolicyArns))
    .flatMap((r) =>
      (r.Properties?.ManagedPolicyArns as unknown[]).map((arn) => {
        if (typeof arn === 'string') return arn;
        throw new OffboardingConfigError(
          `${artifact.stackName}: role ${roleName} attaches a policy that is not a literal ARN: ${JSON.stringify(arn)}`,
        );
      }),
    );
}

/** The offboarding source of `tenantId` in the assembly in `dir`; throws UnknownTenantError (naming its ids) or OffboardingConfigError. */
export function tenantFromAssembly(dir: string, tenantId: string): OffboardingSource {
  const tenants = tenantArtifacts(new CloudAssembly(dir));
  const found = tenants.find((t) => t.metadata.tenant.id === tenantId);
  if (found === undefined) throw new UnknownTenantError(tenantId, tenants.map((t) => t.metadata.tenant.id).sort(), `the assembly ${dir}`);
  const { artifact, metadata } = found;
  const { account, region } = artifact.environment;
  const [stage, stack] = metadata.path.split('/');
  const suffix = `-${stage}-${stack}`;
  if (!stage.endsWith(`-${region}`) || !artifact.stackName.endsWith(suffix))
    throw new OffboardingConfigError(
      `${metadata.path}: stack name "${artifact.stackName}" and path do not follow <org>-<env>-<region>-tenant-<id> (region ${region})`,
    );
  const scope: NameScope = { organization: artifact.stackName.slice(0, -suffix.length), environment: stage.slice(0, -`-${region}`.length) };
  const names = tenantResourceNames(scope, tenantId, account);
  const aliases = literals(artifact, 'AWS::KMS::Alias', 'AliasName');
  const buckets = literals(artifact, 'AWS::S3::Bucket', 'BucketName');
  const missing = [
    ...[names.dataKeyAlias, names.backupKeyAlias, names.logsKeyAlias].filter((a) => !aliases.includes(a)),
    ...[names.dataBucketName, names.logsBucketName].filter((b) => !buckets.includes(b)),
  ];
  if (missing.length > 0)
    throw new OffboardingConfigError(
      `${metadata.path}: the template has no ${missing.join(', ')} (names derived for ${scope.organization}/${scope.environment})`,
    );
  return {
    tenant: {
      id: metadata.tenant.id,
      plan: metadata.tenant.plan,
      residency: metadata.tenant.residency,
      hipaa: metadata.tenant.hipaa,
      byok: metadata.tenant.byok,
      retentionDays: metadata.tenant.retentionDays,
      isolation: metadata.tenant.isolation,
    },
    account,
    region,
    names,
    stackName: artifact.stackName,
    path: metadata.path,
    graceDays: metadata.tenant.graceDays,
    keyDeletionWindowDays: metadata.tenant.keyDeletionWindowDays,
    policy: metadata.policy,
    ...(metadata.tenant.isolation === 'silo' ? { silo: { names: siloStoreNames(scope, tenantId) } } : {}),
    sharedDatabases: sharedDatabasesOf(namePrefix(scope), attachedPolicyArns(artifact, names.accessRoleName)),
  };
}
