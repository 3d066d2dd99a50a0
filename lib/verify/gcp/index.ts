import type { ControlId } from '../../promises/control-ids';
import type { ControlCheck } from '../types';
import { ARMOR_CHECKS } from './armor';
import { AUDIT_CHECKS } from './audit';
import { BACKUP_CHECKS } from './backups';
import { DETECTION_CHECKS } from './detection';
import { IAM_CHECKS } from './iam';
import { KEY_CHECKS } from './keys';
import { LIFECYCLE_CHECKS } from './lifecycle';
import { NETWORK_CHECKS } from './network';
import { NO_LOSS_CHECKS } from './no-loss';
import { PLACEMENT_CHECKS } from './placement';
import { SCANNING_CHECKS } from './scanning';
import { TRANSIT_CHECKS } from './transit';
import { TLS_CHECKS } from './tls';

/**
 * The Google Cloud (cdk.tf.json) checks of each control: one file per group of controls, each
 * reading the Terraform JSON as it will be applied (terraform.ts), never the config or the builder.
 */
export const GCP_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  ...KEY_CHECKS,
  ...TLS_CHECKS,
  ...NETWORK_CHECKS,
  ...ARMOR_CHECKS,
  ...AUDIT_CHECKS,
  ...BACKUP_CHECKS,
  ...LIFECYCLE_CHECKS,
  ...NO_LOSS_CHECKS,
  ...PLACEMENT_CHECKS,
  ...TRANSIT_CHECKS,
  ...IAM_CHECKS,
  ...SCANNING_CHECKS,
  ...DETECTION_CHECKS,
};
