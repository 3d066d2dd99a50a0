import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App, CfnResource, IAspect, IPolicyValidationContext, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
// Types only: the plugins that record here (recording-plugins.ts) load cdk-nag and the workers, which
// a listing (`cdk ls`), which registers no plugin, never needs.
import type { RecordingCloudFormationValidate } from './recording-plugins';
import type { RuleOutcomes } from './remembered-rules';

/**
 * Proof that each validator ran, written beside the templates as `rampart-validator-runs.json`.
 *
 * Why: aws-cdk-lib leaves a plugin out of validation-report.json when it found nothing and nothing was
 * acknowledged, so a clean pack and a pack that never ran look the same to a reviewer of the
 * artifact. Each plugin and guard records here what it evaluated while it ran (rule ids applied,
 * resources visited), so the review can show "31 rules on 779 resources" instead of "0 / 0".
 */

export const VALIDATOR_RUNS_FILE = 'rampart-validator-runs.json';
export const VALIDATOR_RUNS_SCHEMA_VERSION = '1.0.0';

export interface PluginRunRecord {
  readonly name: string;
  readonly version?: string;
  /**
   * Distinct rule ids the plugin evaluated. Absent for CloudFormation Validate: its engine checks
   * every resource against its registry schema and built-in rules and does not expose a rule count.
   */
  readonly rules?: number;
  /** Distinct CloudFormation resources it checked. */
  readonly resources: number;
  /** Templates handed to it (CloudFormation Validate) or stacks it walked (the cdk-nag packs). */
  readonly templates: number;
  /** Resources it flagged (one per violating resource and rule), before acknowledgments (validation-report.json splits them). */
  readonly findings: number;
}

export interface GuardRunRecord {
  readonly name: string;
  /** The catalog control the guard enforces. */
  readonly control: string;
  readonly stack: string;
  /** Constructs the guard visited in that stack (an aspect visits every construct). */
  readonly constructs: number;
  readonly resources: number;
}

export interface ValidatorRunsRecord {
  readonly schemaVersion: string;
  readonly plugins: readonly PluginRunRecord[];
  readonly guards: readonly GuardRunRecord[];
  /**
   * Present when a listing (a CLI command that bundles nothing, `cdk ls` among them) wrote the
   * assembly: no validator and neither rendered-template guard ran (lib/app/cli-app-props.ts), so
   * the review of it fails; deploy and review what `npm run synth` or `cdk synth` writes.
   */
  readonly listing?: true;
}

export interface MutablePluginRun {
  version?: string;
  countsRules: boolean;
  rules: Set<string>;
  resources: Set<string>;
  templates: Set<string>;
  findings: number;
}

/** What ran in one App's synthesis; one log per App (see `ValidatorRunLog.of`). */
export class ValidatorRunLog {
  private static readonly logs = new WeakMap<IConstruct, ValidatorRunLog>();

  /** The log of the App `scope` belongs to, created on first use. */
  public static of(scope: IConstruct): ValidatorRunLog {
    const root = scope.node.root;
    let log = ValidatorRunLog.logs.get(root);
    if (log === undefined) {
      log = new ValidatorRunLog();
      ValidatorRunLog.logs.set(root, log);
    }
    return log;
  }

  /** Called as each plugin starts (the main job's progress line: validation is most of a large synth). */
  public onPluginStart?: (name: string, templates: number) => void;

  /** CloudFormation Validate, when registered (addValidationPlugins): it hands the templates to its workers as the first plugin starts. */
  public cloudFormationValidate?: RecordingCloudFormationValidate;

  /** The remembered cdk-nag rules' outcomes (remembered-rules.ts) of this synthesis's validation. */
  public ruleOutcomes: RuleOutcomes = new WeakMap();
  /** Plugins started in this synthesis's validation: one starting again means a new synthesis. */
  private readonly started = new Set<string>();

  /** Each plugin calls this as it starts, with the templates it was given. */
  public pluginStarting(name: string, context: IPolicyValidationContext): void {
    if (this.started.has(name)) {
      this.started.clear();
      this.ruleOutcomes = new WeakMap();
    }
    this.started.add(name);
    this.onPluginStart?.(name, context.templatePaths.length);
    this.cloudFormationValidate?.submit(context);
  }

  private readonly plugins = new Map<string, MutablePluginRun>();
  private readonly guards = new Map<string, { name: string; control: string; stack: string; constructs: number; resources: number }>();

  public plugin(name: string): MutablePluginRun {
    let run = this.plugins.get(name);
    if (run === undefined) {
      run = { countsRules: true, rules: new Set(), resources: new Set(), templates: new Set(), findings: 0 };
      this.plugins.set(name, run);
    }
    return run;
  }

  public guardVisited(name: string, control: string, node: IConstruct): void {
    const stack = Stack.of(node).node.path;
    const key = `${name}\u0000${stack}`;
    const run = this.guards.get(key) ?? { name, control, stack, constructs: 0, resources: 0 };
    run.constructs += 1;
    if (CfnResource.isCfnResource(node)) run.resources += 1;
    this.guards.set(key, run);
  }

  public record(): ValidatorRunsRecord {
    return {
      schemaVersion: VALIDATOR_RUNS_SCHEMA_VERSION,
      plugins: [...this.plugins.entries()].map(([name, run]) => ({
        name,
        ...(run.version === undefined ? {} : { version: run.version }),
        ...(run.countsRules ? { rules: run.rules.size } : {}),
        resources: run.resources.size,
        templates: run.templates.size,
        findings: run.findings,
      })),
      guards: [...this.guards.values()].sort((a, b) => a.stack.localeCompare(b.stack) || a.name.localeCompare(b.name)),
    };
  }
}

/**
 * Writes the App's run log beside its templates (call after `app.synth()`, even when validation
 * failed); `listing` marks an assembly a listing wrote (ValidatorRunsRecord.listing).
 */
export function writeValidatorRuns(app: App, outdir: string, options: { readonly listing?: boolean } = {}): string {
  const file = join(outdir, VALIDATOR_RUNS_FILE);
  const record: ValidatorRunsRecord = { ...ValidatorRunLog.of(app).record(), ...(options.listing === true ? { listing: true } : {}) };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** Reads a run log written by `writeValidatorRuns`; undefined when the build did not write one. */
export function readValidatorRuns(dir: string): ValidatorRunsRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, VALIDATOR_RUNS_FILE), 'utf8')) as ValidatorRunsRecord;
  } catch {
    return undefined;
  }
}

/** A guard aspect that counts, in the App's run log, every construct it visits; `guard` is the wrapped aspect. */
export class RecordedGuard implements IAspect {
  constructor(
    public readonly guard: IAspect,
    public readonly name: string,
    public readonly control: string,
  ) {}

  public visit(node: IConstruct): void {
    ValidatorRunLog.of(node).guardVisited(this.name, this.control, node);
    this.guard.visit(node);
  }
}
