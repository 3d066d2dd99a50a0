import type { ControlId } from '../../promises/control-ids';
import type { ControlCheck } from '../types';
import { ACCESS_REVIEW_CHECKS } from './access-review';
import { ACTIVITY_ALARM_CHECKS } from './activity-alarms';
import { ALERT_ROUTING_CHECKS } from './alert-routing';
import { AUDIT_DETECTION_CHECKS } from './audit-detection';
import { DATA_LIFECYCLE_CHECKS } from './data-lifecycle';
import { DEPLOY_TIME_CHECKS } from './deploy-time-functions';
import { EDGE_CHECKS } from './edge';
import { ERASURE_RETENTION_CHECKS } from './erasure-retention';
import { IAC_REVIEW_CHECKS } from './iac-review';
import { IDENTITY_IMAGE_CHECKS } from './identity-images';
import { JUST_IN_TIME_CHECKS } from './just-in-time';
import { LEAST_PRIVILEGE_CHECKS } from './least-privilege';
import { ENCRYPTION_CHECKS } from './encryption';
import { NETWORK_CHECKS } from './network';
import { PEOPLE_ACCESS_CHECKS } from './people-access';
import { PLACEMENT_CHECKS } from './placement';
import { SENSITIVE_DATA_CHECKS } from './sensitive-data';
import { TENANT_SCHEMA_CHECKS } from './tenant-schemas';
import { TRANSIT_CHECKS } from './transit';
import { VULNERABILITY_SCANNING_CHECKS } from './vulnerability-scanning';

type Checks = Partial<Record<ControlId, readonly ControlCheck[]>>;

/** One table of checks per control from several modules: a control two modules check keeps both modules' checks. */
function merged(...tables: readonly Checks[]): Checks {
  const all: Partial<Record<ControlId, ControlCheck[]>> = {};
  for (const table of tables) {
    for (const [id, checks] of Object.entries(table) as [ControlId, readonly ControlCheck[]][]) all[id] = [...(all[id] ?? []), ...checks];
  }
  return all;
}

/** The AWS (CloudFormation template) checks of each control. */
export const AWS_CHECKS: Checks = merged(
  ENCRYPTION_CHECKS,
  EDGE_CHECKS,
  NETWORK_CHECKS,
  AUDIT_DETECTION_CHECKS,
  ALERT_ROUTING_CHECKS,
  ACTIVITY_ALARM_CHECKS,
  SENSITIVE_DATA_CHECKS,
  ACCESS_REVIEW_CHECKS,
  PEOPLE_ACCESS_CHECKS,
  JUST_IN_TIME_CHECKS,
  DATA_LIFECYCLE_CHECKS,
  ERASURE_RETENTION_CHECKS,
  PLACEMENT_CHECKS,
  TRANSIT_CHECKS,
  IDENTITY_IMAGE_CHECKS,
  LEAST_PRIVILEGE_CHECKS,
  VULNERABILITY_SCANNING_CHECKS,
  DEPLOY_TIME_CHECKS,
  IAC_REVIEW_CHECKS,
  TENANT_SCHEMA_CHECKS,
);
