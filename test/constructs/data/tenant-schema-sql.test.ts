import { readFileSync } from 'fs';
import { join } from 'path';
import { quoteIdentifier, quoteLiteral, tenantSchemaStatements, tenantUser } from '../../../lib/constructs/data/tenant-schema/sql';
import { workOf } from '../../../lib/constructs/data/tenant-schema/batches';

const ASSET = join(__dirname, '../../../lib/constructs/data/tenant-schema/asset/index.js');

describe('tenant schema SQL', () => {
  test('GIVEN a tenant id with a hyphen THEN the user is tenant_<id> character for character and always double-quoted', () => {
    expect(tenantUser('acme-eu')).toBe('tenant_acme-eu');
    expect(quoteIdentifier('tenant_acme-eu')).toBe('"tenant_acme-eu"');
    const sql = tenantSchemaStatements('acme-eu', 'postgres');
    expect(sql).toEqual([
      `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenant_acme-eu') THEN CREATE ROLE "tenant_acme-eu" LOGIN; END IF; END $$`,
      'ALTER ROLE "tenant_acme-eu" WITH LOGIN PASSWORD NULL',
      'GRANT rds_iam TO "tenant_acme-eu"',
      'CREATE SCHEMA IF NOT EXISTS "tenant_acme-eu" AUTHORIZATION "tenant_acme-eu"',
      'ALTER SCHEMA "tenant_acme-eu" OWNER TO "tenant_acme-eu"',
      'REVOKE ALL ON SCHEMA "tenant_acme-eu" FROM PUBLIC',
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
      'REVOKE ALL ON DATABASE "postgres" FROM PUBLIC',
      'GRANT CONNECT ON DATABASE "postgres" TO "tenant_acme-eu"',
      'ALTER ROLE "tenant_acme-eu" SET search_path = "tenant_acme-eu"',
    ]);
  });

  test('THEN nothing is ever dropped, no password is set and nothing is revoked from the tenant', () => {
    const sql = tenantSchemaStatements('acme', 'postgres').join('\n');
    expect(sql).not.toMatch(/\bDROP\b/i);
    expect(sql).not.toMatch(/PASSWORD\s+'/i);
    expect(sql).not.toMatch(/REVOKE[^\n]*FROM "tenant_acme"/);
    // Idempotent forms only: the role created only when absent, the schema IF NOT EXISTS.
    expect(sql).toMatch(/IF NOT EXISTS \(SELECT FROM pg_roles/);
    expect(sql).toMatch(/CREATE SCHEMA IF NOT EXISTS/);
  });

  test('GIVEN quotes in identifiers or literals THEN they are doubled, and NUL is refused', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteLiteral("o'brien")).toBe("'o''brien'");
    expect(() => quoteIdentifier('')).toThrow(/not an identifier/);
    expect(() => quoteLiteral('a\u0000')).toThrow(/NUL/);
  });

  test.each([['Acme'], ['acme-'], ['1acme'], ['acme"; DROP ROLE x; --'], ["acme'"], ['']])(
    'GIVEN the tenant id %j THEN no SQL is built and the error names the id',
    (id) => {
      expect(() => tenantSchemaStatements(id, 'postgres')).toThrow(`got ${JSON.stringify(id)}`);
    },
  );

  test('GIVEN an id that would make a user over 63 bytes THEN it is refused (PostgreSQL would truncate it)', () => {
    const id = `a${'b'.repeat(56)}`;
    expect(() => tenantUser(id)).toThrow(/63-byte/);
    expect(tenantUser(id.slice(0, 56))).toHaveLength(63);
  });

  test('GIVEN the committed handler bundle THEN it runs the same SQL as sql.ts (rebuild: npx tsx bin/build-tenant-schema-handler.ts)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(ASSET) as { tenantSchemaStatements: typeof tenantSchemaStatements; workOf: typeof workOf; handler: unknown };
    expect(typeof bundle.handler).toBe('function');
    for (const id of ['acme', 'acme-eu', 'x1']) expect(bundle.tenantSchemaStatements(id, 'postgres')).toEqual(tenantSchemaStatements(id, 'postgres'));
    // And the same choice of ids for a platform's list (an update creates only the ids added).
    const update = {
      RequestType: 'Update',
      ResourceType: 'Custom::TenantDatabaseSchemas',
      ResourceProperties: { TenantIds: ['acme', 'beta'] },
      OldResourceProperties: { TenantIds: ['acme'] },
    } as const;
    expect(bundle.workOf(update)).toEqual(workOf(update));
    expect(workOf(update).tenantIds).toEqual(['beta']);
    // Every id when the cluster changed, and a resource naming another cluster than the function's refused.
    const renamed = {
      ...update,
      ResourceProperties: { ...update.ResourceProperties, Cluster: 'db-2' },
      OldResourceProperties: { TenantIds: ['acme'], Cluster: 'db' },
    };
    expect(bundle.workOf(renamed, 'db-2')).toEqual(workOf(renamed, 'db-2'));
    expect(workOf(renamed, 'db-2').tenantIds).toEqual(['acme', 'beta']);
    expect(() => bundle.workOf({ ...renamed, RequestType: 'Create' }, 'db')).toThrow(/serves the cluster db, the resource names "db-2"/);
    expect(() => bundle.workOf(renamed, 'db')).toThrow(/serves the cluster db, the resource names "db-2"/);
    // The rollback of the first deploy with Cluster (back to properties without it): nothing new to create.
    const back = { ...update, ResourceProperties: { TenantIds: ['acme'] }, OldResourceProperties: { TenantIds: ['acme'], Cluster: 'db' } };
    expect(bundle.workOf(back, 'db')).toEqual(workOf(back, 'db'));
    expect(workOf(back, 'db').tenantIds).toEqual([]);
    // pg is bundled at its pinned version; the AWS SDK is the runtime's.
    const text = readFileSync(ASSET, 'utf8');
    expect(text).toContain('require("@aws-sdk/client-secrets-manager")');
    expect(text).not.toMatch(/require\("pg"\)/);
  });
});
