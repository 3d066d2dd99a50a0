import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { PolicyNumbers, PUBLISHED_POLICY } from '../promises/policy-numbers';
import { readingWrittenTemplates, whileChecking } from './resolve';
import { RampartRule } from './rule';
import { RAMPART_RULES } from './rules';

/**
 * Rampart's own pack: one rule per promise of the control catalog that the public packs
 * (AwsSolutions, HIPAA.Security, NIST.800.53.R5, PCI.DSS.321) do not check. All rules are errors.
 */
export class RampartChecks extends NagPack {
  public readonly name = 'Rampart';
  private readonly rules: readonly RampartRule[];
  private readonly policy: PolicyNumbers;

  /** `policy`: the numbers the rules check against (the config's resolved `policy:`). @default PUBLISHED_POLICY */
  constructor(scope?: IConstruct, props?: NagPackProps & { readonly rules?: readonly RampartRule[]; readonly policy?: PolicyNumbers }) {
    super(scope, props);
    this.packName = 'Rampart';
    this.rules = props?.rules ?? RAMPART_RULES;
    this.policy = props?.policy ?? PUBLISHED_POLICY;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return readingWrittenTemplates(() => super.validate(context));
  }

  protected checkResource(node: CfnResource): void {
    whileChecking(node, () => {
      for (const rule of this.rules) {
        this.applyRule({
          ruleSuffixOverride: rule.id,
          info: `[${rule.controls.join(', ')}] ${rule.info}`,
          explanation: rule.explanation,
          level: NagMessageLevel.ERROR,
          rule: (resource: CfnResource) => rule.check(resource, this.policy),
          node,
        });
      }
    });
  }
}
