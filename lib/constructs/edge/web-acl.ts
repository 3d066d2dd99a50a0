import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { retainedLogGroup } from '../logging/retained-log-group';

/** AWS managed rule groups every Rampart web ACL evaluates, in priority order after the custom rules. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Headers that carry credentials or sessions: never written to WAF logs. */
export const REDACTED_HEADERS = ['authorization', 'cookie'] as const;

/** WAF only delivers to CloudWatch log groups whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** WAF's bounds for a rate-based rule's limit (requests per 5-minute window per client IP). */
export const RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 } as const;

export interface WebAclProps {
  /** Name of the web ACL, its metrics and its log group (`aws-waf-logs-<name>`): letters, digits, `-`, `_`. */
  readonly name: string;
  /** Requests per 5 minutes from one client IP before the rate-based rule blocks it. */
  readonly rateLimitPer5Minutes: number;
  /**
   * Client IPv4 CIDRs blocked outright (custom rule, IP set).
   * @default []
   */
  readonly blockedCidrs?: readonly string[];
  /**
   * ISO 3166-1 alpha-2 country codes blocked outright (custom rule, geo match).
   * @default []
   */
  readonly blockedCountries?: readonly string[];
  /** Key encrypting the WAF log group (kept a year): the key ring's logs key (its policy admits CloudWatch Logs). */
  readonly logsKey: kms.IKey;
  /**
   * ARNs of the regional public endpoints (ALBs, API Gateway stages, ...) to protect; more can be
   * added with `associate()`.
   * @default []
   */
  readonly associatedResourceArns?: readonly string[];
}

/**
 * A regional WAFv2 web ACL for every public endpoint (control WAF): blocklists first (CIDRs,
 * countries), then a per-IP rate limit, then AWS's managed IP-reputation, anonymous-IP, common,
 * known-bad-inputs and SQL-injection rule groups; everything else is allowed. Every rule emits
 * metrics and sampled requests. Full logs go to a KMS-encrypted, retained CloudWatch log group with
 * the Authorization and Cookie headers redacted.
 *
 * The logs key needs no extra statement for WAF: log delivery to CloudWatch Logs is written by
 * CloudWatch Logs itself, which encrypts under the `logs.<region>.amazonaws.com` statement of the
 * key ring's logs key (scoped by the `aws:logs:arn` encryption context to this account's log
 * groups). WAF adds the log group resource policy for `delivery.logs.amazonaws.com` on first use.
 */
export class WebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly webAclArn: string;
  public readonly logGroup: logs.LogGroup;
  public readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;
  private associationCount = 0;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(props.name)) {
      throw new Error(`WebAcl ${this.node.path}: name must be 1..100 letters, digits, "-" or "_", got "${props.name}"`);
    }
    const limit = props.rateLimitPer5Minutes;
    if (!Number.isInteger(limit) || limit < RATE_LIMIT_BOUNDS.min || limit > RATE_LIMIT_BOUNDS.max) {
      throw new Error(
        `WebAcl ${this.node.path}: rateLimitPer5Minutes must be a whole number from ${RATE_LIMIT_BOUNDS.min} to ${RATE_LIMIT_BOUNDS.max}, got ${limit}`,
      );
    }
    for (const cidr of props.blockedCidrs ?? []) {
      if (!/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(cidr)) {
        throw new Error(`WebAcl ${this.node.path}: blockedCidrs must hold IPv4 CIDR blocks such as "203.0.113.0/24", got "${cidr}"`);
      }
    }
    for (const country of props.blockedCountries ?? []) {
      if (!/^[A-Z]{2}$/.test(country)) {
        throw new Error(`WebAcl ${this.node.path}: blockedCountries must hold ISO 3166-1 alpha-2 codes such as "KP", got "${country}"`);
      }
    }

    const visibility = (metric: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `${props.name}-${metric}`,
      sampledRequestsEnabled: true,
    });
    const rules: wafv2.CfnWebACL.RuleProperty[] = [];
    const next = () => rules.length;

    if (props.blockedCidrs && props.blockedCidrs.length > 0) {
      const ipSet = new wafv2.CfnIPSet(this, 'BlockedCidrs', {
        name: `${props.name}-blocked-cidrs`,
        scope: 'REGIONAL',
        ipAddressVersion: 'IPV4',
        addresses: [...props.blockedCidrs],
        description: 'Client CIDRs blocked by configuration: platform.waf.blockedCidrs',
      });
      rules.push({
        name: 'BlockedCidrs',
        priority: next(),
        action: { block: {} },
        statement: { ipSetReferenceStatement: { arn: ipSet.attrArn } },
        visibilityConfig: visibility('BlockedCidrs'),
      });
    }
    if (props.blockedCountries && props.blockedCountries.length > 0) {
      rules.push({
        name: 'BlockedCountries',
        priority: next(),
        action: { block: {} },
        statement: { geoMatchStatement: { countryCodes: [...props.blockedCountries] } },
        visibilityConfig: visibility('BlockedCountries'),
      });
    }
    rules.push({
      name: 'RateLimitPerIp',
      priority: next(),
      action: { block: {} },
      statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
      visibilityConfig: visibility('RateLimitPerIp'),
    });
    for (const group of MANAGED_RULE_GROUPS) {
      rules.push({
        name: group,
        priority: next(),
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
        visibilityConfig: visibility(group),
      });
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'Rampart web ACL: blocklists, per-IP rate limit and AWS managed rule groups',
      rules,
      visibilityConfig: visibility('WebAcl'),
    });
    this.webAclArn = this.webAcl.attrArn;

    const logGroupName = `${WAF_LOG_GROUP_PREFIX}${props.name}`;
    this.logGroup = retainedLogGroup(this, 'LogGroup', { logGroupName, encryptionKey: props.logsKey, pinAs: 'Logs' });
    // WAF wants the log group ARN without the trailing `:*` that LogGroup.logGroupArn carries.
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.loggingConfiguration = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    this.loggingConfiguration.node.addDependency(this.logGroup);

    for (const arn of props.associatedResourceArns ?? []) this.associate(arn);
  }

  /** Protects one more regional endpoint (ALB, API Gateway stage, AppSync API, Cognito pool) with this ACL. */
  public associate(resourceArn: string, id?: string): wafv2.CfnWebACLAssociation {
    this.associationCount += 1;
    return new wafv2.CfnWebACLAssociation(this, id ?? `Association${this.associationCount}`, {
      resourceArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
