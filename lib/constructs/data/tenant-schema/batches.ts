// Which tenants a provisioner call creates, and in which transactions. Pure and dependency-free (the
// handler, bundled into asset/index.js, and the unit tests use it without a database).
import { invalidTenantIds, tenantSchemaStatements, tenantUser } from './sql';

/**
 * Tenants per transaction: each holds the advisory lock (so tenant deploys of the region wait at most
 * one batch) and commits its tenants together, so a deadline that stops a long list keeps what was
 * committed. One round trip per tenant (its statements in one simple query) plus three per batch.
 */
export const BATCH_SIZE = 50;

/** The two custom resource types the provisioner serves (provisioner.ts names them for the templates). */
export type SchemaResourceType = 'Custom::TenantDatabaseSchema' | 'Custom::TenantDatabaseSchemas';

export interface SchemaRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceType?: string;
  readonly ResourceProperties: { readonly TenantId?: unknown; readonly TenantIds?: unknown; readonly Cluster?: unknown };
  readonly OldResourceProperties?: { readonly TenantId?: unknown; readonly TenantIds?: unknown; readonly Cluster?: unknown };
}

/** What a request asks for: the tenant ids to create (in order), and how the answer names the resource. */
export interface Work {
  readonly tenantIds: readonly string[];
  /** The physical id's suffix: `tenant_<id>` for one tenant, `peer-region-tenants` for a list (stable across updates). */
  readonly name: string;
}

function idList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new Error(`${what} must be a list of tenant ids, got ${JSON.stringify(value ?? null)}`);
  return value as string[];
}

/**
 * The ids a Create or Update creates, all validated first (every bad id named at once, before any
 * credential is read): one tenant's `TenantId`; for a list, every id on Create and, on Update, the
 * ids not in the previous properties (a removed id is offboarding's: nothing is dropped), or every id
 * when the previous properties named another cluster (`Cluster`): a renamed cluster is a new one
 * and holds none of them.
 *
 * `servedCluster` is the cluster this function is wired to (its CLUSTER): a resource that names
 * another fails, since its users and schemas would be made where its template does not say (a
 * tenant deployed before its platform, after a rename, fails loudly rather than skip). An update back
 * to properties without `Cluster` (the rollback of the first deploy that added it) creates nothing
 * new: the rollback needs no database.
 */
export function workOf(request: SchemaRequest, servedCluster?: string): Work {
  const list = request.ResourceType === 'Custom::TenantDatabaseSchemas';
  const tenantId = String(request.ResourceProperties.TenantId ?? '');
  const name = list ? 'peer-region-tenants' : tenantUser(tenantId);
  const cluster = request.ResourceProperties.Cluster;
  const previous = request.RequestType === 'Update' ? request.OldResourceProperties : undefined;
  const backToUnnamed = previous?.Cluster !== undefined && cluster === undefined;
  if (cluster !== undefined && servedCluster !== undefined && cluster !== servedCluster) {
    throw new Error(`Cluster: this provisioner serves the cluster ${servedCluster}, the resource names ${JSON.stringify(cluster)}`);
  }
  if (!list) return { tenantIds: backToUnnamed && previous?.TenantId === tenantId ? [] : [tenantId], name };
  const ids = idList(request.ResourceProperties.TenantIds, 'TenantIds');
  const sameCluster = backToUnnamed || previous?.Cluster === cluster;
  const old =
    previous !== undefined && sameCluster ? new Set(idList(previous.TenantIds ?? [], 'OldResourceProperties.TenantIds')) : new Set<string>();
  const bad = invalidTenantIds(ids);
  if (bad.length > 0)
    throw new Error(`TenantIds: not tenant ids (lowercase letters, digits, inner hyphens, at most 56 characters): ${JSON.stringify(bad)}`);
  return { tenantIds: [...new Set(ids)].filter((id) => !old.has(id)), name };
}

/** `ids` in transactions of at most `size`, in order. */
export function batchesOf<T>(ids: readonly T[], size = BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
  return batches;
}

/** One tenant's statements (sql.ts) as one simple query: one round trip, run inside the batch's transaction. */
export function tenantQuery(tenantId: string, database: string): string {
  return tenantSchemaStatements(tenantId, database).join(';\n');
}
