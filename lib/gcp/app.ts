import { App } from 'cdktf';
import { RampartConfig } from '../config/schema';
import { planDeployment } from '../plan/plan-deployment';
import { RecordingsStack } from './stacks/recordings-stack';

/** Where the main job and bin/gcp-app.ts write the Terraform JSON. */
export const DEFAULT_GCP_OUTDIR = 'cdktf.out';

/**
 * Builds the GCP app for a validated config: one RecordingsStack per variant (US always, EU when
 * gcp.eu.enabled). Pure: nothing is written until `app.synth()`. Without a `gcp:` section the app
 * has no stacks.
 */
export function buildGcpApp(config: RampartConfig, outdir: string = DEFAULT_GCP_OUTDIR): App {
  const app = new App({ outdir, stackTraces: false });
  for (const plan of planDeployment(config).gcp) new RecordingsStack(app, plan);
  return app;
}
