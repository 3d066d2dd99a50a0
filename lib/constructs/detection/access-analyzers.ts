import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import { Construct } from 'constructs';
import { ACCESS_ANALYZER_FINDING_TYPES, ACCESS_REVIEW } from '../../promises/access-review';
import type { SecurityMonitoring } from '../audit/security-monitoring';

export interface AccessAnalyzersProps {
  /** Where findings go (`SecurityMonitoring`): a rule of this stack sends them to the alert topic. */
  readonly monitoring: SecurityMonitoring;
  /**
   * Also analyse unused access (roles, users, keys and permissions unused for
   * `ACCESS_REVIEW.unusedAccessAgeDays`). IAM is global: one unused-access analyzer per account is
   * enough (and each is billed per principal analysed), so only the stack that holds the account's
   * trail asks for it.
   */
  readonly unusedAccess: boolean;
}

/**
 * ACCESS-REVIEW: IAM Access Analyzer in this account and region. The external-access analyzer
 * (zone of trust: the account) reports every resource policy that grants access to a principal
 * outside the account; the unused-access analyzer, where asked, every role, user, access key or
 * permission unused for a quarter. Active findings of both go to the alert topic, and are the
 * evidence of the quarterly review (README, "People and access").
 */
export class AccessAnalyzers extends Construct {
  public readonly external: accessanalyzer.CfnAnalyzer;
  public readonly unused?: accessanalyzer.CfnAnalyzer;

  constructor(scope: Construct, id: string, props: AccessAnalyzersProps) {
    super(scope, id);
    this.external = new accessanalyzer.CfnAnalyzer(this, 'ExternalAccess', { type: 'ACCOUNT' });
    if (props.unusedAccess) {
      this.unused = new accessanalyzer.CfnAnalyzer(this, 'UnusedAccess', {
        type: 'ACCOUNT_UNUSED_ACCESS',
        analyzerConfiguration: { unusedAccessConfiguration: { unusedAccessAge: ACCESS_REVIEW.unusedAccessAgeDays } },
      });
    }
    props.monitoring.routeToAlerts(
      'Findings',
      {
        description: 'Active IAM Access Analyzer findings (external and unused access) to on-call',
        eventPattern: { source: ['aws.access-analyzer'], detailType: [...ACCESS_ANALYZER_FINDING_TYPES], detail: { status: ['ACTIVE'] } },
      },
      this,
    );
  }
}
