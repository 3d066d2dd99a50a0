import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { CloudFormationValidatePlugin, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { IApplyRule, NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CloudFormationValidateWorkers } from './cloudformation-validate-workers';
import { remembered } from './remembered-rules';
import type { MutablePluginRun, ValidatorRunLog } from './validator-runs';

/*
 * The validation plugins as Rampart registers them (lib/nag/validation.ts): each records into the
 * App's ValidatorRunLog (validator-runs.ts) what it evaluated. Apart from the log because they load
 * cdk-nag and the CloudFormation Validate workers, which a listing (`cdk ls`) never needs.
 */

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
