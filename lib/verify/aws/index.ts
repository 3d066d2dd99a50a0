import type { ControlId } from '../../promises/control-ids';
import type { ControlCheck } from '../types';
import { AUDIT_DETECTION_CHECKS } from './audit-detection';
import { DATA_LIFECYCLE_CHECKS } from './data-lifecycle';
import { DEPLOY_TIME_CHECKS } from './deploy-time-functions';
import { EDGE_CHECKS } from './edge';
import { ERASURE_RETENTION_CHECKS } from './erasure-retention';
import { IDENTITY_IMAGE_CHECKS } from './identity-images';
import { ENCRYPTION_CHECKS } from './encryption';
import { NETWORK_CHECKS } from './network';
import { PLACEMENT_CHECKS } from './placement';
import { TRANSIT_CHECKS } from './transit';

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
  DATA_LIFECYCLE_CHECKS,
  ERASURE_RETENTION_CHECKS,
  PLACEMENT_CHECKS,
  TRANSIT_CHECKS,
  IDENTITY_IMAGE_CHECKS,
  DEPLOY_TIME_CHECKS,
);
