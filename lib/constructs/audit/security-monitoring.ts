import { Lazy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  GUARDDUTY_HIGH_MIN_SEVERITY,
  GUARDDUTY_MEDIUM_MIN_SEVERITY,
  PAGING_ENDPOINT,
  SECURITY_HUB_DIGEST_LABELS,
} from '../../promises/alert-routing';
import { RampartKey } from '../keys/rampart-key';
import { admitAlarmsOfThisAccount } from './alarm-publishing';

/** Security Hub standards Rampart enables, by the path after `standards/` in their regional ARN. */
export const SECURITY_HUB_STANDARDS = {
  FoundationalBestPractices: 'aws-foundational-security-best-practices/v/1.0.0',
  CisFoundations: 'cis-aws-foundations-benchmark/v/3.0.0',
  Nist80053: 'nist-800-53/v/5.0.0',
  PciDss: 'pci-dss/v/3.2.1',
} as const;

/** `arn:aws:securityhub:<region>::standards/<path>` (the region-specific form CloudFormation needs). */
export function standardArn(region: string, path: string): string {
  return `arn:aws:securityhub:${region}::standards/${path}`;
}

/** GuardDuty severities 7.0-8.9 are High, 9.0-10.0 Critical. */
export const GUARDDUTY_MIN_SEVERITY = GUARDDUTY_HIGH_MIN_SEVERITY;
export const SECURITY_HUB_ALERT_LABELS = ['HIGH', 'CRITICAL'] as const;

/** Config snapshots and history land under this prefix of the log archive. */
export const CONFIG_PREFIX = 'config';

export interface SecurityMonitoringProps {
  /**
   * Rotation period of the topic's key (policy.keyRotation.awsMaxDays; stacks pass the plan's).
   * @default PUBLISHED_POLICY.keyRotation.awsMaxDays, RampartKey's default
   */
  readonly rotationPeriodDays?: number;
  /** Where alerts go (the 24/7 on-call address); confirmed by the recipient once. */
  readonly alertEmail: string;
  /**
   * DETECT: an HTTPS endpoint that pages a person (an incident tool's SNS integration URL or a chat
   * webhook), subscribed to the page topic; the endpoint confirms the subscription once.
   * @default - no subscription: the page topic is built, nothing pages, and the verifier says so
   */
  readonly pagingEndpoint?: string;
  /**
   * DETECT: the address medium-severity findings go to (the digest topic's email subscription).
   * @default - alertEmail
   */
  readonly digestEmail?: string;
  /** Alias of the small key that encrypts the alert topic, e.g. `alias/example-saas/prod/alerts`. */
  readonly alertsKeyAlias: string;
  /** The log archive bucket (`LogArchive.bucket`): AWS Config delivers snapshots and history there. */
  readonly archiveBucket: s3.IBucket;
  /** The key that encrypts the archive (the logs key); Config encrypts its deliveries with it. */
  readonly archiveKey: kms.IKey;
  /**
   * Record IAM and other global resource types. Exactly one region per account should (the
   * primary), or every global change is recorded, and billed, once per region.
   */
  readonly recordGlobalResources: boolean;
}

/**
 * 24/7 automated detection (control DETECT): Security Hub with the FSBP, CIS 3.0, NIST 800-53 r5 and
 * PCI DSS 3.2.1 standards, an AWS Config recorder of every supported resource type delivering to the
 * log archive, and EventBridge rules that send high and critical GuardDuty and Security Hub
 * findings to an SNS topic encrypted with its own key, reachable over TLS only, mailed to on-call,
 * and to a page topic under the same key whose HTTPS subscription pages a person; medium findings
 * go to a digest topic (email, never paged).
 */
export class SecurityMonitoring extends Construct {
  public readonly hub: securityhub.CfnHub;
  public readonly alertTopic: sns.Topic;
  /** High and critical only, to the paging endpoint (DETECT): the same events as the alert topic. */
  public readonly pageTopic: sns.Topic;
  /** Medium findings (DETECT): read in working hours, never paged. */
  public readonly digestTopic: sns.Topic;
  public readonly alertsKey: kms.Key;
  public readonly recorder: config.CfnConfigurationRecorder;
  /** Every EventBridge rule that publishes to the alert and page topics: they admit EventBridge for these alone. */
  private readonly routedRules: events.Rule[] = [];
  /** Every EventBridge rule that publishes to the digest topic. */
  private readonly digestRules: events.Rule[] = [];
  /** Whether the alert and page topics (and the alerts key) admit this account's CloudWatch alarms yet. */
  private alarmsAdmitted = false;
  private readonly targets: events.IRuleTarget[];
  private readonly digestTarget: events.IRuleTarget;

  constructor(scope: Construct, id: string, props: SecurityMonitoringProps) {
    super(scope, id);
    const where = `SecurityMonitoring ${this.node.path}`;
    const stack = Stack.of(this);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.alertEmail)) {
      throw new Error(`${where}: alertEmail must be an email address, got "${props.alertEmail}"`);
    }
    if (props.digestEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.digestEmail)) {
      throw new Error(`${where}: digestEmail must be an email address, got "${props.digestEmail}"`);
    }
    if (props.pagingEndpoint !== undefined && !PAGING_ENDPOINT.test(props.pagingEndpoint)) {
      throw new Error(`${where}: pagingEndpoint must be an https:// URL, got "${props.pagingEndpoint}"`);
    }

    // Security Hub, with the standards chosen explicitly rather than AWS's changing defaults.
    this.hub = new securityhub.CfnHub(this, 'Hub', {
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    Object.values(SECURITY_HUB_STANDARDS).forEach((path) => {
      const standard = new securityhub.CfnStandard(this, `Standard${path.split('/')[0].replace(/[^A-Za-z0-9]/g, '')}`, {
        standardsArn: standardArn(stack.region, path),
      });
      standard.node.addDependency(this.hub);
    });

    // AWS Config: every supported resource type, global ones only where asked. It records with the
    // service-linked role `AWSServiceRoleForConfig`, which must exist: AWS creates it when Config is
    // first enabled, or `aws iam create-service-linked-role --aws-service-name config.amazonaws.com`.
    const roleArn = `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.recordGlobalResources },
    });
    const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: props.archiveBucket.bucketName,
      s3KeyPrefix: CONFIG_PREFIX,
      s3KmsKeyArn: props.archiveKey.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.node.addDependency(this.recorder); // Config refuses a delivery channel before its recorder.
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
    const configPrincipal = new iam.ServicePrincipal('config.amazonaws.com');
    const bucketCheck = props.archiveBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigChecksBucket',
        principals: [configPrincipal],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [props.archiveBucket.bucketArn],
        conditions: fromThisAccount,
      }),
    );
    props.archiveBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigDelivers',
        principals: [configPrincipal],
        actions: ['s3:PutObject'],
        resources: [props.archiveBucket.arnForObjects(`${CONFIG_PREFIX}/AWSLogs/${stack.account}/Config/*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    if (bucketCheck.policyDependable) channel.node.addDependency(bucketCheck.policyDependable);

    // Alerts: a dedicated key whose policy lets EventBridge encrypt messages for the topic.
    this.alertsKey = new RampartKey(this, 'AlertsKey', {
      alias: props.alertsKeyAlias,
      rotationPeriodDays: props.rotationPeriodDays,
      description: 'Rampart alerts key: the security alert topic only',
      viaServices: ['sns'],
      servicePrincipalStatements: [
        new iam.PolicyStatement({
          sid: 'EventBridgePublishesAlerts',
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: fromThisAccount,
        }),
      ],
    }).key;
    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'Rampart security alerts',
      masterKey: this.alertsKey,
      enforceSSL: true,
    });
    this.alertTopic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));
    // Severity routing: what pages a person goes to its own topic (an HTTPS endpoint must not also
    // receive the digest), what waits for working hours to another; both under the alerts key.
    this.pageTopic = new sns.Topic(this, 'PageTopic', {
      displayName: 'Rampart security pages (high and critical)',
      masterKey: this.alertsKey,
      enforceSSL: true,
    });
    if (props.pagingEndpoint !== undefined) {
      this.pageTopic.addSubscription(new subscriptions.UrlSubscription(props.pagingEndpoint, { protocol: sns.SubscriptionProtocol.HTTPS }));
    }
    this.digestTopic = new sns.Topic(this, 'DigestTopic', {
      displayName: 'Rampart security digest (medium)',
      masterKey: this.alertsKey,
      enforceSSL: true,
    });
    this.digestTopic.addSubscription(new subscriptions.EmailSubscription(props.digestEmail ?? props.alertEmail));

    // Not targets.SnsTopic: it adds an unconditioned topic statement and an unconditioned key grant
    // for EventBridge. These targets only name the topics; the statements below admit EventBridge for
    // the routed rules of this account alone (the key's EventBridgePublishesAlerts is scoped likewise).
    const topicArn = this.alertTopic.topicArn;
    const pageArn = this.pageTopic.topicArn;
    const digestArn = this.digestTopic.topicArn;
    this.targets = [{ bind: () => ({ arn: topicArn }) }, { bind: () => ({ arn: pageArn }) }];
    this.digestTarget = { bind: () => ({ arn: digestArn }) };
    this.routeToAlerts('GuardDutyHighFindings', {
      description: `GuardDuty findings of severity ${GUARDDUTY_MIN_SEVERITY} or more (High, Critical) to on-call`,
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: events.Match.greaterThanOrEqual(GUARDDUTY_MIN_SEVERITY) },
      },
    });
    this.routeToAlerts('SecurityHubHighFindings', {
      description: 'New, active Security Hub findings labelled HIGH or CRITICAL to on-call',
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: { findings: { Severity: { Label: [...SECURITY_HUB_ALERT_LABELS] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] } },
      },
    });
    this.routeToDigest('GuardDutyMediumFindings', {
      description: `GuardDuty findings of severity ${GUARDDUTY_MEDIUM_MIN_SEVERITY} to below ${GUARDDUTY_MIN_SEVERITY} (Medium) to the digest`,
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', GUARDDUTY_MEDIUM_MIN_SEVERITY, '<', GUARDDUTY_MIN_SEVERITY] }] },
      },
    });
    this.routeToDigest('SecurityHubMediumFindings', {
      description: 'New, active Security Hub findings labelled MEDIUM to the digest',
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: { findings: { Severity: { Label: [...SECURITY_HUB_DIGEST_LABELS] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] } },
      },
    });
    const ruleArns = Lazy.list({ produce: () => this.routedRules.map((r) => r.ruleArn) });
    const digestRuleArns = Lazy.list({ produce: () => this.digestRules.map((r) => r.ruleArn) });
    const publishes = (sid: string, arn: string, rules: string[]) =>
      new iam.PolicyStatement({
        sid,
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [arn],
        conditions: { ArnEquals: { 'aws:SourceArn': rules }, ...fromThisAccount },
      });
    this.alertTopic.addToResourcePolicy(publishes('EventBridgeRulesOfThisStackPublish', topicArn, ruleArns));
    this.pageTopic.addToResourcePolicy(publishes('EventBridgeRulesOfThisStackPublish', pageArn, ruleArns));
    this.digestTopic.addToResourcePolicy(publishes('EventBridgeDigestRulesOfThisStackPublish', digestArn, digestRuleArns));
  }

  /** The topics a high-severity alarm acts on: the alert topic (email) and the page topic. */
  public get alarmTopics(): readonly sns.ITopic[] {
    return [this.alertTopic, this.pageTopic];
  }

  /**
   * The actions of a high-severity CloudWatch alarm of this stack: publish to the alert topic and the
   * page topic. The first call lets CloudWatch publish there for this account's alarms only (the
   * topics' statements, and the alerts key's): a stack without alarms admits no CloudWatch.
   */
  public alarmActions(): cloudwatch.IAlarmAction[] {
    if (!this.alarmsAdmitted) admitAlarmsOfThisAccount(this, this.alarmTopics, this.alertsKey);
    this.alarmsAdmitted = true;
    return this.alarmTopics.map((t) => ({ bind: () => ({ alarmActionArn: t.topicArn }) }));
  }

  /**
   * An EventBridge rule of this stack that sends matching (high or critical) events to the alert
   * topic and the page topic; their policies admit EventBridge for exactly the rules routed here (by
   * ARN, this account only).
   */
  public routeToAlerts(
    id: string,
    props: { readonly description: string; readonly eventPattern: events.EventPattern },
    scope: Construct = this,
  ): events.Rule {
    const rule = new events.Rule(scope, id, { ...props, targets: this.targets });
    this.routedRules.push(rule);
    return rule;
  }

  /** An EventBridge rule of this stack that sends matching (medium) events to the digest topic only. */
  public routeToDigest(
    id: string,
    props: { readonly description: string; readonly eventPattern: events.EventPattern },
    scope: Construct = this,
  ): events.Rule {
    const rule = new events.Rule(scope, id, { ...props, targets: [this.digestTarget] });
    this.digestRules.push(rule);
    return rule;
  }
}
