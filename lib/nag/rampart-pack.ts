import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { RampartRule } from './rule';
import { RAMPART_RULES } from './rules';

/**
 * Rampart's own pack: one rule per promise of the control catalog that the public packs
 * (AwsSolutions, HIPAA.Security, NIST.800.53.R5, PCI.DSS.321) do not check. All rules are errors.
 */
export class RampartChecks extends NagPack {
  public readonly name = 'Rampart';
  private readonly rules: readonly RampartRule[];

  constructor(scope?: IConstruct, props?: NagPackProps & { readonly rules?: readonly RampartRule[] }) {
    super(scope, props);
    this.packName = 'Rampart';
    this.rules = props?.rules ?? RAMPART_RULES;
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: `[${rule.controls.join(', ')}] ${rule.info}`,
        explanation: rule.explanation,
        level: NagMessageLevel.ERROR,
        rule: rule.check,
        node,
      });
    }
  }
}
