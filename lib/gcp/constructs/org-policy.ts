import { Construct } from 'constructs';
import { OrgPolicyPolicy } from '../bindings';

/** The Google-maintained value group of every EU location (regions, zones and the EU multi-region). */
export const EU_LOCATIONS_VALUE_GROUP = 'in:eu-locations';

export interface EuResourceLocationsProps {
  /** Project the EU stack deploys into; the policy applies to the whole project. */
  readonly project: string;
}

/**
 * Organization policy `gcp.resourceLocations` on the EU project: new resources may only be
 * created in EU locations, whatever tool creates them (control RESIDENCY-EU). Managing it needs
 * the Organization Policy Administrator role, which exists only at organization level, hence it is
 * created only when `gcp.organizationId` is configured.
 */
export class EuResourceLocations extends Construct {
  readonly policy: OrgPolicyPolicy;

  constructor(scope: Construct, id: string, props: EuResourceLocationsProps) {
    super(scope, id);
    this.policy = new OrgPolicyPolicy(this, 'policy', {
      name: `projects/${props.project}/policies/gcp.resourceLocations`,
      parent: `projects/${props.project}`,
      spec: { inheritFromParent: false, rules: [{ values: { allowedValues: [EU_LOCATIONS_VALUE_GROUP] } }] },
    });
  }
}
