import { synthesized } from '../synthesized';
import type { Assembly, ControlResult, Evidence, Verification } from '../../../lib/verify/types';

/** Builders shared by the security diff's tests: the real build read back from /tmp, and hand-made verifications. */

/** The repository's own config synthesized into a fresh /tmp directory (validators off: the diff reads templates) and read back. */
export function synthesizeRealBuild(): Assembly {
  return synthesized().assembly;
}

/** A stack whose template a test may rewrite (the Assembly types are read-only on purpose). */
export interface MutableStack {
  id: string;
  name: string;
  cloud: 'aws' | 'gcp';
  template: any;
}

export interface MutableAssembly {
  stacks: MutableStack[];
}

/** A deep copy to weaken, leaving the synthesized build untouched for the next test. */
export function copyOf(assembly: Assembly): MutableAssembly {
  return structuredClone(assembly) as unknown as MutableAssembly;
}

export const asAssembly = (assembly: MutableAssembly): Assembly => assembly as unknown as Assembly;

export function stackOf(assembly: MutableAssembly, id: string): MutableStack {
  const stack = assembly.stacks.find((s) => s.id === id);
  if (stack === undefined) throw new Error(`no stack ${id} in the build (${assembly.stacks.map((s) => s.id).join(', ')})`);
  return stack;
}

/** Renames a logical id the way a renamed construct does: the resource and every Ref, GetAtt and DependsOn naming it. */
export function renameLogicalId(template: any, from: string, to: string): void {
  template.Resources[to] = template.Resources[from];
  delete template.Resources[from];
  const walk = (value: any): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    if (value.Ref === from) value.Ref = to;
    if (Array.isArray(value['Fn::GetAtt']) && value['Fn::GetAtt'][0] === from) value['Fn::GetAtt'][0] = to;
    if (Array.isArray(value.DependsOn)) value.DependsOn = value.DependsOn.map((d: string) => (d === from ? to : d));
    Object.values(value).forEach(walk);
  };
  walk(template);
}

export function evidence(fields: Partial<Evidence> & Pick<Evidence, 'resource' | 'outcome'>): Evidence {
  return {
    control: 'WAF',
    kind: 'waf-association',
    subject: 'internet-facing load balancers',
    stack: 'prod-us-east-1/platform',
    file: 'assembly-prod-us-east-1/platform.template.json',
    pointer: `/Resources/${fields.resource}`,
    expected: 'a WebACL association names the load balancer',
    ...fields,
  };
}

export function controlResult(fields: Partial<ControlResult> & Pick<ControlResult, 'verdict'>): ControlResult {
  return {
    control: 'WAF',
    title: 'A web application firewall in front of every public endpoint',
    status: 'enforced',
    stacks: ['prod-us-east-1/platform'],
    counts: [],
    evidence: [],
    exceptions: [],
    ...fields,
  };
}

export function verification(...controls: ControlResult[]): Verification {
  return { controls, unknownStacks: [], unrecordedPartial: [], ok: true };
}

export const NO_VERIFICATION: Verification = verification();
