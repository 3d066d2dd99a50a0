import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ecrLayerBucketObjectsArn } from './network-settings';

/**
 * Endpoint policies of an isolated VPC: every endpoint admits only `account`'s principals; the S3
 * gateway endpoint also only `account`'s buckets, plus read access to ECR's image-layer bucket so
 * image pulls work. A stolen credential of another account cannot use these endpoints to move data.
 */
export function addOwnAccountEndpointPolicies(account: string, endpoints: Record<string, ec2.VpcEndpoint>): void {
  const ownPrincipals = { StringEquals: { 'aws:PrincipalAccount': account } };
  for (const [name, endpoint] of Object.entries(endpoints)) {
    if (name === 'S3') {
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: 'OwnPrincipalsOwnBuckets',
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account } },
        }),
      );
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: 'EcrImageLayers',
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:GetObject'],
          resources: [ecrLayerBucketObjectsArn()],
          conditions: ownPrincipals,
        }),
      );
    } else {
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: 'OwnPrincipalsOnly',
          principals: [new iam.AnyPrincipal()],
          actions: ['*'],
          resources: ['*'],
          conditions: ownPrincipals,
        }),
      );
    }
  }
}
