import { verifyAssembly } from '../../lib/verify/verify-assembly';
import type { Json } from '../../lib/verify/types';
import { all, resource, weakened, type Template } from './synthesized';
import { defaultAwsOutput, expectWeakeningFails, US, DR, EU, ENCLAVE, ACME, GLOBEX, type WeakeningCase } from './default-aws-output';

/**
 * ISOLATION of a pooled tenant's database user and schema (lib/verify/aws/tenant-schemas.ts): its
 * stack creates them through the serving platform's provisioner, whose egress is only what it needs;
 * shown holding on the default config's templates and failing on weakened copies of them.
 */
const assembly = defaultAwsOutput();

const ACME_SCHEMA = 'DatabaseSchemaUsEast1';
/** The DR platform's list of the pooled tenants whose stacks live in the primary region. */
const DR_SCHEMAS = 'PeerRegionTenantSchemas';
const GLOBEX_SCHEMA = 'DatabaseSchemaEuWest1';
const SCHEMA_TYPE = 'Custom::TenantDatabaseSchema';

const schema = (t: Template, prefix: string) => resource(t, SCHEMA_TYPE, prefix);
/** One more egress rule on the provisioner's security group. */
const addEgress = (rule: Record<string, Json>) => (t: Template) => {
  const group = resource(t, 'AWS::EC2::SecurityGroup', 'TenantSchemasSecurityGroup');
  t.Resources.ExtraEgress = { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: { 'Fn::GetAtt': [group.id, 'GroupId'] }, ...rule } };
};

const CASES: readonly WeakeningCase[] = [
  ['schema resource removed', ACME, 'ISOLATION', 'missing', undefined, (t) => delete t.Resources[ACME_SCHEMA]],
  [
    "schema created for another tenant's id",
    ACME,
    'ISOLATION',
    'contradicted',
    ACME_SCHEMA,
    (t) => (schema(t, ACME_SCHEMA).props.TenantId = 'globex'),
  ],
  [
    'schema resource deleted with the stack (no DeletionPolicy Retain)',
    GLOBEX,
    'ISOLATION',
    'contradicted',
    GLOBEX_SCHEMA,
    (t) => {
      delete schema(t, GLOBEX_SCHEMA).body.DeletionPolicy;
    },
  ],
  [
    "schema naming another cluster than the one its provisioner serves (the DR region's)",
    ACME,
    'ISOLATION',
    'contradicted',
    ACME_SCHEMA,
    (t) => (schema(t, ACME_SCHEMA).props.Cluster = 'example-saas-prod-us-west-2-db'),
  ],
  [
    'schema naming no cluster (a renamed cluster would not call the provisioner again)',
    GLOBEX,
    'ISOLATION',
    'contradicted',
    GLOBEX_SCHEMA,
    (t) => {
      delete schema(t, GLOBEX_SCHEMA).props.Cluster;
    },
  ],
  [
    'schema served by a function no platform holds',
    ACME,
    'ISOLATION',
    'contradicted',
    ACME_SCHEMA,
    (t) => (schema(t, ACME_SCHEMA).props.ServiceToken = 'arn:aws:lambda:us-east-1:111111111111:function:hand-made'),
  ],
];

/**
 * Weakenings of the platform's template: the provisioner lives there, the evidence on each pooled
 * tenant stack it serves (the ISOLATION scope is tenant stacks).
 */
const PLATFORM_CASES: readonly (readonly [name: string, platform: string, tenant: string, logicalId: string, mutate: (t: Template) => void])[] = [
  [
    "provisioner taken out of the platform's VPC",
    US,
    ACME,
    ACME_SCHEMA,
    (t) => {
      delete resource(t, 'AWS::Lambda::Function', 'TenantSchemasFunction').props.VpcConfig;
    },
  ],
  [
    'cluster no longer admitting the provisioner on 5432',
    EU,
    GLOBEX,
    GLOBEX_SCHEMA,
    (t) => {
      const group = resource(t, 'AWS::EC2::SecurityGroup', 'TenantSchemasSecurityGroup').id;
      for (const { id, props } of all(t, 'AWS::EC2::SecurityGroupIngress')) {
        if (JSON.stringify(props.SourceSecurityGroupId ?? null).includes(group)) delete t.Resources[id];
      }
      const cluster = resource(t, 'AWS::EC2::SecurityGroup', 'DatabaseSecurityGroup').props;
      cluster.SecurityGroupIngress = ((cluster.SecurityGroupIngress ?? []) as Record<string, Json>[]).filter(
        (r) => !JSON.stringify(r.SourceSecurityGroupId ?? null).includes(group),
      );
    },
  ],
  [
    'provisioner egress opened to the internet on 443',
    US,
    ACME,
    ACME_SCHEMA,
    addEgress({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }),
  ],
  ['provisioner egress to the VPC on every port', EU, GLOBEX, GLOBEX_SCHEMA, addEgress({ IpProtocol: '-1', CidrIp: '10.0.0.0/8' })],
  [
    "provisioner HTTPS egress to another prefix list (the EU region's S3 list, not us-east-1's)",
    US,
    ACME,
    ACME_SCHEMA,
    addEgress({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-6da54004' }),
  ],
  [
    "platform metadata naming no S3 prefix list (so its provisioner's HTTPS to S3 is unaccounted for)",
    EU,
    GLOBEX,
    GLOBEX_SCHEMA,
    (t) => {
      delete (t.Metadata as { Rampart: Record<string, Json> }).Rampart.s3PrefixList;
    },
  ],
  [
    'provisioner egress on 5432 to a prefix list',
    US,
    ACME,
    ACME_SCHEMA,
    addEgress({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, DestinationPrefixListId: 'pl-63a5400a' }),
  ],
];

/** Weakenings of the DR platform's template: the evidence on the US pooled tenant it serves from another region. */
const DR_CASES: readonly (readonly [
  name: string,
  verdict: 'missing' | 'contradicted',
  kind: string,
  mutate: (t: Template) => void,
  reason: string,
])[] = [
  [
    'the tenant missing from its list',
    'missing',
    'tenant-schema-other-region',
    (t) => (resource(t, 'Custom::TenantDatabaseSchemas', DR_SCHEMAS).props.TenantIds = ['globex']),
    'no Custom::TenantDatabaseSchemas lists \\"acme\\"',
  ],
  ['no list at all', 'missing', 'tenant-schema-other-region', (t) => delete t.Resources[DR_SCHEMAS], 'no Custom::TenantDatabaseSchemas lists'],
  [
    'the list naming another cluster than its provisioner serves',
    'contradicted',
    'tenant-schema-other-region',
    (t) => (resource(t, 'Custom::TenantDatabaseSchemas', DR_SCHEMAS).props.Cluster = 'example-saas-prod-us-east-1-db'),
    'Cluster \\"example-saas-prod-us-east-1-db\\": not the cluster of prod-us-west-2/platform its function serves',
  ],
  [
    'the list not retained (deleted with the stack)',
    'contradicted',
    'tenant-schema-other-region',
    (t) => {
      delete resource(t, 'Custom::TenantDatabaseSchemas', DR_SCHEMAS).body.DeletionPolicy;
    },
    'DeletionPolicy null, not Retain',
  ],
  [
    'the list served by another function of the platform (outside the VPC)',
    'contradicted',
    // A function with no security group has no egress the check can accept either.
    'tenant-schema-other-region tenant-schema-provisioner-egress',
    (t) => {
      const other = all(t, 'AWS::Lambda::Function').find((f) => f.id !== 'TenantSchemasFunction' && f.props.VpcConfig === undefined)!;
      resource(t, 'Custom::TenantDatabaseSchemas', DR_SCHEMAS).props.ServiceToken = { 'Fn::GetAtt': [other.id, 'Arn'] };
    },
    'not in the VPC',
  ],
  [
    'the list served by a function no platform holds',
    'contradicted',
    'tenant-schema-other-region',
    (t) => (resource(t, 'Custom::TenantDatabaseSchemas', DR_SCHEMAS).props.ServiceToken = 'arn:aws:lambda:us-west-2:111111111111:function:hand-made'),
    'no function of prod-us-west-2/platform',
  ],
  [
    "the DR provisioner's HTTPS egress to another prefix list",
    'contradicted',
    'tenant-schema-provisioner-egress',
    addEgress({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-63a5400a' }),
    "not S3's prefix list of us-west-2 (pl-68a54001)",
  ],
];

describe('pooled tenant schemas on the real AWS templates', () => {
  test("GIVEN the default config THEN each pooled tenant's user exists in every serving cluster: its region's through its stack, the DR region's through the DR platform's list", () => {
    const result = verifyAssembly(assembly);
    expect(result.ok).toBe(true);
    const isolation = result.controls.find((c) => c.control === 'ISOLATION');
    const held = (kind: string) =>
      (isolation?.evidence ?? [])
        .filter((e) => e.kind === kind)
        .map((e) => `${e.stack} ${e.resource ?? '-'} ${e.outcome}`)
        .sort();
    expect(held('tenant-schema-provisioned')).toEqual([`${ACME} ${ACME_SCHEMA} holds`, `${GLOBEX} ${GLOBEX_SCHEMA} holds`].sort());
    // acme's egress evidence twice: the primary's provisioner (its own resource) and the DR's (the DR platform's list).
    expect(held('tenant-schema-provisioner-egress')).toEqual(
      [`${ACME} - holds`, `${ACME} ${ACME_SCHEMA} holds`, `${GLOBEX} ${GLOBEX_SCHEMA} holds`].sort(),
    );
    // acme is also served by the DR region's cluster: the DR platform's stack creates its user there.
    expect(held('tenant-schema-other-region')).toEqual([`${ACME} - holds`]);
    const elsewhere = (isolation?.evidence ?? []).find((e) => e.kind === 'tenant-schema-other-region');
    expect(elsewhere?.value).toEqual({
      resource: `${DR} ${DR_SCHEMAS}`,
      function: `${DR} TenantSchemasFunction`,
      cluster: 'example-saas-prod-us-west-2-db',
      grant: 'arn:aws:iam::111111111111:policy/example-saas-prod-us-west-2-tenant-db-users',
    });
    expect(isolation?.exceptions.map((e) => e.id)).not.toContain('ISOLATION-POOLED-PEER-REGION-SCHEMA');
    const egress = (isolation?.evidence ?? []).find((e) => e.kind === 'tenant-schema-provisioner-egress' && e.stack === ACME);
    expect(egress?.value).toHaveLength(3);
  });

  test.each(CASES)('GIVEN %s (%s) THEN %s is %s naming %s', (...weakening) => expectWeakeningFails(assembly, weakening));

  test.each(PLATFORM_CASES)('GIVEN %s (%s) THEN ISOLATION is contradicted on %s naming %s', (_, platform, tenant, logicalId, mutate) => {
    const result = verifyAssembly(weakened(assembly, platform, mutate));
    const isolation = result.controls.find((c) => c.control === 'ISOLATION');
    expect(isolation?.verdict).toBe('contradicted');
    const failing = (isolation?.evidence ?? []).filter((e) => e.outcome === 'contradicted');
    expect([...new Set(failing.map((e) => `${e.stack} ${e.resource}`))]).toEqual([`${tenant} ${logicalId}`]);
    expect(failing[0].kind).toMatch(/^tenant-schema-provision/);
    expect(result.ok).toBe(false);
  });

  test("GIVEN HTTPS to another region's S3 prefix list THEN the egress evidence is contradicted and names the list and the expected one", () => {
    const result = verifyAssembly(
      weakened(assembly, US, addEgress({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-6da54004' })),
    );
    const isolation = result.controls.find((c) => c.control === 'ISOLATION');
    const failing = (isolation?.evidence ?? []).filter((e) => e.outcome === 'contradicted');
    expect(failing.map((e) => `${e.control} ${e.kind} ${e.stack} ${e.resource}`)).toEqual([
      `ISOLATION tenant-schema-provisioner-egress ${ACME} ${ACME_SCHEMA}`,
    ]);
    expect(failing[0].value).toEqual({ wrongly: ['ExtraEgress: tcp 443-443 to "pl-6da54004", not S3\'s prefix list of us-east-1 (pl-63a5400a)'] });
  });

  test.each(DR_CASES)('GIVEN the DR platform with %s THEN ISOLATION is %s on the US pooled tenant (%s)', (_, verdict, kind, mutate, reason) => {
    const result = verifyAssembly(weakened(assembly, DR, mutate));
    const isolation = result.controls.find((c) => c.control === 'ISOLATION');
    expect(isolation?.verdict).toBe(verdict);
    const failing = (isolation?.evidence ?? []).filter((e) => e.outcome === verdict);
    expect(failing.map((e) => `${e.control} ${e.stack} ${e.kind}`)).toEqual(kind.split(' ').map((k) => `ISOLATION ${ACME} ${k}`));
    expect(JSON.stringify(failing[0].value)).toContain(reason);
    expect(result.ok).toBe(false);
  });

  test('GIVEN the S3 endpoint of a platform admitting writes to any bucket outside the account THEN NET-ISOLATION is contradicted, while the response bucket alone holds', () => {
    const result = verifyAssembly(
      weakened(assembly, US, (t) => {
        const s3 = Object.values(t.Resources).find(
          (r) => r.Type === 'AWS::EC2::VPCEndpoint' && JSON.stringify(r.Properties.ServiceName).includes('.s3'),
        )!;
        const statements = (s3.Properties.PolicyDocument as { Statement: Record<string, Json>[] }).Statement;
        const responses = statements.find((s) => s.Sid === 'CloudFormationResponses')!;
        responses.Resource = 'arn:aws:s3:::*/*';
      }),
    );
    const net = result.controls.find((c) => c.control === 'NET-ISOLATION');
    expect(net?.verdict).toBe('contradicted');
    expect(net?.evidence.some((e) => e.kind === 'endpoint-policy-scoped' && e.stack === US && e.outcome === 'contradicted')).toBe(true);
  });

  // Only a platform's provisioner answers CloudFormation from a VPC: on the enclave's endpoint the same
  // statement would let out data on any response URL pre-signed in the region.
  test("GIVEN the platform's CloudFormation response statement copied onto the enclave's S3 endpoint THEN NET-ISOLATION fails there", () => {
    const s3Of = (t: Template) =>
      Object.values(t.Resources).find((r) => r.Type === 'AWS::EC2::VPCEndpoint' && JSON.stringify(r.Properties.ServiceName).includes('.s3'))!;
    const platform = assembly.stacks.find((s) => s.id === US)!.template as Template;
    const responses = (s3Of(platform).Properties.PolicyDocument as { Statement: Record<string, Json>[] }).Statement.find(
      (s) => s.Sid === 'CloudFormationResponses',
    )!;
    const result = verifyAssembly(
      weakened(assembly, ENCLAVE, (t) => {
        (s3Of(t).Properties.PolicyDocument as { Statement: Record<string, Json>[] }).Statement.push(responses);
      }),
    );
    const net = result.controls.find((c) => c.control === 'NET-ISOLATION');
    expect(net?.evidence.filter((e) => e.kind === 'endpoint-policy-scoped' && e.outcome !== 'holds').map((e) => e.stack)).toEqual([ENCLAVE]);
    expect(result.ok).toBe(false);
  });
});
