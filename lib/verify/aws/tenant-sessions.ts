import type { Assembly, Json, StackArtifact } from '../types';
import { decide, namesValue, type Decision, type ProbeRequest } from './policy-decision';
import { isObject, resources, statements, type Resource } from './template';

/**
 * What the ISOLATION checks of pooled tenants share: the session tag that carries the tenant id, the
 * access roles it is set on, the other tenants whose sessions must be refused, and a way to decide a
 * thousand such sessions against one policy without deciding each (tenant-access.ts probes a tenant's
 * bucket and data key, tenant-stores.ts its record key store's key).
 */

/** The session tag (`aws:PrincipalTag/<key>`, `aws:RequestTag/<key>`) whose value is the tenant id. */
export const TENANT_TAG = 'rampart:tenant';

/** Roles of the stack that AWS principals (not services) may assume: a pooled tenant's access role(s). */
export function accessRoles(stack: StackArtifact): Resource[] {
  return resources(stack, 'AWS::IAM::Role').filter((role) =>
    statements(role.props.AssumeRolePolicyDocument).some((s) => isObject(s.Principal) && 'AWS' in s.Principal),
  );
}

/** Every tenant id of the assembly, one per tenant stack in assembly order, read once per assembly. */
const tenantIds = new WeakMap<Assembly, readonly string[]>();

/** Ids of the other tenants of the assembly (a made-up one when the tenant is alone). */
export function otherTenants(assembly: Assembly, own: string): string[] {
  let ids = tenantIds.get(assembly);
  if (ids === undefined) {
    ids = assembly.stacks.flatMap((s) => (s.metadata?.tenant === undefined ? [] : [s.metadata.tenant.id]));
    tenantIds.set(assembly, ids);
  }
  const others = ids.filter((id) => id !== own);
  return others.length > 0 ? others : [`not-${own}`];
}

/** One request to decide; for a session of another tenant, that tenant's id, the only difference between such requests. */
export interface SessionProbe {
  readonly request: Omit<ProbeRequest, 'action' | 'viaService'>;
  readonly otherTenant?: string;
}

/**
 * `decide` for each probe of `document`, with the sessions of other tenants the document does not
 * name decided once for all of them (namesValue says why that is exact): every pooled tenant is
 * probed with every other tenant's session, which at a thousand tenants made the review quadratic.
 * The probes of other tenants given to one decider must differ by their tenant alone.
 */
export function decider(
  stack: StackArtifact,
  document: Json | undefined,
  extra: Pick<ProbeRequest, 'action' | 'viaService'>,
): (probe: SessionProbe) => Decision {
  const named = namesValue(stack, document);
  let unnamedOther: Decision | undefined;
  return (probe) => {
    if (probe.otherTenant === undefined || named(probe.otherTenant)) return decide(stack, document, { ...probe.request, ...extra });
    unnamedOther ??= decide(stack, document, { ...probe.request, ...extra });
    return unnamedOther;
  };
}
