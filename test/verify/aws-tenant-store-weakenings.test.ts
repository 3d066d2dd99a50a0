import { verifyAssembly } from '../../lib/verify/verify-assembly';
import type { Json } from '../../lib/verify/types';
import { all, resource, weakened, type Template } from './synthesized';
import { defaultAwsOutput, expectWeakeningFails, US, ACME, GLOBEX, INITECH, UMBRELLA, type WeakeningCase } from './default-aws-output';

/**
 * ISOLATION of a tenant's database user and record key store (lib/verify/aws/tenant-stores.ts), shown
 * holding on the default config's templates and failing on weakened copies of them.
 */
const assembly = defaultAwsOutput();

const ACCESS_ROLE = 'AccessRole';
const SILO_TASK_ROLE = 'ServiceTaskRoleC7213793';

/** An inline policy on acme's access role granting one more statement. */
const grantToAccessRole = (statement: Record<string, Json>) => (t: Template) => {
  resource(t, 'AWS::IAM::Role', ACCESS_ROLE).props.Policies = [{ PolicyName: 'extra', PolicyDocument: { Statement: [statement] } }];
};
const connectAs = (arn: string) => grantToAccessRole({ Effect: 'Allow', Action: 'rds-db:connect', Resource: arn });
/** The one statement of the managed policy that grants the record key store to a role. */
const recordKeyGrant = (t: Template, prefix: string) =>
  (resource(t, 'AWS::IAM::ManagedPolicy', prefix).props.PolicyDocument as { Statement: Record<string, Json>[] }).Statement[0];

const CASES: readonly WeakeningCase[] = [
  [
    'connect grant widened to every user of every cluster',
    ACME,
    'ISOLATION',
    'contradicted',
    ACCESS_ROLE,
    connectAs('arn:aws:rds-db:us-east-1:111111111111:dbuser:*/*'),
  ],
  [
    "connect grant naming another tenant's user",
    ACME,
    'ISOLATION',
    'contradicted',
    ACCESS_ROLE,
    connectAs('arn:aws:rds-db:us-east-1:111111111111:dbuser:cluster-ABCDEFGHIJKL01234/tenant_globex'),
  ],
  [
    'connect grant to its own user on any cluster',
    ACME,
    'ISOLATION',
    'contradicted',
    ACCESS_ROLE,
    connectAs('arn:aws:rds-db:us-east-1:111111111111:dbuser:*/tenant_acme'),
  ],
  [
    'connect grant through rds-db:* on every resource',
    ACME,
    'ISOLATION',
    'contradicted',
    ACCESS_ROLE,
    grantToAccessRole({ Effect: 'Allow', Action: 'rds-db:*', Resource: '*' }),
  ],
  [
    'shared database policies no longer attached',
    GLOBEX,
    'ISOLATION',
    'missing',
    ACCESS_ROLE,
    (t) => delete resource(t, 'AWS::IAM::Role', ACCESS_ROLE).props.ManagedPolicyArns,
  ],
  [
    'a database policy attached that the assembly does not hold',
    ACME,
    'ISOLATION',
    'contradicted',
    ACCESS_ROLE,
    (t) => {
      (resource(t, 'AWS::IAM::Role', ACCESS_ROLE).props.ManagedPolicyArns as Json[]).push('arn:aws:iam::111111111111:policy/hand-made');
    },
  ],
  [
    "record keys granted on another tenant's table",
    ACME,
    'ISOLATION',
    'contradicted',
    ACCESS_ROLE,
    (t) => {
      recordKeyGrant(t, 'AccessRecordKeyAccess').Resource = 'arn:aws:dynamodb:eu-west-1:333333333333:table/example-saas-prod-globex-record-keys';
    },
  ],
  [
    'record keys granted without the session tag condition',
    ACME,
    'ISOLATION',
    'contradicted',
    ACCESS_ROLE,
    (t) => delete recordKeyGrant(t, 'AccessRecordKeyAccess').Condition,
  ],
  [
    "record keys key usable in another tenant's session",
    GLOBEX,
    'ISOLATION',
    'contradicted',
    ACCESS_ROLE,
    (t) => {
      const key = resource(t, 'AWS::KMS::Key', 'RecordKeysKey').props.KeyPolicy as { Statement: { Sid?: string }[] };
      key.Statement = key.Statement.filter((s) => s.Sid !== 'DenyUseWithoutTheTenantSessionTag');
    },
  ],
  [
    "silo service without its tenant's record keys",
    UMBRELLA,
    'ISOLATION',
    'missing',
    SILO_TASK_ROLE,
    (t) => {
      for (const policy of all(t, 'AWS::IAM::ManagedPolicy').filter((p) => p.id.startsWith('ServiceRecordKeyAccess'))) delete t.Resources[policy.id];
    },
  ],
  [
    'silo service granted every table',
    INITECH,
    'ISOLATION',
    'contradicted',
    SILO_TASK_ROLE,
    (t) => {
      recordKeyGrant(t, 'ServiceRecordKeyAccess').Resource = 'arn:aws:dynamodb:us-east-1:444444444444:table/*';
    },
  ],
];

describe('tenant stores on the real AWS templates', () => {
  test('GIVEN the default config THEN every tenant role reaches its own database user and record key store and nothing else', () => {
    const isolation = verifyAssembly(assembly).controls.find((c) => c.control === 'ISOLATION');
    const held = (kind: string) =>
      (isolation?.evidence ?? [])
        .filter((e) => e.kind === kind)
        .map((e) => `${e.stack} ${e.resource} ${e.outcome}`)
        .sort();
    // acme (US: primary and DR clusters) and globex (EU); the HIPAA pooled case would have none (the enclave keeps no database).
    expect(held('tenant-database-user-only')).toEqual([`${ACME} ${ACCESS_ROLE} holds`, `${GLOBEX} ${ACCESS_ROLE} holds`].sort());
    expect(held('tenant-record-keys-own-only')).toEqual(
      [
        `${ACME} ${ACCESS_ROLE} holds`,
        `${GLOBEX} ${ACCESS_ROLE} holds`,
        `${INITECH} ${SILO_TASK_ROLE} holds`,
        `${UMBRELLA} ${SILO_TASK_ROLE} holds`,
      ].sort(),
    );
    const acme = (isolation?.evidence ?? []).find((e) => e.kind === 'tenant-database-user-only' && e.stack === ACME);
    expect(acme?.value).toEqual([
      'prod-us-east-1/platform TenantDatabaseUsersPolicy: arn:aws:rds-db:us-east-1:111111111111:dbuser:${DatabaseCluster.DBClusterResourceId}/tenant_${aws:PrincipalTag/rampart:tenant}',
      'prod-us-west-2/platform TenantDatabaseUsersPolicy: arn:aws:rds-db:us-west-2:111111111111:dbuser:${DatabaseCluster.DBClusterResourceId}/tenant_${aws:PrincipalTag/rampart:tenant}',
    ]);
  });

  test.each(CASES)('GIVEN %s (%s) THEN %s is %s naming %s', (...weakening) => expectWeakeningFails(assembly, weakening));

  test("GIVEN the platform's shared database policy widened to every user THEN each tenant it serves is contradicted", () => {
    const result = verifyAssembly(
      weakened(assembly, US, (t) => {
        const policy = resource(t, 'AWS::IAM::ManagedPolicy', 'TenantDatabaseUsersPolicy').props.PolicyDocument as {
          Statement: Record<string, Json>[];
        };
        policy.Statement[0].Resource = 'arn:aws:rds-db:us-east-1:111111111111:dbuser:*/*';
      }),
    );
    const isolation = result.controls.find((c) => c.control === 'ISOLATION');
    expect(isolation?.verdict).toBe('contradicted');
    const failing = (isolation?.evidence ?? []).filter((e) => e.kind === 'tenant-database-user-only' && e.outcome === 'contradicted');
    expect(failing.map((e) => `${e.stack} ${e.resource}`)).toEqual([`${ACME} ${ACCESS_ROLE}`]);
    expect(JSON.stringify(failing[0].value)).toContain(
      'prod-us-east-1/platform TenantDatabaseUsersPolicy: arn:aws:rds-db:us-east-1:111111111111:dbuser:*/*: not one cluster',
    );
    expect(result.ok).toBe(false);
  });

  test("GIVEN globex's record key store key exempting acme's session from its session-tag deny THEN acme's session, and no other tenant's, is named as admitted", () => {
    // The key names acme, so acme's session is decided on its own; the tenants it does not name are decided once for all (tenant-sessions.ts).
    const result = verifyAssembly(
      weakened(assembly, GLOBEX, (t) => {
        const key = resource(t, 'AWS::KMS::Key', 'RecordKeysKey').props.KeyPolicy as { Statement: { Sid?: string; Condition?: Json }[] };
        const deny = key.Statement.find((s) => s.Sid === 'DenyUseWithoutTheTenantSessionTag') as { Condition: Record<string, Record<string, Json>> };
        deny.Condition.StringNotEquals['aws:PrincipalTag/rampart:tenant'] = ['globex', 'acme'];
      }),
    );
    const evidence = result.controls
      .find((c) => c.control === 'ISOLATION')
      ?.evidence.find((e) => e.kind === 'tenant-record-keys-own-only' && e.stack === GLOBEX);
    expect(evidence?.outcome).toBe('contradicted');
    expect(evidence?.value).toEqual({ wrongly: ["RecordKeysKey: admits the access role in tenant acme's session"] });
  });

  test("GIVEN acme's access role given, by Ref, a managed policy of its own stack connecting as another tenant's user THEN that policy is read and named", () => {
    const result = verifyAssembly(
      weakened(assembly, ACME, (t) => {
        t.Resources.ExtraDatabasePolicy = {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: {
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'rds-db:connect',
                  Resource: 'arn:aws:rds-db:us-east-1:111111111111:dbuser:cluster-ABCDEFGHIJKL01234/tenant_globex',
                },
              ],
            },
          },
        };
        (resource(t, 'AWS::IAM::Role', ACCESS_ROLE).props.ManagedPolicyArns as Json[]).push({ Ref: 'ExtraDatabasePolicy' });
      }),
    );
    const evidence = result.controls
      .find((c) => c.control === 'ISOLATION')
      ?.evidence.find((e) => e.kind === 'tenant-database-user-only' && e.stack === ACME);
    expect(evidence?.outcome).toBe('contradicted');
    expect(evidence?.value).toEqual({
      wrongly: [
        `${ACME} ExtraDatabasePolicy: arn:aws:rds-db:us-east-1:111111111111:dbuser:cluster-ABCDEFGHIJKL01234/tenant_globex: user tenant_globex, not tenant_acme`,
      ],
    });
  });

  test("GIVEN the access role's trust admitting any tenant's session tag THEN the trust evidence, which fixes the user the policy variable resolves to, is contradicted", () => {
    // The policy variable names the tenant's user only because the trust fixes the tag: the trust evidence carries that half.
    const result = verifyAssembly(
      weakened(assembly, ACME, (t) => {
        const trust = resource(t, 'AWS::IAM::Role', ACCESS_ROLE).props.AssumeRolePolicyDocument as { Statement: Record<string, Json>[] };
        delete trust.Statement[0].Condition;
      }),
    );
    const trust = result.controls
      .find((c) => c.control === 'ISOLATION')
      ?.evidence.find((e) => e.kind === 'tenant-role-session-tag' && e.stack === ACME);
    expect(trust?.outcome).toBe('contradicted');
  });
});
