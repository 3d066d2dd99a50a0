import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { pinLogicalId } from '../pin-logical-id';
import { retainedLogGroup } from '../logging/retained-log-group';

export interface AuditTrailProps {
  /** Deterministic trail name. */
  readonly trailName: string;
  /** The Object-Locked log archive bucket (`LogArchive.bucket`); the trail adds its delivery statements to its policy. */
  readonly archiveBucket: s3.IBucket;
  /** The logs key: encrypts log files and the CloudWatch log group (its policy must allow CloudTrail and CloudWatch Logs). */
  readonly encryptionKey: kms.IKey;
  /**
   * S3 data events (object-level reads and writes) are recorded on every bucket of the account (in
   * every region) except these: the trail's own destinations and other log buckets, where recording
   * the log deliveries themselves would only echo them. Covers buckets created later (e.g. a new
   * tenant's) without changing the trail, and is not limited to CloudTrail's 250 named data resources.
   */
  readonly dataEventsOnEveryBucketExcept: readonly s3.IBucket[];
}

/**
 * The account's CloudTrail (control AUDIT): all regions, global service events, every management
 * event, S3 data events on every bucket but the log destinations, log file validation, Insights on
 * API call and error rates (control DETECT), KMS-encrypted with the logs key, delivered to the
 * Object-Locked archive and to a KMS-encrypted log group kept a year for alerting (the archive keeps
 * the files longer). Trail and log group are retained under pinned logical ids.
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.Trail;
  public readonly logGroup: logs.LogGroup;
  /** Role CloudTrail assumes to write into `logGroup`. */
  public readonly logsRole: iam.Role;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const everyBucketExcept = props.dataEventsOnEveryBucketExcept;
    this.logGroup = retainedLogGroup(this, 'LogGroup', {
      logGroupName: `/rampart/cloudtrail/${props.trailName}`,
      encryptionKey: props.encryptionKey,
      pinAs: 'LogGroup',
    });

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: props.trailName,
      bucket: props.archiveBucket,
      encryptionKey: props.encryptionKey,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      // CloudWatch Logs delivery is wired below with a role whose permissions are a customer-managed
      // policy: the L2's own role carries an inline policy, which the compliance packs reject.
      sendToCloudWatchLogs: false,
      insightTypes: [cloudtrail.InsightType.API_CALL_RATE, cloudtrail.InsightType.API_ERROR_RATE],
    });
    const cfn = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    // Management events are selected by the advanced selectors, and a trail takes basic or advanced
    // selectors, never both: drop the L2's (empty) basic list.
    cfn.addPropertyDeletionOverride('EventSelectors');
    cfn.advancedEventSelectors = [
      { name: 'Every management event', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      {
        name: 'S3 data events on every bucket but the log destinations',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          ...(everyBucketExcept.length > 0 ? [{ field: 'resources.ARN', notStartsWith: everyBucketExcept.map((b) => `${b.bucketArn}/`) }] : []),
        ],
      },
    ];
    this.logsRole = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `CloudTrail ${props.trailName}: deliver events to its CloudWatch log group`,
    });
    const deliver = new iam.ManagedPolicy(this, 'LogsDelivery', {
      description: `CloudTrail ${props.trailName}: write to ${this.logGroup.node.path} only`,
      roles: [this.logsRole],
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] })],
    });
    cfn.cloudWatchLogsLogGroupArn = this.logGroup.logGroupArn;
    cfn.cloudWatchLogsRoleArn = this.logsRole.roleArn;
    cfn.node.addDependency(deliver);
    this.trail.applyRemovalPolicy(RemovalPolicy.RETAIN);
    pinLogicalId(this, this.trail.node.defaultChild, '');
  }
}
