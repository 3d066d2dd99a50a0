// The SQL that creates a pooled tenant's database user and schema in a shared cluster. Pure and
// dependency-free: the provisioner's handler (handler.ts, bundled into asset/index.js) runs exactly
// what this returns, and the unit tests read it without a database.

/** The database user (and schema) of tenant `<id>`: `tenant_<id>`, what `tenant_${aws:PrincipalTag/rampart:tenant}` resolves to. */
export const TENANT_USER_PREFIX = 'tenant_';

/** A tenant id as config accepts it (lib/config/primitives.ts dnsLabel): lowercase letters, digits, inner hyphens. */
const TENANT_ID = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
/** PostgreSQL truncates identifiers beyond 63 bytes (NAMEDATALEN - 1): a longer user would not be the IAM user. */
const MAX_IDENTIFIER_BYTES = 63;

/** A PostgreSQL identifier, always double-quoted so `tenant_acme-eu` keeps its hyphen and its case. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new Error(`quoteIdentifier: not an identifier: ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** A PostgreSQL string literal (standard_conforming_strings on, the default since 9.1). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error(`quoteLiteral: NUL in ${JSON.stringify(value)}`);
  return `'${value.replace(/'/g, "''")}'`;
}

/** `tenant_<id>` for a valid tenant id, or an error naming the id received. */
export function tenantUser(tenantId: string): string {
  if (!TENANT_ID.test(tenantId)) {
    throw new Error(`tenant id must be lowercase letters, digits and inner hyphens, starting with a letter, got ${JSON.stringify(tenantId)}`);
  }
  const user = `${TENANT_USER_PREFIX}${tenantId}`;
  if (Buffer.byteLength(user) > MAX_IDENTIFIER_BYTES) {
    throw new Error(`tenant id ${JSON.stringify(tenantId)} makes the user ${user}, over PostgreSQL's ${MAX_IDENTIFIER_BYTES}-byte identifiers`);
  }
  return user;
}

/** The ids of `tenantIds` that `tenantUser` refuses, in order. */
export function invalidTenantIds(tenantIds: readonly string[]): string[] {
  return tenantIds.filter((tenantId) => {
    try {
      tenantUser(tenantId);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * The statements, in order, that make tenant `tenantId`'s user and schema exist in `database`, with
 * the README's semantics ("A pooled tenant's schema in the shared database"):
 * - idempotent: every statement may run again (role created only if absent, schema IF NOT EXISTS,
 *   grants and revokes are no-ops when already in place), so an update or a retry changes nothing;
 * - never drops or removes anything of the tenant (no DROP, no REVOKE from the tenant);
 * - the role logs in with no password (`PASSWORD NULL`: IAM authentication only, `rds_iam`);
 * - the schema is owned by the user, PUBLIC has no right on it nor CREATE on `public` nor any right
 *   on the database, and the user's search_path is its own schema.
 * The caller runs them in one transaction.
 */
export function tenantSchemaStatements(tenantId: string, database: string): string[] {
  const user = tenantUser(tenantId);
  const role = quoteIdentifier(user);
  const db = quoteIdentifier(database);
  return [
    // CREATE ROLE has no IF NOT EXISTS; a concurrent creator would fail the transaction, and a retry passes.
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(user)}) THEN CREATE ROLE ${role} LOGIN; END IF; END $$`,
    // Also for a role that existed: it logs in, and only with an IAM authentication token.
    `ALTER ROLE ${role} WITH LOGIN PASSWORD NULL`,
    `GRANT rds_iam TO ${role}`,
    `CREATE SCHEMA IF NOT EXISTS ${role} AUTHORIZATION ${role}`,
    // An existing schema of that name keeps its contents but is the tenant's.
    `ALTER SCHEMA ${role} OWNER TO ${role}`,
    `REVOKE ALL ON SCHEMA ${role} FROM PUBLIC`,
    // Once per database in effect; repeating it is harmless: no tenant writes to public.
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
    `REVOKE ALL ON DATABASE ${db} FROM PUBLIC`,
    `GRANT CONNECT ON DATABASE ${db} TO ${role}`,
    `ALTER ROLE ${role} SET search_path = ${role}`,
  ];
}
