import { CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { denyDirectGrantsStatement } from '../../constructs/keys/key-policy';
import { SecureBucket } from '../../constructs/storage/secure-bucket';
import { acknowledgeInPacks, COMPLIANCE_PACKS, PACKS } from '../../nag/acknowledge';

const ARTIFACTS_NO_REPLICATION_REASON =
  'Pipeline artifacts (source archive, synthesized templates, assets) are rebuilt from the repository by every run; a replica in another region would add a copy, not recoverability.';
const ACCESS_LOGS_SSE_S3_REASON =
  'S3 server access log delivery only supports SSE-S3 destination buckets; this bucket holds only the access logs of the pipeline artifact bucket beside it.';
const ACCESS_LOGS_NOT_LOGGED_REASON =
  'This bucket is the access-log destination of the pipeline artifact bucket beside it; logging it into itself would loop.';
const ACCESS_LOGS_NO_REPLICATION_REASON =
  "Access logs of pipeline artifacts stay in the deployment account and region of the bucket they describe; a replica would add nothing the pipeline's history lacks.";
const CODEPIPELINE_SOURCE_REASON =
  "Source type CODEPIPELINE: the project has no repository URL and holds no credentials; the pipeline's CodeConnections connection reads the repository and hands the project an artifact.";
const ACCESS_LOGS_ID = 'ArtifactAccessLogs';
/** Access logs of artifacts are kept for a year, like the other access logs of the platform. */
const ACCESS_LOG_DAYS = 365;

/**
 * CodePipeline creates the artifact bucket and its cross-account key itself, in the pipeline stack
 * and in one support stack per other region it deploys to (`cross-region-stack-<account>:<region>`).
 * No prop reaches them, so they are corrected here on the L1 resources: each key rotates within the
 * policy's period, is retained (a deleted key would leave the artifacts and the kept deployed
 * assembly unreadable) and denies grants not made by an AWS service for an AWS resource; each
 * bucket is versioned, retained and writes server access logs to an access-log bucket beside it.
 * What cannot be fixed is acknowledged on the resource with its reason.
 */
export function hardenPipelineArtifacts(stacks: readonly Stack[], rotationDays: number): void {
  for (const stack of stacks) {
    // Pipelines of one account share the support stack of a region: harden it once.
    if (stack.node.tryFindChild(ACCESS_LOGS_ID) !== undefined) continue;
    for (const resource of stack.node.findAll()) {
      if (resource instanceof kms.CfnKey) {
        resource.enableKeyRotation = true;
        resource.rotationPeriodInDays = rotationDays;
        (resource as CfnResource).applyRemovalPolicy(RemovalPolicy.RETAIN);
        // As on every Rampart key: grants only through an AWS service acting for a principal.
        const key = resource.node.scope;
        if (key instanceof kms.Key) key.addToResourcePolicy(denyDirectGrantsStatement());
      }
      if (resource instanceof codebuild.CfnProject)
        acknowledgeInPacks(resource, 'CodeBuildProjectSourceRepoUrl', [PACKS.HIPAA, PACKS.PCI], CODEPIPELINE_SOURCE_REASON);
    }
    const artifacts = stack.node
      .findAll()
      .filter((c): c is s3.CfnBucket => c instanceof s3.CfnBucket && /ArtifactsBucket|ReplicationBucket/.test(c.node.path));
    artifacts.forEach((bucket, index) => logAccess(stack, bucket, index));
  }
}

function logAccess(stack: Stack, bucket: s3.CfnBucket, index: number): void {
  bucket.versioningConfiguration = { status: 'Enabled' };
  bucket.applyRemovalPolicy(RemovalPolicy.RETAIN);
  acknowledgeInPacks(bucket, 'S3BucketReplicationEnabled', COMPLIANCE_PACKS, ARTIFACTS_NO_REPLICATION_REASON);
  const logs = new SecureBucket(stack, `${ACCESS_LOGS_ID}${index === 0 ? '' : index + 1}`, {
    encryption: { s3Managed: { reason: ACCESS_LOGS_SSE_S3_REASON } },
    accessLogging: { disabled: { reason: ACCESS_LOGS_NOT_LOGGED_REASON } },
    withoutReplication: { reason: ACCESS_LOGS_NO_REPLICATION_REASON },
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(ACCESS_LOG_DAYS) }],
  });
  bucket.loggingConfiguration = { destinationBucketName: logs.bucket.bucketName, logFilePrefix: 'artifacts/' };
  // S3 delivers server access logs as its logging service, for this bucket only.
  logs.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'S3ServerAccessLogsOfArtifacts',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logs.bucket.arnForObjects('artifacts/*')],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': bucket.attrArn } },
    }),
  );
}
