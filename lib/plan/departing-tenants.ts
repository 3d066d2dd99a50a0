/**
 * The tenants leaving with a pipeline run, as one CodePipeline output variable: the offboarding
 * stage's entry condition compares it with NO_TENANT_LEAVES, its approval shows it to the approver,
 * and the sign-off step checks that it still names exactly the tenants it recomputes
 * (lib/stacks/pipeline/offboarding-stages.ts).
 */

/** The value when the new assembly keeps every tenant of the deployed one. */
export const NO_TENANT_LEAVES = 'none';

/**
 * CodePipeline passes an output variable into action configuration, where a field holds at most
 * 1,000 characters; the approval's text needs room around the list.
 */
const MAX_VARIABLE_LENGTH = 500;

/** `acme,globex`, or NO_TENANT_LEAVES; a list too long to show ends with how many there are in all. */
export function departingTenantsVariable(ids: readonly string[]): string {
  if (ids.length === 0) return NO_TENANT_LEAVES;
  const sorted = [...ids].sort();
  const all = sorted.join(',');
  if (all.length <= MAX_VARIABLE_LENGTH) return all;
  const suffix = `,... (${sorted.length} tenants in all)`;
  const shown: string[] = [];
  for (const id of sorted) {
    if ([...shown, id].join(',').length + suffix.length > MAX_VARIABLE_LENGTH) break;
    shown.push(id);
  }
  return `${shown.join(',')}${suffix}`;
}
