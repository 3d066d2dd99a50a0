import { RampartConfig } from '../config/schema';
import { GcpConfig } from '../config/gcp-schema';

/** `us` is the primary stack in gcp.region; `eu` the EU-resident variant in gcp.eu.region. */
export type Variant = 'us' | 'eu';

/** Everything a construct needs to know about the stack it lives in, resolved once from the config. */
export interface StackContext {
  readonly variant: Variant;
  /** Deterministic stack name: `<organization>-<environment>-recordings-<variant>`. */
  readonly stackName: string;
  readonly project: string;
  readonly region: string;
  /** Prefix of every named resource in the project: `rampart-rec-<variant>`; unique per variant so both stacks can share a project. */
  readonly prefix: string;
  /** True when this stack manages project-wide settings (audit config) of its project. */
  readonly ownsProject: boolean;
  readonly domain: string;
  readonly network: GcpConfig['network'];
  readonly gcp: GcpConfig;
  readonly organization: string;
  readonly environment: string;
}

export function stackName(config: RampartConfig, variant: Variant): string {
  return `${config.organization}-${config.environment}-recordings-${variant}`;
}

/** The stacks config.gcp asks for, in a stable order (US first). */
export function stackContexts(config: RampartConfig): StackContext[] {
  const gcp = config.gcp;
  if (gcp === undefined) return [];
  const base = { gcp, organization: config.organization, environment: config.environment };
  const contexts: StackContext[] = [
    {
      ...base,
      variant: 'us',
      stackName: stackName(config, 'us'),
      project: gcp.project,
      region: gcp.region,
      prefix: 'rampart-rec-us',
      ownsProject: true,
      domain: gcp.domain,
      network: gcp.network,
    },
  ];
  if (gcp.eu.enabled) {
    const euProject = gcp.eu.project ?? gcp.project;
    contexts.push({
      ...base,
      variant: 'eu',
      stackName: stackName(config, 'eu'),
      project: euProject,
      region: gcp.eu.region,
      prefix: 'rampart-rec-eu',
      // Sharing the US project: the US stack owns the project-wide audit configuration.
      ownsProject: euProject !== gcp.project,
      domain: gcp.eu.domain,
      network: gcp.eu.network,
    });
  }
  return contexts;
}

/** Labels every resource gets through the provider's default_labels. */
export function defaultLabels(ctx: StackContext): Record<string, string> {
  return {
    managed_by: 'rampart',
    rampart_organization: ctx.organization,
    rampart_environment: ctx.environment,
    rampart_residency: ctx.variant,
  };
}

/** Cloud Storage bucket names are global: derive them from the (globally unique) project id. */
export function bucketName(ctx: StackContext, role: 'recordings' | 'backups'): string {
  return `${ctx.project}-${role}-${ctx.variant}`;
}
