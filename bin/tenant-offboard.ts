#!/usr/bin/env node
/**
 * `npm run tenant:offboard -- <tenant-id> [--config FILE] [--out FILE]`: prints the offboarding
 * (crypto-shredding) procedure for one tenant as Markdown, with exact commands; writes it to FILE
 * with --out. Computes everything from the config; never calls AWS.
 * Exit codes: 0 printed, 2 usage or config error (including an unknown tenant id).
 */
import { writeFileSync } from 'fs';
import { parseArgs } from 'util';
import { exitOnConfigError } from '../lib/app/exit-on-config-error';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { renderOffboardingPlan } from '../lib/offboarding/offboarding-markdown';
import { offboardingPlan, OffboardingConfigError } from '../lib/offboarding/offboarding-plan';

const USAGE = 'usage: npm run tenant:offboard -- <tenant-id> [--config FILE] [--out FILE]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { config: { type: 'string', default: DEFAULT_CONFIG_PATH }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 1) fail(`expected exactly one tenant id, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}\n${USAGE}`);

const configPath = values.config ?? DEFAULT_CONFIG_PATH;
const config = exitOnConfigError(() => loadConfig(configPath));
let markdown: string;
try {
  markdown = renderOffboardingPlan(offboardingPlan(config, positionals[0]));
} catch (error) {
  if (error instanceof OffboardingConfigError) fail(`${configPath}: ${error.message}`);
  throw error;
}
if (values.out !== undefined) writeFileSync(values.out, markdown);
process.stdout.write(markdown);
