import { DATABASE_SETTINGS } from '../constructs/data/database';
import { quoteIdentifier, quoteLiteral, tenantUser } from '../constructs/data/tenant-schema/sql';
import type { OffboardingContext } from './offboarding-context';
import type { OffboardingStep } from './offboarding-plan';
import type { SharedDatabase } from './shared-databases';

/**
 * `psql` on `db`'s writer with `sql`, its endpoint looked up first: psql runs only on a real one (an
 * empty lookup would send it to a local socket, whose verify query could answer 0 from the wrong server).
 */
function psql({ region, cluster }: SharedDatabase, sql: string): string {
  return (
    `h=$(aws rds describe-db-clusters --region ${region} --db-cluster-identifier ${cluster} --query 'DBClusters[0].Endpoint' --output text) && ` +
    `test -n "$h" && test "$h" != None && psql "host=$h port=${DATABASE_SETTINGS.port} dbname=${DATABASE_SETTINGS.defaultDatabaseName} ` +
    `user=${DATABASE_SETTINGS.masterUsername} sslmode=verify-full" ${sql}`
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
  const user = quoteIdentifier(tenantUser(ctx.tenant.id));
  const clusters = databases.map((db) => `${db.cluster} (${db.region})`).join(', ');
  // One serving platform serves a tenant: its clusters share its account, where the lookups run.
  return {
    id: 'drop-shared-database-schema',
    title: `Pooled: drop the schema and database user ${user} in the shared database${databases.length > 1 ? 's' : ''} ${clusters}`,
    day: ctx.graceDays,
    account: databases[0].account,
    region: ctx.region,
    commands: databases.map((db) => psql(db, `-c 'DROP SCHEMA IF EXISTS ${user} CASCADE; DROP ROLE IF EXISTS ${user};'`)),
    why: `The tenant's rows sit in its own schema of the shared platform database (README, "Tenants") of each region whose policy its access role attaches, under the platform's keys, which offboarding does not delete: they are dropped once the export window is over, and their copies in the platform's backups are unreadable once the record key store's key is deleted, for every record whose key the application kept only in ${ctx.names.recordKeyTableName} (ERASURE's shared responsibility). Without the role, the tenant's access role can no longer log in either.`,
    verify: databases.map((db) => ({
      run: psql(db, `-At -c "SELECT count(*) FROM pg_namespace WHERE nspname = ${quoteLiteral(tenantUser(ctx.tenant.id))}"`),
      expect: `0 in ${db.cluster}`,
    })),
  };
}
