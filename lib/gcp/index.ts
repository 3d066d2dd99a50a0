import { TerraformStack } from 'cdktf';
import { RampartConfig } from '../config/schema';
import type { PolicyNumbers } from '../promises/policy-numbers';
import { buildGcpApp, DEFAULT_GCP_OUTDIR } from './app';
import { readSynthesizedStacks, runPolicySuite } from './policy-suite';

export { buildGcpApp, DEFAULT_GCP_OUTDIR } from './app';
export { GCP_POLICY_RULES, checkStack, runPolicySuite, readSynthesizedStacks } from './policy-suite';
export type { Finding, PolicyRule, StackDocument, TfJson } from './policy-suite';

export interface GcpSynthResult {
  outdir: string;
  stacks: { name: string; resourceCount: number; findings: { ruleId: string; resource: string; message: string }[] }[];
}

/**
 * Synthesizes every GCP stack of config.gcp into outdir (cdktf.out by default) and runs the policy
 * suite on the written JSON against `policy`, the numbers the stacks must keep (callers pass
 * config.policy). The suite reads what is deployed only from the JSON, never from the constructs.
 */
export function synthGcp(config: RampartConfig, policy: PolicyNumbers, outdir: string = DEFAULT_GCP_OUTDIR): GcpSynthResult {
  const app = buildGcpApp(config, outdir);
  const order = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c)).map((s) => s.node.id);
  if (order.length === 0) return { outdir, stacks: [] };
  app.synth();
  const documents = readSynthesizedStacks(outdir).filter((d) => order.includes(d.name));
  documents.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const findings = runPolicySuite(documents, policy);
  return {
    outdir,
    stacks: documents.map((doc) => ({
      name: doc.name,
      resourceCount: Object.values(doc.json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0),
      findings: findings.get(doc.name) ?? [],
    })),
  };
}
