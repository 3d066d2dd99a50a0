import { EventEmitter } from 'events';

/**
 * `Custom::TenantDatabaseSchemas` (a platform's list of the pooled tenants it serves from another
 * region) through the provisioner's handler: which ids it creates on Create and Update, in how many
 * transactions and round trips, and how long 1,000 ids take against a latency model of the cluster
 * (fake pg, fake Secrets Manager, jest fake time: no network, no database).
 */
const responses: Record<string, unknown>[] = [];
jest.mock('node:https', () => ({
  request: (_url: string, _options: unknown, callback: (res: EventEmitter & { statusCode: number; resume(): void }) => void) => {
    const req = Object.assign(new EventEmitter(), {
      setTimeout: () => undefined,
      end: (payload: string) => {
        responses.push(JSON.parse(payload) as Record<string, unknown>);
        const res = Object.assign(new EventEmitter(), { statusCode: 200, resume: () => undefined });
        callback(res);
        res.emit('end');
      },
    });
    return req;
  },
}));
const pg = { connect: jest.fn<Promise<void>, []>(), query: jest.fn<Promise<unknown>, [string]>(), end: jest.fn<Promise<void>, []>() };
jest.mock('pg', () => ({ Client: jest.fn(() => pg) }), { virtual: true });
jest.mock(
  '@aws-sdk/client-secrets-manager',
  () => ({
    SecretsManagerClient: jest.fn(() => ({
      send: () => Promise.resolve({ SecretString: JSON.stringify({ host: 'db.example', port: 5432, username: 'rampart_admin', password: 'x' }) }),
    })),
    GetSecretValueCommand: jest.fn(),
  }),
  { virtual: true },
);

import { handler } from '../../../lib/constructs/data/tenant-schema/handler';
import { BATCH_SIZE, batchesOf, workOf } from '../../../lib/constructs/data/tenant-schema/batches';
import { RESPONSE_MARGIN_MS } from '../../../lib/constructs/data/tenant-schema/deadline';

const TIMEOUT_MS = 120_000;
const BUDGET_MS = TIMEOUT_MS - RESPONSE_MARGIN_MS;
const ids = (n: number, width = 4) => Array.from({ length: n }, (_, i) => `t${String(i).padStart(width, '0')}`);
/** An event as CloudFormation sends it; `Cluster` is the provisioner's own ('db', its CLUSTER below) unless told. */
const event = (
  RequestType: 'Create' | 'Update' | 'Delete',
  TenantIds: unknown,
  OldTenantIds?: unknown,
  { cluster = 'db', oldCluster = cluster }: { cluster?: string | null; oldCluster?: string | null } = {},
) => ({
  RequestType,
  ResourceType: 'Custom::TenantDatabaseSchemas',
  ResponseURL: 'https://cloudformation-custom-resource-response-uswest2.s3.amazonaws.com/signed',
  StackId: 'arn:aws:cloudformation:us-west-2:111111111111:stack/platform/1',
  RequestId: 'r-1',
  LogicalResourceId: 'PeerRegionTenantSchemas',
  ResourceProperties: { ServiceToken: 'arn', TenantIds, ...(cluster === null ? {} : { Cluster: cluster }) },
  ...(OldTenantIds === undefined
    ? {}
    : {
        OldResourceProperties: { ServiceToken: 'arn', TenantIds: OldTenantIds, ...(oldCluster === null ? {} : { Cluster: oldCluster }) },
        PhysicalResourceId: 'db/peer-region-tenants',
      }),
});

/** A cluster answering each query after `rtt` ms plus `perStatement` ms for each statement in it. */
function latency(rtt: number, perStatement: number) {
  pg.query.mockImplementation((sql) => {
    const statements = sql.split(';\n').length;
    return new Promise((resolve) => setTimeout(() => resolve({}), rtt + statements * perStatement));
  });
}

/** The handler run to its answer in fake time; the fake milliseconds it took. */
async function run(e: ReturnType<typeof event>): Promise<number> {
  const start = Date.now();
  let done = false;
  const running = handler(e, { getRemainingTimeInMillis: () => TIMEOUT_MS }).then(() => (done = true));
  while (!done && Date.now() - start < TIMEOUT_MS) await jest.advanceTimersByTimeAsync(250);
  await running;
  return Date.now() - start;
}

const tenantQueries = () => pg.query.mock.calls.filter(([sql]) => sql.startsWith('DO $$'));
const createdIds = () => tenantQueries().map(([sql]) => /rolname = 'tenant_([^']+)'/.exec(sql)![1]);

describe('Custom::TenantDatabaseSchemas', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    responses.length = 0;
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    Object.assign(process.env, { SECRET_ARN: 'arn:secret', DATABASE: 'postgres', NODE_EXTRA_CA_CERTS: __filename, CLUSTER: 'db' });
    pg.connect.mockReset().mockResolvedValue(undefined);
    pg.query.mockReset().mockResolvedValue({});
    pg.end.mockReset().mockResolvedValue(undefined);
  });
  afterEach(() => jest.useRealTimers());

  test('GIVEN a create of 1,000 ids THEN every tenant in 20 transactions of 50, one round trip each, within the deadline at 2 ms a round trip and 5 ms a statement', async () => {
    latency(2, 5);
    const elapsed = await run(event('Create', ids(1000)));
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'db/peer-region-tenants', Data: { Created: '1000' } });
    expect(createdIds()).toEqual(ids(1000));
    expect(pg.query.mock.calls.filter(([sql]) => sql === 'BEGIN')).toHaveLength(1000 / BATCH_SIZE);
    expect(pg.query.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(1000 / BATCH_SIZE);
    expect(pg.query).toHaveBeenCalledTimes(1000 + 3 * (1000 / BATCH_SIZE));
    expect(pg.connect).toHaveBeenCalledTimes(1);
    // The model: 1,000 x (2 + 10 x 5) ms + 60 x (2 + 5) ms = 52.4 s, under the 110 s the deadline leaves.
    expect(elapsed).toBeGreaterThanOrEqual(52_000);
    expect(elapsed).toBeLessThan(BUDGET_MS);
  });

  test('GIVEN a cluster too slow for 1,000 ids (20 ms a statement) THEN FAILED before the timeout, naming the tenants committed; those commits stay', async () => {
    latency(2, 20);
    const elapsed = await run(event('Create', ids(1000)));
    expect(elapsed).toBeLessThanOrEqual(BUDGET_MS);
    expect(responses[0].Status).toBe('FAILED');
    const committed = Number(
      /^(\d+) of 1000 tenants committed, the rest not: no answer within the function's deadline/.exec(String(responses[0].Reason))?.[1],
    );
    // 202 ms a tenant: 544 fit in 110 s, so 10 batches of 50 committed and the 11th was rolled back by the closed connection.
    expect(committed).toBe(500);
    expect(pg.query.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(committed / BATCH_SIZE);
    expect(pg.end).toHaveBeenCalled();
  });

  test('GIVEN an update adding ids THEN only the added ones run, in the order given; ids removed are left alone', async () => {
    await run(event('Update', ['acme', 'beta', 'zeta'], ['acme', 'gone']));
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'db/peer-region-tenants', Data: { Created: '2' } });
    expect(createdIds()).toEqual(['beta', 'zeta']);
    expect(pg.query.mock.calls.map(([sql]) => sql).join('\n')).not.toMatch(/\bDROP\b/);
  });

  test('GIVEN an update whose previous properties named another cluster, or none THEN every id runs (a renamed cluster holds none of them)', async () => {
    await run(event('Update', ['acme', 'beta'], ['acme', 'beta'], { oldCluster: 'db-before' }));
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Created: '2' } });
    expect(createdIds()).toEqual(['acme', 'beta']);
    responses.length = 0;
    pg.query.mockClear();
    // The first deploy after Cluster was added to the properties: the previous ones have none.
    await run(event('Update', ['acme', 'beta'], ['acme', 'beta'], { oldCluster: null }));
    expect(createdIds()).toEqual(['acme', 'beta']);
  });

  test('GIVEN the rollback of the first deploy with Cluster (back to properties without it) THEN SUCCESS, nothing created, no connection', async () => {
    await run(event('Update', ['acme', 'beta'], ['acme', 'beta'], { cluster: null, oldCluster: 'db' }));
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Created: '0' } });
    expect(pg.connect).not.toHaveBeenCalled();
  });

  test('GIVEN an update naming a cluster the function does not serve, its previous properties the one it does THEN FAILED: a tenant ahead of its platform after a rename fails loudly, it is not skipped', async () => {
    await run(event('Update', ['acme', 'beta'], ['acme', 'beta'], { cluster: 'db-after', oldCluster: 'db' }));
    expect(responses[0]).toMatchObject({
      Status: 'FAILED',
      Reason: 'Cluster: this provisioner serves the cluster db, the resource names "db-after"',
    });
    expect(pg.connect).not.toHaveBeenCalled();
  });

  test("GIVEN one tenant's resource rolled back to properties without Cluster THEN nothing to create; named for the first time THEN its SQL runs", () => {
    const single = (props: Record<string, unknown>, old: Record<string, unknown>) =>
      workOf({ RequestType: 'Update', ResourceType: 'Custom::TenantDatabaseSchema', ResourceProperties: props, OldResourceProperties: old }, 'db');
    expect(single({ TenantId: 'acme' }, { TenantId: 'acme', Cluster: 'db' }).tenantIds).toEqual([]);
    expect(single({ TenantId: 'acme', Cluster: 'db' }, { TenantId: 'acme' }).tenantIds).toEqual(['acme']);
    expect(single({ TenantId: 'acme', Cluster: 'db' }, { TenantId: 'acme', Cluster: 'db' }).tenantIds).toEqual(['acme']);
  });

  test('GIVEN a resource naming another cluster than the one the function serves THEN FAILED naming both, before connecting', async () => {
    await run(event('Create', ['acme'], undefined, { cluster: 'other-db' }));
    expect(responses[0]).toMatchObject({
      Status: 'FAILED',
      Reason: 'Cluster: this provisioner serves the cluster db, the resource names "other-db"',
    });
    expect(pg.connect).not.toHaveBeenCalled();
  });

  test('GIVEN an update that only removes ids THEN SUCCESS without reading the secret or connecting', async () => {
    await run(event('Update', ['acme'], ['acme', 'gone']));
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Created: '0' } });
    expect(pg.connect).not.toHaveBeenCalled();
  });

  test('GIVEN a delete THEN SUCCESS, nothing dropped, no connection', async () => {
    await run(event('Delete', ids(3)));
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Reason: 'kept: the user and schema are never dropped by a deploy' });
    expect(pg.connect).not.toHaveBeenCalled();
  });

  test('GIVEN ids that are not tenant ids THEN FAILED naming every one of them, before connecting', async () => {
    await run(event('Create', ['acme', 'Bad', 'x"; DROP ROLE y; --']));
    expect(responses[0].Status).toBe('FAILED');
    expect(responses[0].Reason).toBe(
      'TenantIds: not tenant ids (lowercase letters, digits, inner hyphens, at most 56 characters): ["Bad","x\\"; DROP ROLE y; --"]',
    );
    expect(pg.connect).not.toHaveBeenCalled();
    expect(() => workOf(event('Create', 'acme'))).toThrow('TenantIds must be a list of tenant ids, got "acme"');
  });

  test('GIVEN a retry after a refused connection midway THEN it starts at the first batch not committed', async () => {
    let commits = 0;
    pg.query.mockImplementation((sql) => {
      if (sql === 'COMMIT' && ++commits === 2) return Promise.reject(new Error('connection reset'));
      return Promise.resolve({});
    });
    await run(event('Create', ids(120)));
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Created: '120' } });
    // Batch 1 once; batch 2 twice (its first commit failed and rolled back); batch 3 once.
    expect(createdIds()).toEqual([...ids(50), ...ids(120).slice(50, 100), ...ids(120).slice(50, 120)]);
    expect(pg.query).toHaveBeenCalledWith('ROLLBACK');
  });

  test('GIVEN 1,000 ids of the longest length (56 characters) THEN an update event stays under 256 KB, the asynchronous invocation limit', () => {
    const long = ids(1000, 55).map((id) => id.padEnd(56, 'x'));
    const bytes = Buffer.byteLength(JSON.stringify(event('Update', long, long.slice(1))));
    expect(bytes).toBeLessThan(256 * 1024);
    expect(bytes).toBeGreaterThan(100 * 1024);
  });

  test('THEN batches keep the order and the last one holds the remainder', () => {
    expect(batchesOf(ids(120)).map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batchesOf([])).toEqual([]);
  });
});
