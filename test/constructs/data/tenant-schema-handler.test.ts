import { EventEmitter } from 'events';

/** Every response the handler PUTs to CloudFormation's URL, captured instead of sent. */
const responses: { url: string; body: Record<string, unknown> }[] = [];

jest.mock('node:https', () => ({
  request: (url: string, _options: unknown, callback: (res: EventEmitter & { statusCode: number; resume(): void }) => void) => {
    const req = new EventEmitter() as EventEmitter & { end(payload: string): void };
    req.end = (payload: string) => {
      responses.push({ url, body: JSON.parse(payload) as Record<string, unknown> });
      const res = Object.assign(new EventEmitter(), { statusCode: 200, resume: () => undefined });
      callback(res);
      res.emit('end');
    };
    return req;
  },
}));

// After the mock (jest hoists it anyway).
import { handler } from '../../../lib/constructs/data/tenant-schema/handler';

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
    await handler(event('Delete', 'acme', 'example-saas-prod-us-east-1-db/tenant_acme'));
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
    await handler(event('Create', 'acme"; DROP ROLE x; --'));
    expect(responses).toHaveLength(1);
    expect(responses[0].body.Status).toBe('FAILED');
    expect(String(responses[0].body.Reason)).toContain('got "acme\\"; DROP ROLE x; --"');
  });
});
