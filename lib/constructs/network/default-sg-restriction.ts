import { CfnResource, Lazy, Stack, TagManager } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { retainedLogGroup } from '../logging/retained-log-group';

/**
 * The stack-level provider aws-cdk-lib adds for `restrictDefaultSecurityGroup: true` (one per stack,
 * shared by its VPCs): a Lambda function and its role that remove every rule of the VPC's default
 * security group at deploy time (aws-ec2/lib/vpc.ts, `Custom::VpcRestrictDefaultSG`).
 */
export const DEFAULT_SG_PROVIDER_ID = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/** Providers already given a log group and tags (by the stack's first VPC); nothing is written into the template for it. */
const HARDENED = new WeakSet<CfnResource>();

export interface DefaultSgRestrictionProps {
  /** The VPC whose default security group the provider closes. */
  readonly vpc: ec2.Vpc;
  /** The key ring's logs key: the handler's log group is encrypted with it. */
  readonly logsKey: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly retention?: logs.RetentionDays;
}

/**
 * Makes the default-security-group provider a resource like any other instead of a blind spot. The
 * provider is raw `CfnResource`s (not `CfnFunction`/`CfnRole`), so the cdk-nag packs never evaluate
 * it, `Tags.of(stack)` never tags it, and its function would log to a log group Lambda creates at run
 * time: unencrypted and kept forever, outside the template.
 *
 * - its logs go to a log group of this construct, under the logs key, with a retention, retained
 *   (the function's `LoggingConfig`; the role's AWSLambdaBasicExecutionRole may write to it);
 * - the function and its role carry the tags the VPC carries (a tenant's cost tags; not `Name`).
 *
 * Closing the default group needs no other way in CloudFormation: no resource type removes a default
 * security group's rules, and without the provider the compliance packs' VPCDefaultSecurityGroupClosed
 * fails every VPC. The evidence verifier proves from the template that the provider closes each
 * VPC's default group and may change nothing else (NET-ISOLATION default-sg-closed, LEAST-PRIV
 * deploy-time-function-scoped).
 */
export class DefaultSgRestriction extends Construct {
  public readonly logGroup?: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DefaultSgRestrictionProps) {
    super(scope, id);
    const provider = Stack.of(this).node.tryFindChild(DEFAULT_SG_PROVIDER_ID);
    if (provider === undefined) {
      throw new Error(`DefaultSgRestriction ${this.node.path}: the VPC has no ${DEFAULT_SG_PROVIDER_ID} (restrictDefaultSecurityGroup must be true)`);
    }
    const handler = provider.node.findChild('Handler') as CfnResource;
    const role = provider.node.findChild('Role') as CfnResource;
    // One provider per stack: the first VPC of the stack gives it its log group.
    if (!HARDENED.has(handler)) {
      HARDENED.add(handler);
      this.logGroup = retainedLogGroup(this, 'Logs', { encryptionKey: props.logsKey, retention: props.retention, pinAs: 'Logs' });
      handler.addPropertyOverride('LoggingConfig', { LogFormat: 'Text', LogGroup: this.logGroup.logGroupName });
      const vpcTags = (props.vpc.node.defaultChild as ec2.CfnVPC).tags;
      const tags = Lazy.any({ produce: () => inheritedTags(vpcTags) }, { omitEmptyArray: true });
      handler.addPropertyOverride('Tags', tags);
      role.addPropertyOverride('Tags', tags);
    }
  }
}

/**
 * The VPC's tags but its `Name` (which names the VPC, not the provider), in CloudFormation's casing:
 * a TagManager renders the L1 form (`key`/`value`), which only a generated Cfn class re-cases.
 */
function inheritedTags(vpcTags: TagManager): { Key: string; Value: string }[] | undefined {
  const rendered = (vpcTags.renderTags() ?? []) as { key: string; value: string }[];
  const kept = rendered.filter((t) => t.key !== 'Name').map((t) => ({ Key: t.key, Value: t.value }));
  return kept.length > 0 ? kept : undefined;
}
