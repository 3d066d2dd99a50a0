import type { ControlId } from '../../promises/control-ids';
import type { ControlCheck } from '../types';

/** The Google Cloud (cdk.tf.json) checks of each control. */
export const GCP_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {};
