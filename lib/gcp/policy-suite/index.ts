import { readFileSync } from 'fs';
import { join } from 'path';
import type { PolicyNumbers } from '../../promises/policy-numbers';
import { alerts } from './rules/alerts';
import { audit } from './rules/audit';
import { backupTiers } from './rules/backup-tiers';
import { bucketProtection } from './rules/bucket-protection';
import { cloudRun } from './rules/cloud-run';
import { cmek } from './rules/cmek';
import { databaseBackup } from './rules/database-backup';
import { databaseHardening } from './rules/database-hardening';
import { ddos } from './rules/ddos';
import { erasure } from './rules/erasure';
import { firewall } from './rules/firewall';
import { keyRotation } from './rules/key-rotation';
import { keySeparation } from './rules/key-separation';
import { noLoss } from './rules/no-loss';
import { noPublicAccess } from './rules/no-public-access';
import { residency } from './rules/residency';
import { tls } from './rules/tls';
import { vpc } from './rules/vpc';
import { waf } from './rules/waf';
import { Finding, PolicyRule, StackDocument, TfJson } from './types';

export type { Finding, PolicyRule, StackDocument, TfJson } from './types';

/**
 * The GCP policy suite: Rampart's counterpart of the cdk-nag packs for the Terraform JSON. One rule
 * per file under rules/, each a pure function of the synthesized documents and the policy numbers
 * they must keep; the main job fails on any finding.
 */
export const GCP_POLICY_RULES: readonly PolicyRule[] = [
  cmek,
  keyRotation,
  keySeparation,
  noPublicAccess,
  bucketProtection,
  noLoss,
  erasure,
  backupTiers,
  databaseBackup,
  databaseHardening,
  vpc,
  firewall,
  tls,
  waf,
  ddos,
  cloudRun,
  audit,
  alerts,
  residency,
];

/** Findings for one stack against the expected policy numbers, in rule order. */
export function checkStack(
  stack: StackDocument,
  all: readonly StackDocument[],
  policy: PolicyNumbers,
  rules: readonly PolicyRule[] = GCP_POLICY_RULES,
): Finding[] {
  return rules.flatMap((rule) => rule.check(stack, all, policy));
}

/** Findings for every stack, keyed by stack name. `policy` is what the stacks must keep (the config's `policy:`). */
export function runPolicySuite(
  stacks: readonly StackDocument[],
  policy: PolicyNumbers,
  rules: readonly PolicyRule[] = GCP_POLICY_RULES,
): Map<string, Finding[]> {
  return new Map(stacks.map((stack) => [stack.name, checkStack(stack, stacks, policy, rules)]));
}

interface Manifest {
  stacks: Record<string, { synthesizedStackPath: string }>;
}

/** Reads every stack a cdktf synth wrote to `outdir` (via its manifest.json). */
export function readSynthesizedStacks(outdir: string): StackDocument[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.stacks).map(([name, entry]) => ({
    name,
    json: JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8')) as TfJson,
  }));
}
