import { Template } from 'aws-cdk-lib/assertions';
import { KeyRing, LogsKeyRing } from '../../../lib/constructs/keys/key-ring';
import { testStack, unacknowledgedFindings } from '../../helpers';

describe('KeyRing', () => {
  const stack = testStack('us-west-2');
  new KeyRing(stack, 'Keys', { aliasPrefix: 'acme/prod' });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const viaServices = (logicalId: string): string[] => {
    const statement = resources[logicalId].Properties.KeyPolicy.Statement.find((s: { Sid: string }) => s.Sid === 'UseOnlyThroughDesignatedServices');
    return [statement.Condition.StringEquals['kms:ViaService']].flat();
  };

  test('GIVEN a key ring THEN it holds three separate rotating keys: data, backup, logs', () => {
    template.resourceCountIs('AWS::KMS::Key', 3);
    expect(
      Object.keys(resources)
        .filter((id) => resources[id].Type === 'AWS::KMS::Key')
        .sort(),
    ).toEqual(['BackupKey', 'DataKey', 'LogsKey']);
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365 });
  });

  test('THEN each key has a deterministic alias under the prefix', () => {
    const aliases = Object.values(resources)
      .filter((r) => r.Type === 'AWS::KMS::Alias')
      .map((r) => r.Properties.AliasName)
      .sort();
    expect(aliases).toEqual(['alias/acme/prod/backup', 'alias/acme/prod/data', 'alias/acme/prod/logs']);
  });

  test('THEN the backup key can only be used through AWS Backup, never through the data services (KEY-SEPARATE)', () => {
    expect(viaServices('BackupKey')).toEqual(['backup.us-west-2.amazonaws.com']);
    expect(viaServices('DataKey')).not.toContain('backup.us-west-2.amazonaws.com');
  });

  test('THEN only the logs key trusts CloudWatch Logs and CloudTrail, scoped to this account', () => {
    const principals = (id: string) => JSON.stringify(resources[id].Properties.KeyPolicy.Statement.map((s: { Principal: unknown }) => s.Principal));
    expect(principals('LogsKey')).toContain('logs.us-west-2.amazonaws.com');
    expect(principals('LogsKey')).toContain('cloudtrail.amazonaws.com');
    expect(principals('DataKey')).not.toContain('cloudtrail.amazonaws.com');
    const trail = resources.LogsKey.Properties.KeyPolicy.Statement.find((s: { Sid: string }) => s.Sid === 'CloudTrailEncryptsLogsOfThisAccount');
    expect(trail.Condition.StringEquals).toEqual({ 'aws:SourceAccount': '111111111111' });
  });

  test('THEN no validation pack has a finding on it', () => {
    expect(unacknowledgedFindings(stack)).toEqual([]);
  });
});

describe('KeyRing for a tenant (pending window, BYOK data key, logs key without CloudTrail)', () => {
  const stack = testStack();
  new KeyRing(stack, 'Keys', {
    aliasPrefix: 'acme/prod/tenant/t1',
    pendingWindowDays: 14,
    importedDataKeyMaterial: true,
    logsKeyForCloudTrail: false,
    recordKeysKey: {},
  });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;

  test('THEN all three keys take the pending window and only the data key has imported material', () => {
    for (const id of ['DataKey', 'BackupKey', 'LogsKey']) expect(resources[id].Properties.PendingWindowInDays).toBe(14);
    expect(resources.DataKey.Properties).toMatchObject({ Origin: 'EXTERNAL', EnableKeyRotation: false });
    for (const id of ['BackupKey', 'LogsKey']) expect(resources[id].Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365 });
    expect(resources.BackupKey.Properties.Origin).toBeUndefined();
  });

  test('THEN a fourth, AWS-generated key serves the record key store through DynamoDB only, with the same pending window', () => {
    expect(resources.RecordKeysKey.Properties).toMatchObject({ PendingWindowInDays: 14, EnableKeyRotation: true });
    expect(resources.RecordKeysKey.Properties.Origin).toBeUndefined();
    const use = resources.RecordKeysKey.Properties.KeyPolicy.Statement.find((s: { Sid?: string }) => s.Sid === 'UseOnlyThroughDesignatedServices');
    expect(use.Condition.StringEquals['kms:ViaService']).toEqual(['dynamodb.us-east-1.amazonaws.com']);
  });

  test('THEN the logs key trusts CloudWatch Logs but not CloudTrail', () => {
    const principals = JSON.stringify(resources.LogsKey.Properties.KeyPolicy.Statement.map((s: { Principal: unknown }) => s.Principal));
    expect(principals).toContain('logs.us-east-1.amazonaws.com');
    expect(principals).not.toContain('cloudtrail.amazonaws.com');
  });

  test('THEN only the BYOK rotation findings are acknowledged', () => {
    expect(unacknowledgedFindings(stack)).toEqual([]);
  });
});

describe('GIVEN a KeyRing whose data key cannot serve the record key store', () => {
  test.each([
    ['a BYOK data key', { importedDataKeyMaterial: true }, /recordKeysKey is required with importedDataKeyMaterial: true/],
    ['a data key for S3 alone', { dataKeyServices: ['s3'] }, /recordKeysKey is required with dataKeyServices \["s3"\]/],
  ])('WHEN it has %s and no recordKeysKey THEN it throws naming the prop', (_, props, message) => {
    expect(() => new KeyRing(testStack(), 'Keys', { aliasPrefix: 'acme/prod/tenant/t1', ...props })).toThrow(message);
  });

  test('WHEN it asks for no recordKeysKey and the data key serves DynamoDB THEN no record-keys key is built', () => {
    const stack = testStack();
    const ring = new KeyRing(stack, 'Keys', { aliasPrefix: 'acme/prod' });
    expect(ring.recordKeys).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 3);
  });
});

describe('LogsKeyRing (a stack that stores no customer data: the account baseline)', () => {
  const build = (logsKeyForCloudTrail?: boolean) => {
    const stack = testStack('eu-west-1', '444444444444');
    new LogsKeyRing(stack, 'Keys', { aliasPrefix: 'acme/prod/baseline', rotationPeriodDays: 180, logsKeyForCloudTrail });
    return { stack, resources: Template.fromStack(stack).toJSON().Resources as Record<string, any> };
  };
  const { stack, resources } = build();
  const keys = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::KMS::Key');
  const principals = (r: Record<string, any>) =>
    JSON.stringify(r.LogsKey.Properties.KeyPolicy.Statement.map((s: { Principal: unknown }) => s.Principal));

  test('GIVEN a logs key ring THEN it holds the logs key alone, under its pinned logical id, rotating at the period asked and retained', () => {
    expect(keys.map(([id]) => id)).toEqual(['LogsKey']);
    expect(resources.LogsKey).toMatchObject({
      Properties: { EnableKeyRotation: true, RotationPeriodInDays: 180, PendingWindowInDays: 30 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const aliases = Object.values(resources)
      .filter((r) => r.Type === 'AWS::KMS::Alias')
      .map((r) => r.Properties.AliasName);
    expect(aliases).toEqual(['alias/acme/prod/baseline/logs']);
  });

  test("THEN it is built as a KeyRing builds its logs key: S3 and CloudWatch Logs only, and this account's CloudTrail by default", () => {
    const use = resources.LogsKey.Properties.KeyPolicy.Statement.find((s: { Sid: string }) => s.Sid === 'UseOnlyThroughDesignatedServices');
    expect(use.Condition.StringEquals['kms:ViaService']).toEqual(['s3.eu-west-1.amazonaws.com', 'logs.eu-west-1.amazonaws.com']);
    expect(principals(resources)).toContain('cloudtrail.amazonaws.com');
    expect(principals(build(false).resources)).not.toContain('cloudtrail.amazonaws.com');
  });

  test('THEN no validation pack has a finding on it', () => {
    expect(unacknowledgedFindings(stack)).toEqual([]);
  });
});
