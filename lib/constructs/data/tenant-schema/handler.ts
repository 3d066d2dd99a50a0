// The provisioner's Lambda handler: the CloudFormation custom resources `Custom::TenantDatabaseSchema`
// (one pooled tenant's stack) and `Custom::TenantDatabaseSchemas` (a platform stack, for the tenants it
// serves from another region) call it (create, update, delete) and it answers on the pre-signed S3 URL
// CloudFormation gives. Bundled with `pg` into asset/index.js by bin/build-tenant-schema-handler.ts;
// never imported by the CDK app (only its asset directory is).
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { Deadline, RESPONSE_MARGIN_MS, withRetries, type LambdaContext } from './deadline';
import { batchesOf, tenantQuery, workOf, type SchemaRequest } from './batches';

interface CustomResourceEvent extends SchemaRequest {
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
}

/** The parts of `pg` and the AWS SDK this handler uses (neither ships types in this repository). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
type PgModule = { Client: new (options: Record<string, unknown>) => PgClient };
type SecretsModule = {
  SecretsManagerClient: new (options: Record<string, unknown>) => { send(command: unknown): Promise<{ SecretString?: string }> };
  GetSecretValueCommand: new (input: { SecretId: string }) => unknown;
};

/** Every provisioner transaction of a cluster takes this advisory lock first, so two tenants' deploys never race on `public`. */
const ADVISORY_LOCK = 7_226_337;

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The master credentials, read through Secrets Manager (which decrypts them with the data key on the function's behalf). */
async function masterCredentials(): Promise<{ host: string; port: number; username: string; password: string }> {
  // The AWS SDK v3 is part of the Lambda Node.js runtime; required lazily so tests can load the bundle without it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-secrets-manager') as SecretsModule;
  const client = new sdk.SecretsManagerClient({});
  const { SecretString } = await client.send(new sdk.GetSecretValueCommand({ SecretId: env('SECRET_ARN') }));
  const secret = JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
  const { host, port, username, password } = secret;
  if (typeof host !== 'string' || typeof username !== 'string' || typeof password !== 'string')
    throw new Error('the master secret has no host, username or password');
  return { host, port: Number(port ?? 5432), username, password };
}

/** What an attempt is doing, for the reason given when the deadline stops it. */
interface Progress {
  step: string;
  /** Set when the deadline came first: the attempt must not go on (a late secret must not open a connection). */
  aborted: boolean;
  /** Closes the attempt's connection, if it has one (a hung socket must not outlive the answer). */
  close: () => void;
}

/** Tenants committed so far, across attempts: a retry starts at the first batch not committed. */
interface Done {
  count: number;
}

/**
 * Runs the tenants' statements as the master user, over TLS whose certificate must verify, in one
 * transaction per batch (batches.ts), each tenant's statements in one round trip.
 */
async function provision(tenantIds: readonly string[], done: Done, progress: Progress): Promise<void> {
  const database = env('DATABASE');
  progress.step = 'reading the master secret from Secrets Manager';
  const credentials = await masterCredentials();
  if (progress.aborted) throw new Error('stopped: the deadline passed while reading the secret');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as PgModule;
  const client = new pg.Client({
    host: credentials.host,
    port: credentials.port,
    user: credentials.username,
    password: credentials.password,
    database,
    // TLS verified against the RDS certificate authorities the runtime ships (NODE_EXTRA_CA_CERTS, set
    // by the construct); the host name is checked against the certificate by Node's default.
    ssl: { rejectUnauthorized: true, ca: readFileSync(env('NODE_EXTRA_CA_CERTS'), 'utf8') },
    connectionTimeoutMillis: 15_000,
    statement_timeout: 30_000,
    application_name: 'rampart-tenant-schemas',
  });
  progress.close = () => void client.end().catch(() => undefined);
  progress.step = `connecting to ${credentials.host}:${credentials.port}`;
  await client.connect();
  try {
    for (const batch of batchesOf(tenantIds.slice(done.count))) {
      progress.step = 'waiting for the advisory lock (another provisioner transaction holds it)';
      await client.query('BEGIN');
      try {
        await client.query(`SELECT pg_advisory_xact_lock(${ADVISORY_LOCK})`);
        for (const [i, tenantId] of batch.entries()) {
          progress.step = `running the statements of tenant ${tenantId} (${done.count + i + 1} of ${tenantIds.length})`;
          await client.query(tenantQuery(tenantId, database));
        }
        progress.step = `committing tenants ${done.count + 1} to ${done.count + batch.length} of ${tenantIds.length}`;
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      done.count += batch.length;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * provision(), retried, each attempt raced against the deadline (which closes its connection if it
 * comes first); a reason names what was committed, which stays (the SQL is idempotent: a later
 * deploy runs the list again and changes nothing of it).
 */
async function provisionBefore(deadline: Deadline, tenantIds: readonly string[]): Promise<void> {
  // An update that only removed ids: nothing to create, nothing dropped.
  if (tenantIds.length === 0) return;
  const done: Done = { count: 0 };
  try {
    await withRetries(
      deadline,
      (n) => {
        const progress: Progress = { step: `starting attempt ${n}`, aborted: false, close: () => undefined };
        return deadline.race(
          provision(tenantIds, done, progress),
          () => `${progress.step} (attempt ${n})`,
          () => {
            progress.aborted = true;
            progress.close();
          },
        );
      },
      (line) => console.log(line),
    );
  } catch (error) {
    if (tenantIds.length === 1 || done.count === 0) throw error;
    throw new Error(`${done.count} of ${tenantIds.length} tenants committed, the rest not: ${(error as Error).message}`);
  }
}

/** PUT the response to CloudFormation's pre-signed URL (the S3 gateway endpoint admits only that bucket's objects for it). */
function respond(event: CustomResourceEvent, body: Record<string, unknown>): Promise<void> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      event.ResponseURL,
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`response PUT returned ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    // Within the margin the deadline kept for it: a hung PUT must end before the function's timeout too.
    req.setTimeout(RESPONSE_MARGIN_MS / 2, () => req.destroy(new Error(`response PUT took over ${RESPONSE_MARGIN_MS / 2} ms`)));
    req.end(payload);
  });
}

export async function handler(event: CustomResourceEvent, context: LambdaContext): Promise<void> {
  // Taken first: everything below, the answer excepted, must end before it.
  const deadline = new Deadline(context);
  const cluster = process.env.CLUSTER ?? 'cluster';
  let physicalId = event.PhysicalResourceId ?? `${cluster}/${event.LogicalResourceId}`;
  let status = 'SUCCESS';
  let reason = '';
  let data: Record<string, string> | undefined;
  try {
    if (event.RequestType === 'Delete') {
      // Never drops anything: the tenant's rows outlive the stack; offboarding erases them (README).
      reason = 'kept: the user and schema are never dropped by a deploy';
    } else {
      const work = workOf(event, process.env.CLUSTER);
      physicalId = `${cluster}/${work.name}`;
      await provisionBefore(deadline, work.tenantIds);
      if (event.ResourceType === 'Custom::TenantDatabaseSchemas') {
        data = { Created: String(work.tenantIds.length) };
        console.log(`${event.RequestType}: ${work.tenantIds.length} tenants' users and schemas exist in ${cluster}: ${work.tenantIds.join(' ')}`);
      } else {
        data = { User: work.name };
        console.log(`${event.RequestType}: ${work.name} and its schema exist in ${cluster}`);
      }
    }
  } catch (error) {
    status = 'FAILED';
    reason = (error as Error).message.slice(0, 500);
    console.log(`${event.RequestType} failed: ${reason}`);
  }
  await respond(event, {
    Status: status,
    Reason: reason,
    PhysicalResourceId: physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    ...(data === undefined ? {} : { Data: data }),
  });
}
export { tenantSchemaStatements } from './sql';
export { batchesOf, workOf } from './batches';
