import type { ControlId } from '../../promises/control-ids';
import type { ControlCheck } from '../types';

/** The AWS (CloudFormation template) checks of each control. */
export const AWS_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {};
