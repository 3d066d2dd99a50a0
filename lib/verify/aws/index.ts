import type { ControlId } from '../../promises/control-ids';
import type { ControlCheck } from '../types';
import { ACCESS_REVIEW_CHECKS } from './access-review';
import { ACTIVITY_ALARM_CHECKS } from './activity-alarms';
import { AUDIT_DETECTION_CHECKS } from './audit-detection';
import { DATA_LIFECYCLE_CHECKS } from './data-lifecycle';
import { EDGE_CHECKS } from './edge';
import { ERASURE_RETENTION_CHECKS } from './erasure-retention';
import { IDENTITY_IMAGE_CHECKS } from './identity-images';
import { JUST_IN_TIME_CHECKS } from './just-in-time';
import { LEAST_PRIVILEGE_CHECKS } from './least-privilege';
import { ENCRYPTION_CHECKS } from './encryption';
import { NETWORK_CHECKS } from './network';
import { PEOPLE_ACCESS_CHECKS } from './people-access';
import { PLACEMENT_CHECKS } from './placement';
import { TRANSIT_CHECKS } from './transit';
import { VULNERABILITY_SCANNING_CHECKS } from './vulnerability-scanning';

/** The AWS (CloudFormation template) checks of each control. */
export const AWS_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  ...ENCRYPTION_CHECKS,
  ...EDGE_CHECKS,
  ...NETWORK_CHECKS,
  ...AUDIT_DETECTION_CHECKS,
  ...ACTIVITY_ALARM_CHECKS,
  ...ACCESS_REVIEW_CHECKS,
  ...PEOPLE_ACCESS_CHECKS,
  ...JUST_IN_TIME_CHECKS,
  ...DATA_LIFECYCLE_CHECKS,
  ...ERASURE_RETENTION_CHECKS,
  ...PLACEMENT_CHECKS,
  ...TRANSIT_CHECKS,
  ...IDENTITY_IMAGE_CHECKS,
  'LEAST-PRIV': [...(IDENTITY_IMAGE_CHECKS['LEAST-PRIV'] ?? []), ...(LEAST_PRIVILEGE_CHECKS['LEAST-PRIV'] ?? [])],
  'VULN-SCAN': [...(IDENTITY_IMAGE_CHECKS['VULN-SCAN'] ?? []), ...(VULNERABILITY_SCANNING_CHECKS['VULN-SCAN'] ?? [])],
};
