import type { GcpStackPlan } from '../plan/gcp-plans';

/** Labels every resource gets through the provider's default_labels. */
export function defaultLabels(plan: GcpStackPlan): Record<string, string> {
  return {
    managed_by: 'rampart',
    rampart_organization: plan.organization,
    rampart_environment: plan.environment,
    rampart_residency: plan.variant,
  };
}

/** Cloud Storage bucket names are global: derive them from the (globally unique) project id. */
export function bucketName(plan: GcpStackPlan, role: 'recordings' | 'backups'): string {
  return `${plan.project}-${role}-${plan.variant}`;
}
