import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { GCP_POLICY_RULES } from '../gcp/policy-suite';
import { ENCLAVE_GUARD_CONTROLS } from '../guards/enclave-guard';
import { RESIDENCY_GUARD_CONTROLS } from '../guards/residency-guard';
import { RAMPART_RULES } from '../nag/rules';
import { AWS_CHECKS } from '../verify/aws';
import { GCP_CHECKS } from '../verify/gcp';
import { PERMISSIONS_BOUNDARY_CONTROLS } from '../organization-policies/require-permissions-boundary';
import type { ControlId } from '../promises/control-ids';

/**
 * Every check Rampart itself runs, with the controls it declares: the Rampart cdk-nag pack, the
 * Google Cloud policy suite, the guards (Aspects that fail synth), the config rules and the evidence
 * verifier's checks (lib/verify: one per control and cloud, reading the synthesized output). The public
 * packs' rules are named by the catalog instead (`packRules`). docs/controls.md and the coverage
 * test (every control in scope has a check, every check names a control) read this list.
 */
export type CheckKind = 'rampart-pack' | 'gcp-suite' | 'guard' | 'config-rule' | 'evidence-verifier';

export interface OwnCheck {
  /** The id a finding is reported under, e.g. `Rampart-KeyRotation`, `GCP-CMEK`, `ResidencyGuard`. */
  readonly id: string;
  readonly kind: CheckKind;
  readonly controls: readonly ControlId[];
  /** Source file, from the repository root. */
  readonly file: string;
  /** One line: what the check fails on. */
  readonly description: string;
}

const GUARDS: readonly OwnCheck[] = [
  {
    id: 'ResidencyGuard',
    kind: 'guard',
    controls: RESIDENCY_GUARD_CONTROLS,
    file: 'lib/guards/residency-guard.ts',
    description: 'Fails synth on any other region, partition, replication or edge delivery in an EU template',
  },
  {
    id: 'EnclaveGuard',
    kind: 'guard',
    controls: ENCLAVE_GUARD_CONTROLS,
    file: 'lib/guards/enclave-guard.ts',
    description: 'Fails synth on every public-facing resource kind in the HIPAA enclave and HIPAA tenants',
  },
  {
    id: 'RequirePermissionsBoundary',
    kind: 'guard',
    controls: PERMISSIONS_BOUNDARY_CONTROLS,
    file: 'lib/organization-policies/require-permissions-boundary.ts',
    description: 'Fails synth on an IAM role or user without a permissions boundary where the boundary is required',
  },
];

const GCP_RULES_DIR = 'lib/gcp/policy-suite/rules';

/** The file of a GCP rule: the one file under rules/ that declares its id (file names are not ids). */
function gcpRuleFile(id: string): string {
  const dir = join(__dirname, '..', 'gcp', 'policy-suite', 'rules');
  const file = readdirSync(dir).find((name) => readFileSync(join(dir, name), 'utf8').includes(`id: '${id}'`));
  if (file === undefined) throw new Error(`ownChecks: no file under ${GCP_RULES_DIR} declares id '${id}'`);
  return `${GCP_RULES_DIR}/${file}`;
}

function verifierChecks(cloud: 'AWS' | 'GCP', file: string, registry: Partial<Record<ControlId, readonly unknown[]>>): OwnCheck[] {
  return (Object.keys(registry) as ControlId[])
    .filter((control) => (registry[control] ?? []).length > 0)
    .map((control) => ({
      id: `Verify-${cloud}-${control}`,
      kind: 'evidence-verifier',
      controls: [control],
      file,
      description: `Fails the main job when the ${cloud} output contradicts ${control} or lacks its evidence, unless a catalog exception is accepted`,
    }));
}

export function ownChecks(extra: readonly OwnCheck[] = []): readonly OwnCheck[] {
  return [
    ...RAMPART_RULES.map((rule): OwnCheck => ({
      id: `Rampart-${rule.id}`,
      kind: 'rampart-pack',
      controls: rule.controls,
      file: `lib/nag/rules/${rule.id}.ts`,
      description: rule.info,
    })),
    ...GCP_POLICY_RULES.map((rule): OwnCheck => ({
      id: rule.id,
      kind: 'gcp-suite',
      controls: rule.controls,
      file: gcpRuleFile(rule.id),
      description: rule.description,
    })),
    ...GUARDS,
    ...verifierChecks('AWS', 'lib/verify/aws/index.ts', AWS_CHECKS),
    ...verifierChecks('GCP', 'lib/verify/gcp/index.ts', GCP_CHECKS),
    ...extra,
  ];
}
