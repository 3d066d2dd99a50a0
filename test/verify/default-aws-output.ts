import type { ControlId } from '../../lib/promises/control-ids';
import type { Assembly, Verdict } from '../../lib/verify/types';
import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { synthesized, weakened, type Template } from './synthesized';

/**
 * The default config's AWS output, as the weakening suites judge it (the Google Cloud stacks have
 * their own suite, test/verify/gcp), the ids of its stacks, and the shape of one weakening case.
 */
export function defaultAwsOutput(): Assembly {
  const output = synthesized('config/default.yaml', { gcp: false }).assembly;
  return { ...output, stacks: output.stacks.filter((s) => s.cloud === 'aws') };
}

export const US = 'prod-us-east-1/platform';
export const DR = 'prod-us-west-2/platform';
export const EU = 'prod-eu-west-1/platform';
export const ENCLAVE = 'prod-us-east-1/enclave';
export const ACME = 'prod-us-east-1/tenant-acme';
export const INITECH = 'prod-us-east-1/tenant-initech';
export const UMBRELLA = 'prod-us-east-1/tenant-umbrella';
export const GLOBEX = 'prod-eu-west-1/tenant-globex';
export const BASELINE = 'prod-us-east-1/account-baseline-444444444444';
/** The deployment account's baseline (its trail and detection), planned because the default config has `pipeline:`. */
export const DEPLOYMENT_BASELINE = 'prod-us-east-1/account-baseline-555555555555';
/** The deployment account's detection in the other regions the pipeline deploys to (no trail: the home baseline's covers the account). */
export const DEPLOYMENT_DETECTION = ['prod-us-west-2/account-baseline-555555555555', 'prod-eu-west-1/account-baseline-555555555555'];

/** A weakened copy: its name, the stack changed, the control and verdict expected, the logical id named (if any), the change. */
export type WeakeningCase = readonly [
  name: string,
  stack: string,
  control: ControlId,
  verdict: Verdict,
  logicalId: string | undefined,
  mutate: (t: Template) => void,
];

/**
 * The assertions every weakening case makes: the control gets the expected verdict from evidence of
 * the weakened stack (naming the logical id when the case gives one), and the run is no longer ok.
 */
export function expectWeakeningFails(assembly: Assembly, [, stack, control, verdict, logicalId, mutate]: WeakeningCase): void {
  const result = verifyAssembly(weakened(assembly, stack, mutate));
  const found = result.controls.find((c) => c.control === control);
  expect(found?.verdict).toBe(verdict);
  const failing = (found?.evidence ?? []).filter((e) => e.outcome === verdict && e.stack === stack);
  expect(failing.length).toBeGreaterThan(0);
  if (logicalId !== undefined) expect(failing.map((e) => e.resource)).toContain(logicalId);
  expect(result.ok).toBe(false);
}
