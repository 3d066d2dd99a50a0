import { DATABASE_SETTINGS } from '../constructs/data/database';
import { quoteIdentifier, quoteLiteral, tenantUser } from '../constructs/data/tenant-schema/sql';
import type { OffboardingContext } from './offboarding-context';
import type { OffboardingStep } from './offboarding-plan';
import type { SharedDatabase } from './shared-databases';

/**
 * `psql` on `db`'s writer with `sql`, its endpoint looked up first: psql runs only on a real one (an
 * empty lookup would send it to a local socket, whose verify query could answer 0 from the wrong
 * server), and a failed lookup says which cluster it could not find.
 */
function psql({ region, cluster }: SharedDatabase, sql: string): string {
  return (
    `h=$(aws rds describe-db-clusters --region ${region} --db-cluster-identifier ${cluster} --query 'DBClusters[0].Endpoint' --output text) && ` +
    `test -n "$h" && test "$h" != None || { echo "no writer endpoint for ${cluster} in ${region}" >&2; false; } && ` +
    `psql "host=$h port=${DATABASE_SETTINGS.port} dbname=${DATABASE_SETTINGS.defaultDatabaseName} user=${DATABASE_SETTINGS.masterUsername} sslmode=verify-full" ${sql}`
  );
}

/**
 * The tenant's schema, then its role. The role cannot simply be dropped: provisioning granted it
 * CONNECT on the database (sql.ts), and DROP ROLE refuses a role that holds a privilege, failing the
 * whole `-c` string (one transaction), the schema's drop included; DROP OWNED revokes it. Idempotent,
 * and free of single quotes (a dollar-quoted literal) so that it sits inside the shell's single quotes.
 * Checked against PostgreSQL 15 with the provisioning statements applied: the plain DROP ROLE failed
 * ("privileges for database postgres"), this passes twice in a row.
 */
function dropSql(user: string): string {
  const role = quoteIdentifier(user);
  return (
    `DROP SCHEMA IF EXISTS ${role} CASCADE; ` +
    `DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = $r$${user}$r$) THEN DROP OWNED BY ${role} CASCADE; DROP ROLE ${role}; END IF; END $$;`
  );
}

/**
 * Pool: the step that drops the tenant's schema and database user in each shared database its access
 * role may log in to (sql.ts names them; a HIPAA tenant's enclave keeps none), as read from its stack;
 * undefined when there is none.
 */
export function dropSharedDatabaseSchemaStep(ctx: OffboardingContext): OffboardingStep | undefined {
  const databases = ctx.sharedDatabases;
  if (databases.length === 0) return undefined;
  const tenantRole = tenantUser(ctx.tenant.id);
  const user = quoteIdentifier(tenantRole);
  const name = quoteLiteral(tenantRole);
  const clusters = databases.map((db) => `${db.cluster} (${db.region})`).join(', ');
  // One serving platform serves a tenant: its clusters share its account, where the lookups run; the
  // step names every region its commands reach.
  return {
    id: 'drop-shared-database-schema',
    title: `Pooled: drop the schema and database user ${user} in the shared database${databases.length > 1 ? 's' : ''} ${clusters}`,
    day: ctx.graceDays,
    account: databases[0].account,
    region: [...new Set(databases.map((db) => db.region))].join(', '),
    commands: databases.map((db) => psql(db, `-c '${dropSql(tenantRole)}'`)),
    why: `The tenant's rows sit in its own schema of the shared platform database (README, "Tenants") of each region whose policy its access role attaches, under the platform's keys, which offboarding does not delete: they are dropped once the export window is over, and their copies in the platform's backups are unreadable once the record key store's key is deleted, for every record whose key the application kept only in ${ctx.names.recordKeyTableName} (ERASURE's shared responsibility). Without the role, the tenant's access role can no longer log in either. The clusters sit in isolated subnets and admit connections only from the platform's own security groups: psql must run from a host they admit (Rampart provisions none for operators), as the master user with the password from the cluster's secret.`,
    verify: databases.map((db) => ({
      run: psql(
        db,
        `-At -c "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = ${name}) + (SELECT count(*) FROM pg_roles WHERE rolname = ${name})"`,
      ),
      expect: `0 in ${db.cluster} (no schema, no role)`,
    })),
  };
}
