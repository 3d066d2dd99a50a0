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
} as const;

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
 * Linux package repositories, SSM agent or CloudWatch agent buckets.
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
