import { createHash } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App, CfnResource, CloudFormationValidatePlugin, IAspect, IPolicyValidationContext, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { IApplyRule, NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CloudFormationValidateWorkers } from './cloudformation-validate-workers';
import { remembered, type RuleOutcomes } from './remembered-rules';

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
}

interface MutablePluginRun {
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

/** Writes the App's run log beside its templates (call after `app.synth()`, even when validation failed). */
export function writeValidatorRuns(app: App, outdir: string): string {
  const file = join(outdir, VALIDATOR_RUNS_FILE);
  writeFileSync(file, `${JSON.stringify(ValidatorRunLog.of(app).record(), null, 2)}\n`);
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

// A mixin's base needs a constructor type with a rest parameter of any[] (TypeScript's rule for mixins).
type NagPackClass = abstract new (...args: any[]) => NagPack;

/**
 * `Pack`, recording into `log` every rule it applies and every resource it checks. The rule id is
 * built as cdk-nag builds it (`<pack>-<suffix or rule function name>`).
 */
export function recordingPack<C extends NagPackClass>(Pack: C, log: ValidatorRunLog): C {
  // Declared abstract because NagPack is; `Pack` (a concrete pack) supplies name and checkResource,
  // so the result is as concrete as `Pack`, which the return type says.
  abstract class Recording extends Pack {
    public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
      log.pluginStarting(this.name, context);
      this.validating = true;
      let report: PolicyValidationPluginReport;
      try {
        report = super.validate(context);
      } finally {
        this.validating = false;
      }
      const run = log.plugin(this.name);
      for (const t of context.templatePaths) run.templates.add(t);
      run.findings += flagged(report);
      return report;
    }

    // Called once per rule and resource (millions of times at 1,000 tenants): the pack applies every
    // rule to one resource before the next, so a resource's path is computed once, and a rule is
    // recorded by its suffix (the pack's prefix is the same on every rule id, so the count is too).
    private run?: MutablePluginRun;
    private lastResource?: IConstruct;
    private validating = false;

    protected applyRule(params: IApplyRule): void {
      const run = (this.run ??= log.plugin(this.name));
      run.rules.add(params.ruleSuffixOverride ?? params.rule.name);
      if (params.node !== this.lastResource) {
        this.lastResource = params.node;
        run.resources.add(params.node.node.path);
      }
      // In a synthesis's validation, a remembered rule (remembered-rules.ts) is applied as its twin,
      // under its own name; `validateScope` called on its own may follow a change to the tree.
      const rule = this.validating ? remembered(params.rule, log.ruleOutcomes) : params.rule;
      super.applyRule(rule === params.rule ? params : { ...params, ruleSuffixOverride: params.ruleSuffixOverride ?? params.rule.name, rule });
    }
  }
  return Recording;
}

/**
 * aws-cdk-lib's CloudFormation Validate, recording what it evaluated. Registered explicitly, it
 * replaces the default instance (aws-cdk-lib checks `instanceof`), so it runs once, not twice.
 * Its engines run in worker threads from the moment the first plugin starts, beside the cdk-nag
 * packs (lib/nag/cloudformation-validate-workers.ts); the report is the one this plugin gives alone.
 */
export class RecordingCloudFormationValidate extends CloudFormationValidatePlugin {
  private readonly workers = new CloudFormationValidateWorkers();
  /** What it was given (for the run log), or why reading it failed, once the templates are submitted. */
  private evaluated?: { readonly templates: string[]; readonly resources: string[] } | { readonly failure: unknown };

  constructor(private readonly log: ValidatorRunLog) {
    super();
  }

  /** The engine's version: the workers' once they have reported (aws-cdk-lib reads it after `validate`), else the plugin's own. */
  public get version(): string | undefined {
    return this.workers.engineVersion ?? super.version;
  }

  /** Starts a worker's engine now, while the stacks are built (lib/nag/cloudformation-validate-workers.ts). */
  public prewarm(): void {
    this.workers.prewarm();
  }

  /** Starts validating templates of a stage synthesized before the app (CDK Pipelines does that as a wave adds it). */
  public submitEarly(stackTemplates: IPolicyValidationContext['stackTemplates'], expectedTypes?: ReadonlySet<string>): void {
    this.workers.submitEarly(stackTemplates, expectedTypes);
  }

  /**
   * Reads the written templates and hands them to the workers; once per synthesis. Called as the first
   * plugin starts: a failure is kept and reported as this plugin's, not as the pack's that started.
   */
  public submit(context: IPolicyValidationContext): void {
    if (this.evaluated !== undefined) return;
    try {
      const evaluated = { templates: [] as string[], resources: [] as string[] };
      const types = new Set<string>();
      const sizes: number[] = [];
      const digests: string[] = [];
      for (const { templatePath: path } of context.stackTemplates) {
        evaluated.templates.push(path);
        const text = readFileSync(path, 'utf8');
        sizes.push(text.length);
        digests.push(createHash('sha256').update(text).digest('hex'));
        const template = JSON.parse(text) as { Resources?: Record<string, { Type?: unknown } | null> };
        for (const [id, resource] of Object.entries(template.Resources ?? {})) {
          evaluated.resources.push(`${path}#${id}`);
          if (typeof resource?.Type === 'string') types.add(resource.Type);
        }
      }
      this.workers.submit(context.stackTemplates, sizes, types, digests);
      this.evaluated = evaluated;
    } catch (failure) {
      this.evaluated = { failure };
    }
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.log.pluginStarting(this.name, context);
    const evaluated = this.evaluated;
    if (evaluated === undefined) throw new Error('unreachable: pluginStarting submits the templates');
    if ('failure' in evaluated) throw evaluated.failure;
    const report = this.workers.collect(context);
    // Recorded now, not as the templates were read: the run log lists the plugins in the order they ran.
    const run = this.log.plugin(this.name);
    run.version = this.version;
    run.countsRules = false;
    for (const path of evaluated.templates) run.templates.add(path);
    for (const resource of evaluated.resources) run.resources.add(resource);
    run.findings += flagged(report);
    return report;
  }
}

function flagged(report: PolicyValidationPluginReport): number {
  return report.violations.reduce((n, v) => n + v.violatingResources.length, 0);
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
