import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import type { PolicyNumbers } from '../promises/policy-numbers';
import { RampartChecks } from './rampart-pack';

/** The packs every Rampart stack is checked against, fresh instances each call; Rampart's own pack checks `policy`'s numbers. */
export function rampartPacks(app?: App, policy?: PolicyNumbers): NagPack[] {
  return [
    new AwsSolutionsChecks(app),
    new HIPAASecurityChecks(app),
    new NIST80053R5Checks(app),
    new PCIDSS321Checks(app),
    new RampartChecks(app, { policy }),
  ];
}

/**
 * Registers the packs as validation plugins on the whole app: any unacknowledged finding fails
 * synthesis. The CloudFormation Validate plugin is registered by aws-cdk-lib itself unless the App
 * was created with `builtinCloudFormationValidation: false`; cdk.json turns its findings into errors.
 */
export function addValidationPlugins(app: App, policy?: PolicyNumbers): void {
  Validations.of(app).addPlugins(...rampartPacks(app, policy));
}
