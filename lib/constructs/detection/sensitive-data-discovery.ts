import { Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as macie from 'aws-cdk-lib/aws-macie';
import { Construct } from 'constructs';
import {
  MACIE_DETAIL_TYPE,
  MACIE_DIGEST_SEVERITIES,
  MACIE_DISCOVERY_CONFIG_RULE,
  MACIE_DISCOVERY_RULE_UNAVAILABLE_REGIONS,
  MACIE_FINDING_PUBLISHING_FREQUENCY,
  MACIE_PAGED_SEVERITIES,
  MACIE_SOURCE,
} from '../../promises/sensitive-data';
import type { SecurityMonitoring } from '../audit/security-monitoring';

export interface SensitiveDataDiscoveryProps {
  /** Where findings go (`SecurityMonitoring`); its recorder must exist before the Config rule. */
  readonly monitoring: SecurityMonitoring;
}

/**
 * DETECT-SENSITIVE-DATA: Amazon Macie in this account and region, so personal data stored where it
 * should not be (a log, an export, the wrong bucket) is found and reaches on-call.
 *
 * - The Macie session (`AWS::Macie::Session`, one per account and region: built by the one stack
 *   that holds the account watch there) is ENABLED and publishes recurring findings every 15 minutes.
 *   It inventories every bucket and reports policy findings (a bucket made public, unencrypted,
 *   shared) from the start.
 * - Looking inside the objects (automated sensitive data discovery, or a classification job) has no
 *   CloudFormation resource: it is a documented first-deploy step, and the AWS Config managed rule
 *   MACIE_AUTO_SENSITIVE_DATA_DISCOVERY_CHECK reports it off, which pages (where AWS Config offers the
 *   rule).
 * - High findings page (alert and page topics), Medium go to the digest, both under the alerts key.
 */
export class SensitiveDataDiscovery extends Construct {
  public readonly session: macie.CfnSession;
  /** The Config rule that reports automated discovery off; undefined where AWS Config does not offer it. */
  public readonly discoveryCheck?: config.CfnConfigRule;

  constructor(scope: Construct, id: string, props: SensitiveDataDiscoveryProps) {
    super(scope, id);
    const { monitoring } = props;
    this.session = new macie.CfnSession(this, 'Session', {
      status: 'ENABLED',
      findingPublishingFrequency: MACIE_FINDING_PUBLISHING_FREQUENCY,
    });

    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || !MACIE_DISCOVERY_RULE_UNAVAILABLE_REGIONS.includes(region)) {
      const check = new config.CfnConfigRule(this, 'AutomatedDiscoveryEnabled', {
        description: 'DETECT-SENSITIVE-DATA: Amazon Macie automated sensitive data discovery is on in this account and region',
        source: { owner: 'AWS', sourceIdentifier: MACIE_DISCOVERY_CONFIG_RULE },
        maximumExecutionFrequency: 'TwentyFour_Hours',
      });
      // Config refuses rules before its recorder; the rule reads Macie, which the session enables.
      check.node.addDependency(monitoring.recorder, this.session);
      this.discoveryCheck = check;
      monitoring.routeToAlerts(
        'DiscoveryOff',
        {
          description: 'Amazon Macie automated sensitive data discovery found off in this account and region (AWS Config) to on-call',
          eventPattern: {
            source: ['aws.config'],
            detailType: ['Config Rules Compliance Change'],
            detail: { configRuleName: [check.ref], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
          },
        },
        this,
      );
    }

    monitoring.routeToAlerts(
      'HighFindings',
      {
        description: `Amazon Macie findings of severity ${MACIE_PAGED_SEVERITIES.join(', ')} to on-call`,
        eventPattern: {
          source: [MACIE_SOURCE],
          detailType: [MACIE_DETAIL_TYPE],
          detail: { severity: { description: [...MACIE_PAGED_SEVERITIES] } },
        },
      },
      this,
    );
    monitoring.routeToDigest(
      'MediumFindings',
      {
        description: `Amazon Macie findings of severity ${MACIE_DIGEST_SEVERITIES.join(', ')} to the digest`,
        eventPattern: {
          source: [MACIE_SOURCE],
          detailType: [MACIE_DETAIL_TYPE],
          detail: { severity: { description: [...MACIE_DIGEST_SEVERITIES] } },
        },
      },
      this,
    );
  }
}
