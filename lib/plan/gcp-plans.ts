import type { GcpConfig } from '../config/gcp-schema';
import type { RampartConfig } from '../config/schema';
import type { PolicyNumbers } from '../promises/policy-numbers';
import type { DataClass } from '../promises/types';
import { controlsInScope } from './controls-in-scope';
import type { StackPlanBase } from './types';

/** `us` is the primary stack in gcp.region; `eu` the EU-resident variant in gcp.eu.region. */
export type Variant = 'us' | 'eu';

/** One Google Cloud recordings stack (CDK for Terraform), resolved from the config. */
export interface GcpStackPlan extends StackPlanBase {
  readonly kind: 'gcp-recordings';
  readonly variant: Variant;
  readonly project: string;
  /** Prefix of every named resource in the project: `rampart-rec-<variant>`; unique per variant so both stacks can share a project. */
  readonly prefix: string;
  /** True when this stack manages project-wide settings (audit config) of its project. */
  readonly ownsProject: boolean;
  /**
   * Regions of other stacks sharing this project: their audit entries stay out of this stack's
   * log bucket (residency). The EU stack keeps only entries in its own region.
   */
  readonly otherRegionsInProject: readonly string[];
  readonly domain: string;
  readonly network: GcpConfig['network'];
  readonly gcp: GcpConfig;
  readonly organization: string;
  readonly environment: string;
}

/** Deterministic stack name: `<organization>-<environment>-recordings-<variant>`. */
export function gcpStackName(scope: { readonly organization: string; readonly environment: string }, variant: Variant): string {
  return `${scope.organization}-${scope.environment}-recordings-${variant}`;
}

/** The Google Cloud stacks config.gcp asks for, in a stable order (US first); none without a gcp: section. */
export function gcpPlans(config: RampartConfig): GcpStackPlan[] {
  const gcp = config.gcp;
  if (gcp === undefined) return [];
  const policy = config.policy as PolicyNumbers;
  const variants: { variant: Variant; project: string; region: string; domain: string; network: GcpConfig['network'] }[] = [
    { variant: 'us', project: gcp.project, region: gcp.region, domain: gcp.domain, network: gcp.network },
  ];
  if (gcp.eu.enabled) {
    variants.push({ variant: 'eu', project: gcp.eu.project ?? gcp.project, region: gcp.eu.region, domain: gcp.eu.domain, network: gcp.eu.network });
  }
  return variants.map(({ variant, project, region, domain, network }): GcpStackPlan => {
    const name = gcpStackName(config, variant);
    const dataClasses: DataClass[] = variant === 'eu' ? ['eu'] : [];
    const sharing = variants.filter((v) => v.variant !== variant && v.project === project);
    return {
      kind: 'gcp-recordings',
      stackId: name,
      path: name,
      stackName: name,
      region,
      description: `Rampart recordings (${config.organization}/${config.environment}, Google Cloud ${region})`,
      dataClasses,
      controls: controlsInScope('gcp-recordings', dataClasses),
      policy,
      acceptedExceptions: config.policy.acceptedExceptions,
      variant,
      project,
      prefix: `rampart-rec-${variant}`,
      // Sharing the US project: the US stack owns the project-wide audit configuration.
      ownsProject: variant === 'us' || project !== gcp.project,
      otherRegionsInProject: variant === 'eu' ? [] : sharing.map((v) => v.region),
      domain,
      network,
      gcp,
      organization: config.organization,
      environment: config.environment,
    };
  });
}
