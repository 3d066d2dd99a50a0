import { EventEmitter } from 'events';

/** Every response the handler PUTs to CloudFormation's URL, captured instead of sent. */
const responses: { url: string; body: Record<string, unknown> }[] = [];

jest.mock('node:https', () => ({
  request: (url: string, _options: unknown, callback: (res: EventEmitter & { statusCode: number; resume(): void }) => void) => {
    const req = new EventEmitter() as EventEmitter & { end(payload: string): void; setTimeout(): void };
    req.setTimeout = () => undefined;
    req.end = (payload: string) => {
      responses.push({ url, body: JSON.parse(payload) as Record<string, unknown> });
      const res = Object.assign(new EventEmitter(), { statusCode: 200, resume: () => undefined });
      callback(res);
      res.emit('end');
    };
    return req;
  },
}));

/** The fake cluster: what connect() and query() do is set per test; every call is recorded. */
const pg = {
  connect: jest.fn<Promise<void>, []>(),
  query: jest.fn<Promise<unknown>, [string]>(),
  end: jest.fn<Promise<void>, []>(),
};
jest.mock('pg', () => ({ Client: jest.fn(() => pg) }), { virtual: true });
/** The fake Secrets Manager: getSecret() is set per test. */
const secrets = { getSecret: jest.fn<Promise<{ SecretString?: string }>, []>() };
jest.mock(
  '@aws-sdk/client-secrets-manager',
  () => ({
    SecretsManagerClient: jest.fn(() => ({ send: () => secrets.getSecret() })),
    GetSecretValueCommand: jest.fn(),
  }),
  { virtual: true },
);

// After the mocks (jest hoists them anyway).
import { handler } from '../../../lib/constructs/data/tenant-schema/handler';
import { RESPONSE_MARGIN_MS } from '../../../lib/constructs/data/tenant-schema/deadline';

/** The function's timeout (provisioner.ts: 2 minutes), as the context reports it when the invocation starts. */
const TIMEOUT_MS = 120_000;
const context = (remaining = TIMEOUT_MS) => ({ getRemainingTimeInMillis: () => remaining });
const SECRET = { SecretString: JSON.stringify({ host: 'db.cluster.example', port: 5432, username: 'rampart_admin', password: 'x' }) };
const never = <T>() => new Promise<T>(() => undefined);

const event = (RequestType: 'Create' | 'Update' | 'Delete', TenantId: unknown, PhysicalResourceId?: string) => ({
  RequestType,
  ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/signed',
  StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/tenant-acme/1',
  RequestId: 'r-1',
  LogicalResourceId: 'DatabaseSchemaUsEast1',
  ...(PhysicalResourceId === undefined ? {} : { PhysicalResourceId }),
  ResourceProperties: { TenantId },
});

describe('tenant schema handler', () => {
  beforeEach(() => {
    responses.length = 0;
    process.env.CLUSTER = 'example-saas-prod-us-east-1-db';
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  test('GIVEN a delete (stack deletion, removal, replacement) THEN it answers SUCCESS with the same id and never reaches the database', async () => {
    await handler(event('Delete', 'acme', 'example-saas-prod-us-east-1-db/tenant_acme'), context());
    expect(responses).toHaveLength(1);
    expect(responses[0].url).toMatch(/^https:\/\/cloudformation-custom-resource-response-useast1\./);
    expect(responses[0].body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'example-saas-prod-us-east-1-db/tenant_acme',
      RequestId: 'r-1',
      LogicalResourceId: 'DatabaseSchemaUsEast1',
    });
    expect(String(responses[0].body.Reason)).toMatch(/never dropped/);
  });

  test('GIVEN a create with an id that is not a tenant id THEN it answers FAILED naming the id, before any credential is read', async () => {
    delete process.env.SECRET_ARN;
    await handler(event('Create', 'acme"; DROP ROLE x; --'), context());
    expect(responses).toHaveLength(1);
    expect(responses[0].body.Status).toBe('FAILED');
    expect(String(responses[0].body.Reason)).toContain('got "acme\\"; DROP ROLE x; --"');
  });

  describe('deadline (no network: pg and Secrets Manager are fakes, time is jest fake time)', () => {
    beforeEach(() => {
      jest.useFakeTimers();
      process.env.SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:db';
      process.env.DATABASE = 'postgres';
      process.env.NODE_EXTRA_CA_CERTS = __filename;
      secrets.getSecret.mockReset().mockResolvedValue(SECRET);
      pg.connect.mockReset().mockResolvedValue(undefined);
      pg.query.mockReset().mockResolvedValue({});
      pg.end.mockReset().mockResolvedValue(undefined);
    });
    afterEach(() => jest.useRealTimers());

    /** Runs the handler to its answer; returns when it answered, in fake milliseconds since the start. */
    async function answered(remaining = TIMEOUT_MS): Promise<number> {
      const start = Date.now();
      let done = false;
      const run = handler(event('Create', 'acme'), context(remaining)).then(() => (done = true));
      for (let t = 0; t < remaining && !done; t += 500) await jest.advanceTimersByTimeAsync(500);
      await run;
      expect(responses).toHaveLength(1);
      return Date.now() - start;
    }

    test('GIVEN a connection that hangs THEN it answers FAILED naming the step, with the margin left, and closes the connection', async () => {
      pg.connect.mockImplementation(never);
      const at = await answered();
      expect(responses[0].body.Status).toBe('FAILED');
      expect(String(responses[0].body.Reason)).toBe(
        "no answer within the function's deadline (110 s, kept before its timeout): stuck connecting to db.cluster.example:5432 (attempt 1)",
      );
      expect(at).toBeLessThanOrEqual(TIMEOUT_MS - RESPONSE_MARGIN_MS);
      expect(pg.end).toHaveBeenCalled();
    });

    test('GIVEN Secrets Manager never answering THEN it answers FAILED before the timeout and never opens a connection', async () => {
      secrets.getSecret.mockImplementation(never);
      const at = await answered();
      expect(responses[0].body.Status).toBe('FAILED');
      expect(String(responses[0].body.Reason)).toMatch(/stuck reading the master secret from Secrets Manager \(attempt 1\)$/);
      expect(at).toBeLessThanOrEqual(TIMEOUT_MS - RESPONSE_MARGIN_MS);
      expect(pg.connect).not.toHaveBeenCalled();
    });

    test('GIVEN a statement that hangs (a lock held elsewhere) THEN the reason names the statement', async () => {
      pg.query.mockImplementation((sql) => (sql.includes('GRANT rds_iam') ? never() : Promise.resolve({})));
      await answered();
      expect(String(responses[0].body.Reason)).toMatch(/stuck running the statements of tenant acme \(1 of 1\) \(attempt 1\)$/);
      // The connection is closed: the server rolls the open transaction back.
      expect(pg.end).toHaveBeenCalled();
      expect(pg.query).not.toHaveBeenCalledWith('COMMIT');
    });

    test('GIVEN two refused connections then one that works THEN it retries with a pause and answers SUCCESS', async () => {
      pg.connect.mockRejectedValueOnce(new Error('ECONNREFUSED')).mockRejectedValueOnce(new Error('ECONNREFUSED'));
      const at = await answered();
      expect(responses[0].body).toMatchObject({ Status: 'SUCCESS', Data: { User: 'tenant_acme' } });
      expect(pg.connect).toHaveBeenCalledTimes(3);
      expect(at).toBeGreaterThanOrEqual(2_000 + 4_000);
      expect(pg.query).toHaveBeenCalledWith('COMMIT');
    });

    test('GIVEN refused connections every time THEN FAILED with the last error after the third attempt', async () => {
      pg.connect.mockRejectedValue(new Error('ECONNREFUSED'));
      await answered();
      expect(responses[0].body.Status).toBe('FAILED');
      expect(responses[0].body.Reason).toBe('ECONNREFUSED (attempt 3 of 3)');
    });

    test('GIVEN too little time left for another attempt THEN it answers FAILED at once with the error, not at the timeout', async () => {
      pg.connect.mockRejectedValue(new Error('ECONNREFUSED'));
      const at = await answered(RESPONSE_MARGIN_MS + 15_000);
      expect(String(responses[0].body.Reason)).toMatch(/^ECONNREFUSED \(attempt 1; 15 s left before the deadline, too little to retry\)$/);
      expect(at).toBeLessThan(1_000);
      expect(pg.connect).toHaveBeenCalledTimes(1);
    });
  });
});
