/**
 * The Google Cloud app, cdktf-style: `npx tsx bin/gcp-app.ts [--config FILE] [--outdir DIR]`.
 * Synthesizes the US (and EU) recordings stacks into cdktf.out/stacks/<stack>/cdk.tf.json, runs
 * the GCP policy suite on the written JSON, prints a summary and exits non-zero on any finding.
 * Exit codes: 0 clean, 1 policy findings, 2 config error (message only, no stack trace).
 */
import { ConfigError } from '../lib/config/errors';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { DEFAULT_GCP_OUTDIR, synthGcp } from '../lib/gcp';

function argument(name: string): string | undefined {
  const args = process.argv.slice(2);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  if (inline !== undefined) return inline.slice(name.length + 3);
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

function main(): number {
  const configPath = argument('config') ?? DEFAULT_CONFIG_PATH;
  // `cdktf synth` passes its output directory in CDKTF_OUTDIR.
  const outdir = argument('outdir') ?? process.env.CDKTF_OUTDIR ?? DEFAULT_GCP_OUTDIR;
  let config;
  try {
    config = loadConfig(configPath);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  if (config.gcp === undefined) {
    console.log(`${configPath}: no gcp: section, nothing to synthesize`);
    return 0;
  }
  const started = process.hrtime.bigint();
  const result = synthGcp(config, config.policy, outdir);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let total = 0;
  for (const stack of result.stacks) {
    total += stack.findings.length;
    const status = stack.findings.length === 0 ? 'policy suite clean' : `${stack.findings.length} policy finding(s)`;
    console.log(`${stack.name}: ${stack.resourceCount} resources -> ${result.outdir}/stacks/${stack.name}/cdk.tf.json (${status})`);
    for (const finding of stack.findings) console.log(`  [${finding.ruleId}] ${finding.message}`);
  }
  console.log(`GCP: ${result.stacks.length} stack(s) synthesized and checked in ${Math.round(ms)} ms${total > 0 ? `; ${total} finding(s)` : ''}`);
  return total === 0 ? 0 : 1;
}

process.exitCode = main();
