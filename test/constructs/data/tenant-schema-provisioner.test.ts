import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { TenantSchemaProvisioner, type TenantSchemaProvisionerProps } from '../../../lib/constructs/data/tenant-schema/provisioner';
import { KeyRing } from '../../../lib/constructs/keys/key-ring';
import { admitCloudFormationResponses } from '../../../lib/constructs/network/endpoint-policies';
import { TenantSchema, type TenantSchemaProps } from '../../../lib/constructs/tenant/tenant-schema';
import { PeerRegionTenantSchemas } from '../../../lib/constructs/data/tenant-schema/peer-region-schemas';
import { isolatedVpc, testDatabase, testStack } from '../../helpers';

function build(props: Partial<TenantSchemaProvisionerProps> = {}, peerRegionTenants?: readonly string[]) {
  const stack = testStack();
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: 'org/prod' });
  const vpc = isolatedVpc(stack);
  const { database } = testDatabase(stack, vpc, keys);
  const endpoints = new ec2.SecurityGroup(stack, 'EndpointSg', { vpc, allowAllOutbound: false });
  const s3Endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  const secretsManagerEndpoint = vpc.addInterfaceEndpoint('SecretsManager', {
    service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    securityGroups: [endpoints],
    open: false,
  });
  const provisioner = new TenantSchemaProvisioner(stack, 'TenantSchemas', {
    vpc,
    s3Endpoint,
    secretsManagerEndpoint,
    subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    database,
    endpointSecurityGroup: endpoints,
    s3PrefixListId: 'pl-63a5400a',
    functionName: 'org-prod-us-east-1-tenant-schemas',
    logsKey: keys.logs,
    deadLetterTopic: new sns.Topic(stack, 'Digest'),
    ...props,
  });
  if (peerRegionTenants !== undefined) {
    new PeerRegionTenantSchemas(stack, 'PeerRegionTenantSchemas', { provisioner, tenantIds: peerRegionTenants });
  }
  return Template.fromStack(stack);
}

describe('TenantSchemaProvisioner', () => {
  test('GIVEN the defaults THEN the function is named, in the VPC, reserved, dead-lettered and logs to its own encrypted, retained group', () => {
    const template = build();
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'org-prod-us-east-1-tenant-schemas',
      ReservedConcurrentExecutions: 2,
      DeadLetterConfig: { TargetArn: { Ref: 'Digest81A2F27A' } },
      LoggingConfig: { LogGroup: { Ref: 'TenantSchemasLogs' } },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } } });
  });

  test("GIVEN a provisioner THEN it admits CloudFormation's response bucket of the region on the VPC's S3 gateway endpoint, once", () => {
    const template = build();
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'CloudFormationResponses',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::cloudformation-custom-resource-response-useast1/*']] },
          },
        ],
      },
    });
  });

  test('GIVEN the statement admitted twice on one endpoint (two functions answering CloudFormation) THEN the policy holds it once', () => {
    const stack = testStack();
    const s3 = isolatedVpc(stack).addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    admitCloudFormationResponses(s3);
    admitCloudFormationResponses(s3);
    const [endpoint] = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'));
    expect(endpoint.Properties.PolicyDocument.Statement.map((st: { Sid: string }) => st.Sid)).toEqual(['CloudFormationResponses']);
  });

  test('GIVEN an s3Endpoint that is not S3 THEN it throws naming the service', () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    const dynamo = vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    expect(() => build({ s3Endpoint: dynamo })).toThrow(/s3Endpoint must be the VPC's S3 gateway endpoint, got one for .*dynamodb/);
  });

  test('GIVEN an s3PrefixListId that is not a prefix list id THEN it throws naming the value', () => {
    expect(() => build({ s3PrefixListId: '0.0.0.0/0' })).toThrow(
      /s3PrefixListId must be the id of the com.amazonaws.<region>.s3 prefix list, got "0.0.0.0\/0"/,
    );
  });
});

describe('TenantSchema', () => {
  test('GIVEN the provisioner ARN of the serving region THEN one retained Custom::TenantDatabaseSchema named by the region, with the tenant id and cluster', () => {
    const stack = testStack('eu-west-1', '333333333333');
    new TenantSchema(stack, 'DatabaseSchema', {
      tenantId: 'acme-eu',
      provisionerArn: 'arn:aws:lambda:eu-west-1:333333333333:function:org-prod-eu-west-1-tenant-schemas',
      clusterIdentifier: 'org-prod-eu-west-1-db',
    });
    Template.fromStack(stack).templateMatches({
      Resources: {
        DatabaseSchemaEuWest1: {
          Type: 'Custom::TenantDatabaseSchema',
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: {
            ServiceToken: 'arn:aws:lambda:eu-west-1:333333333333:function:org-prod-eu-west-1-tenant-schemas',
            TenantId: 'acme-eu',
            Cluster: 'org-prod-eu-west-1-db',
          },
        },
      },
    });
  });

  /** A TenantSchema in a us-east-1 stack of account 111111111111, with `props` over valid ones. */
  const schemaIn = (props: Partial<TenantSchemaProps>) => () =>
    new TenantSchema(testStack('us-east-1', '111111111111'), 'DatabaseSchema', {
      tenantId: 'acme',
      provisionerArn: 'arn:aws:lambda:us-east-1:111111111111:function:org-prod-us-east-1-tenant-schemas',
      clusterIdentifier: 'org-prod-us-east-1-db',
      ...props,
    });

  test("GIVEN a provisioner ARN of another region than the stack's THEN it throws naming both (CloudFormation could not call it)", () => {
    expect(schemaIn({ provisionerArn: 'arn:aws:lambda:us-west-2:111111111111:function:org-prod-us-west-2-tenant-schemas' })).toThrow(
      /must be in the stack's region us-east-1, got "arn:aws:lambda:us-west-2:/,
    );
  });

  test('GIVEN a provisioner that is not a Lambda function ARN THEN it throws naming the value', () => {
    expect(schemaIn({ provisionerArn: 'arn:aws:sns:us-east-1:111111111111:topic' })).toThrow(
      /provisionerArn must be a Lambda function ARN, got "arn:aws:sns:us-east-1:111111111111:topic"/,
    );
  });

  test('GIVEN a cluster identifier Aurora would refuse THEN it throws naming the value', () => {
    expect(schemaIn({ clusterIdentifier: 'Org_DB' })).toThrow(
      /clusterIdentifier must be 1..63 lowercase letters, digits and single hyphens, starting with a letter, got "Org_DB"/,
    );
  });
});

describe('PeerRegionTenantSchemas', () => {
  test('GIVEN the pooled tenants served from another region THEN one retained Custom::TenantDatabaseSchemas, ids sorted, served by GetAtt of the provisioner, after the cluster', () => {
    const template = build({}, ['zeta', 'acme', 'beta']);
    const [id, resource] = Object.entries(template.findResources('Custom::TenantDatabaseSchemas'))[0];
    expect(id).toBe('PeerRegionTenantSchemas');
    expect(resource).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['TenantSchemasFunction', 'Arn'] },
        ServiceTimeout: '600',
        TenantIds: ['acme', 'beta', 'zeta'],
        // The provisioner's own cluster, by Ref (its CLUSTER is the same Ref).
        Cluster: { Ref: expect.stringMatching(/^DatabaseCluster/) },
      },
    });
    const fn = Object.values(
      template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'org-prod-us-east-1-tenant-schemas' } }),
    )[0];
    expect(fn.Properties.Environment.Variables.CLUSTER).toEqual(resource.Properties.Cluster);
    // The provisioner's prerequisites: the cluster and the endpoints its first call reaches (the secret, the answer to S3).
    expect(resource.DependsOn).toEqual(
      expect.arrayContaining([
        'TenantSchemasFunction',
        expect.stringMatching(/^DatabaseCluster/),
        expect.stringMatching(/S3/),
        expect.stringMatching(/SecretsManager/),
      ]),
    );
  });

  test.each([[[]], [['acme', 'acme']], [['Acme']]])('GIVEN tenantIds %j THEN it throws naming them', (ids) => {
    expect(() => build({}, ids)).toThrow(`tenantIds must be one or more distinct tenant ids, got ${JSON.stringify(ids)}`);
  });
});
