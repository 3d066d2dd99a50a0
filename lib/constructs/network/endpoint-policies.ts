import { Aws, Fn, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ecrLayerBucketObjectsArn } from './network-settings';

/** Statement ids of the endpoint policies, as the templates (and the evidence verifier) show them. */
export const ENDPOINT_POLICY_SIDS = {
  /** Every interface endpoint and the DynamoDB gateway endpoint: this account's principals only. */
  ownPrincipals: 'OwnPrincipalsOnly',
  /** The S3 gateway endpoint: this account's principals, on this account's buckets only. */
  ownPrincipalsOwnBuckets: 'OwnPrincipalsOwnBuckets',
  /** The S3 gateway endpoint: read of ECR's image-layer bucket of the region, for image pulls. */
  ecrImageLayers: 'EcrImageLayers',
  /** The S3 gateway endpoint of a VPC running a custom resource's function: its response to CloudFormation's pre-signed URL. */
  cloudFormationResponses: 'CloudFormationResponses',
} as const;

/**
 * CloudFormation's bucket of custom resource responses in `region` (AWS-owned; the region without
 * hyphens, e.g. `cloudformation-custom-resource-response-useast1`, as CloudFormation's VPC endpoint
 * guide names it).
 */
export function cloudFormationResponseObjectsArn(region: string): string {
  const compact = Token.isUnresolved(region) ? Fn.join('', Fn.split('-', region)) : region.replace(/-/g, '');
  return `arn:${Aws.PARTITION}:s3:::cloudformation-custom-resource-response-${compact}/*`;
}

/** The S3 gateway endpoints that already admit CloudFormation's responses (the statement is added once per endpoint). */
const admittingResponses = new WeakSet<ec2.IVpcEndpoint>();

/**
 * Admit `s3:PutObject` on CloudFormation's response bucket of the endpoint's region through the S3
 * gateway endpoint `s3Endpoint` (statement `CloudFormationResponses`): a function in the VPC that
 * serves custom resources answers on a URL pre-signed by CloudFormation, so the request carries
 * neither this account's principal nor one of its buckets. Writes to that AWS-owned bucket only,
 * readable by CloudFormation alone. Called by the function's construct (TenantSchemaProvisioner), so
 * the statement exists exactly when such a function does; a second call on the same endpoint adds nothing.
 */
export function admitCloudFormationResponses(s3Endpoint: ec2.GatewayVpcEndpoint): void {
  if (admittingResponses.has(s3Endpoint)) return;
  admittingResponses.add(s3Endpoint);
  s3Endpoint.addToPolicy(
    new iam.PolicyStatement({
      sid: ENDPOINT_POLICY_SIDS.cloudFormationResponses,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [cloudFormationResponseObjectsArn(Stack.of(s3Endpoint).region)],
    }),
  );
}

/**
 * Endpoint policies of every Rampart VPC (platform, enclave, tenants): each endpoint admits only
 * `account`'s principals (`aws:PrincipalAccount`); the S3 gateway endpoint also only `account`'s
 * buckets (`aws:ResourceAccount`), so neither a stolen credential of another account nor one of this
 * account can use the endpoint to move data into a foreign bucket.
 *
 * The one exception is what image pulls need: `s3:GetObject` on the objects of ECR's regional layer
 * bucket (`prod-<region>-starport-layer-bucket`, owned by AWS). ECR answers a layer request with a
 * presigned S3 URL signed by an ECR-owned principal, not by the puller, so this statement cannot
 * carry an `aws:PrincipalAccount` condition (it would fail every pull); it admits only reads of that
 * one AWS-owned bucket, through which nothing can be written. AWS's data-perimeter examples
 * (aws-samples/data-perimeter-policy-examples, `AllowRequestsToAWSOwnedResources`) grant it the same
 * way. No other AWS-owned bucket is admitted: the workloads are Fargate tasks, which need no Amazon
 * Linux package repositories, SSM agent or CloudWatch agent buckets. CloudFormation's response bucket
 * is admitted by the construct of a function that needs it (admitCloudFormationResponses).
 */
export function addOwnAccountEndpointPolicies(account: string, endpoints: Readonly<Record<string, ec2.VpcEndpoint>>): void {
  const ownPrincipals = { StringEquals: { 'aws:PrincipalAccount': account } };
  for (const [name, endpoint] of Object.entries(endpoints)) {
    if (name === 'S3') {
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: ENDPOINT_POLICY_SIDS.ownPrincipalsOwnBuckets,
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account } },
        }),
      );
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: ENDPOINT_POLICY_SIDS.ecrImageLayers,
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:GetObject'],
          resources: [ecrLayerBucketObjectsArn()],
        }),
      );
    } else {
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: ENDPOINT_POLICY_SIDS.ownPrincipals,
          principals: [new iam.AnyPrincipal()],
          actions: ['*'],
          resources: ['*'],
          conditions: ownPrincipals,
        }),
      );
    }
  }
}
