import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { resolvedProperties } from '../resolve';
import { RampartRule } from '../rule';

/** CDK's offline stand-ins for zones it could not look up (`dummy1a`, `dummy1b`, ...). */
const PLACEHOLDER_ZONE = /^dummy\d+[a-z]$/;

/**
 * Whether any string inside a rendered property value is a placeholder zone. A walk that stops at the
 * first one, without collecting the strings: applied to every resource, listing them all was the
 * Rampart pack's largest cost at 1,000 tenants.
 */
function namesPlaceholderZone(value: unknown): boolean {
  if (typeof value === 'string') return PLACEHOLDER_ZONE.test(value);
  if (Array.isArray(value)) return value.some(namesPlaceholderZone);
  if (value !== null && typeof value === 'object') return Object.values(value).some(namesPlaceholderZone);
  return false;
}

/**
 * AZ-REAL: no resource names a placeholder availability zone. Offline, CDK writes `dummy1a/b/c`
 * where it would look zones up; such a template is not what deploys (the CLI substitutes real
 * zones at deploy time), so a reviewer would be reading a different template. Stacks pin real zones
 * from their plan; this rule reads the rendered properties, so an override is seen too.
 */
export const RealAvailabilityZones: RampartRule = {
  id: 'RealAvailabilityZones',
  controls: ['AZ-REAL'],
  info: 'The resource names a placeholder availability zone (dummy1a, ...): the template is not the one that deploys.',
  explanation:
    "Pin the stack's zones (Rampart stacks take them from their plan: config availabilityZones or lib/config/availability-zones.ts) so synthesis needs no lookup.",
  check(resource: CfnResource) {
    const placeholder = namesPlaceholderZone(resolvedProperties(resource));
    return placeholder ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
