import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * Reads a synthesized cloud assembly (cdk.out) back from disk: what the main job prints and the
 * review report lists. Only files are read, so it describes exactly what will be deployed.
 */

export interface StackSummary {
  /** Selection path for the CLI, e.g. `prod-us-east-1/platform`. */
  readonly displayName: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly resourceCount: number;
  readonly templateBytes: number;
  readonly templateFile: string;
}

export interface Acknowledgment {
  readonly plugin: string;
  readonly ruleName: string;
  readonly constructPaths: readonly string[];
  readonly reason: string;
  readonly acknowledgedAt: string;
}

export interface PluginOutcome {
  readonly plugin: string;
  readonly violations: number;
  readonly acknowledged: number;
}

export interface AssemblySummary {
  readonly stacks: readonly StackSummary[];
  readonly plugins: readonly PluginOutcome[];
  readonly acknowledgments: readonly Acknowledgment[];
}

interface ManifestArtifact {
  type: string;
  environment?: string;
  displayName?: string;
  properties?: { templateFile?: string; stackName?: string; file?: string; directoryName?: string };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function stacksIn(dir: string): StackSummary[] {
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(join(dir, 'manifest.json'));
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]): StackSummary[] => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      return stacksIn(join(dir, artifact.properties.directoryName));
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) return [];
    const templateFile = join(dir, artifact.properties.templateFile);
    const text = readFileSync(templateFile, 'utf8');
    const template = JSON.parse(text) as { Resources?: Record<string, unknown> };
    const [, account = '', region = ''] = /^aws:\/\/([^/]*)\/(.*)$/.exec(artifact.environment ?? '') ?? [];
    return [
      {
        displayName: artifact.displayName ?? id,
        stackName: artifact.properties.stackName ?? id,
        account,
        region,
        resourceCount: Object.keys(template.Resources ?? {}).length,
        templateBytes: Buffer.byteLength(text),
        templateFile,
      },
    ];
  });
}

interface ReportViolation {
  ruleName: string;
  violatingConstructs?: { constructPath: string }[];
  reason?: string;
  acknowledgedAt?: string;
}

export function summarizeAssembly(outdir: string): AssemblySummary {
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? readJson<{ pluginReports?: { pluginName: string; violations?: ReportViolation[]; suppressedViolations?: ReportViolation[] }[] }>(reportFile)
    : {};
  const pluginReports = report.pluginReports ?? [];
  return {
    stacks: stacksIn(outdir).sort((a, b) => a.displayName.localeCompare(b.displayName)),
    plugins: pluginReports.map((p) => ({
      plugin: p.pluginName,
      violations: (p.violations ?? []).length,
      acknowledged: (p.suppressedViolations ?? []).length,
    })),
    acknowledgments: pluginReports.flatMap((p) =>
      (p.suppressedViolations ?? []).map((v) => ({
        plugin: p.pluginName,
        ruleName: v.ruleName,
        constructPaths: (v.violatingConstructs ?? []).map((c) => c.constructPath),
        reason: v.reason ?? '',
        acknowledgedAt: v.acknowledgedAt ?? '',
      })),
    ),
  };
}
