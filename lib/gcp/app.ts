import { App } from 'cdktf';
import { RampartConfig } from '../config/schema';
import { stackContexts } from './names';
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
  const contexts = stackContexts(config);
  for (const context of contexts) {
    const otherRegionsInProject = contexts.filter((c) => c !== context && c.project === context.project).map((c) => c.region);
    new RecordingsStack(app, { context, otherRegionsInProject });
  }
  return app;
}
