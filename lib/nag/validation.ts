import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import type { PolicyNumbers } from '../promises/policy-numbers';
import { RampartChecks } from './rampart-pack';
import { RecordingCloudFormationValidate, recordingPack } from './recording-plugins';
import { ValidatorRunLog } from './validator-runs';

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
 * synthesis. Each records what it evaluated in the App's run log (lib/nag/validator-runs.ts), which
 * the main job writes beside the templates. With `cloudFormationValidate`, aws-cdk-lib's CloudFormation
 * Validate is registered as a recording instance (replacing the default one); cdk.json turns its
 * findings into errors. `CDK_VALIDATION=false` turns it off, as it does the default instance.
 */
export function addValidationPlugins(app: App, policy: PolicyNumbers | undefined, cloudFormationValidate: boolean): void {
  const log = ValidatorRunLog.of(app);
  const packs = [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks].map((Pack) => new (recordingPack(Pack, log))(app));
  Validations.of(app).addPlugins(...packs, new (recordingPack(RampartChecks, log))(app, { policy }));
  if (cloudFormationValidate && process.env.CDK_VALIDATION !== 'false') {
    log.cloudFormationValidate = new RecordingCloudFormationValidate(log);
    Validations.of(app).addPlugins(log.cloudFormationValidate);
    // Its engine takes seconds to start: it starts now, while the caller builds the stacks.
    log.cloudFormationValidate.prewarm();
  }
}
