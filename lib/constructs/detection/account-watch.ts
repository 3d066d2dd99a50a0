import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { InspectorSeverity } from '../../promises/vulnerability-scanning';
import { PeopleAccess } from '../access/people-access';
import type { SecurityMonitoring } from '../audit/security-monitoring';
import { AccessAnalyzers } from './access-analyzers';
import { ActivityAlarms } from './activity-alarms';
import { SensitiveDataDiscovery } from './sensitive-data-discovery';
import { VulnerabilityScanning } from './vulnerability-scanning';

export interface AccountWatchProps {
  readonly monitoring: SecurityMonitoring;
  /** The account's trail log group where this stack holds the trail; undefined: another stack of the account does. */
  readonly trailLogGroup?: logs.ILogGroup;
  /** ACCESS-REVIEW: whether this stack analyses unused access (once per account). */
  readonly unusedAccess: boolean;
  /** VULN-SCAN: the lowest Inspector severity that reaches the alerts. */
  readonly vulnerabilityAlertSeverity: InspectorSeverity;
  /** ACCESS-MFA: the break-glass role's name and who may assume it (empty: no role). */
  readonly breakGlassRoleName: string;
  readonly breakGlassPrincipals: readonly string[];
}

/**
 * What watches people and what runs in an account, added by every stack that brings detection
 * (platform, enclave, account baseline): Access Analyzer, Inspector and Macie in its region, and, in the
 * stack holding the account's trail, the activity alarms and the MFA evidence with the break-glass
 * role. A function, not a construct: the constructs keep the ids (and logical ids) they have directly
 * under the stack.
 */
export function addAccountWatch(scope: Construct, props: AccountWatchProps): void {
  const { monitoring } = props;
  // ACCESS-REVIEW: external access in every region, unused access once per account.
  new AccessAnalyzers(scope, 'AccessAnalyzers', { monitoring, unusedAccess: props.unusedAccess });
  // VULN-SCAN: Inspector scans every image and function here; findings above the configured severity page.
  new VulnerabilityScanning(scope, 'VulnerabilityScanning', { monitoring, minimumAlertSeverity: props.vulnerabilityAlertSeverity });
  // DETECT-SENSITIVE-DATA: the account and region's one Macie session (the one stack with the watch here).
  new SensitiveDataDiscovery(scope, 'SensitiveDataDiscovery', { monitoring });
  if (props.trailLogGroup === undefined) return;
  // DETECT-ACTIVITY: once per account, on its trail's log group (every region's events land there).
  new ActivityAlarms(scope, 'ActivityAlarms', { trailLogGroup: props.trailLogGroup, monitoring });
  // ACCESS-MFA: MFA evidence and the break-glass role, once per account (with its trail).
  new PeopleAccess(scope, 'PeopleAccess', {
    monitoring,
    trailLogGroup: props.trailLogGroup,
    breakGlassRoleName: props.breakGlassRoleName,
    breakGlassPrincipals: props.breakGlassPrincipals,
  });
}
