import { startEngineEarly } from './cloudformation-validate-workers';

/**
 * Imported first by bin/main-job.ts, for this effect alone: CloudFormation Validate's engine starts
 * in its worker while the rest of the job loads (startEngineEarly says why). An import, not a call
 * in the job, because imports run before a module's own statements.
 */
// aws-cdk-lib skips its built-in validation when CDK_VALIDATION=false: no engine to start then.
if (process.env.CDK_VALIDATION !== 'false') startEngineEarly();
