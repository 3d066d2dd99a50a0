#!/usr/bin/env node
/**
 * `npm run cdk -- <command> [...]`: the pinned CDK CLI (node_modules/aws-cdk), except that a bare
 * `cdk diff` is refused with exit 2 and the patterns to use (lib/app/bare-diff-guard.ts says why
 * the app itself cannot tell). Everything else runs unchanged, with the CLI's exit code.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { bareDiffRefusal, PINNED_CLI_DIR, pinnedCliRegistry } from '../lib/app/bare-diff-guard';

const argv = process.argv.slice(2);
const refusal = bareDiffRefusal(argv, pinnedCliRegistry());
if (refusal !== undefined) {
  process.stderr.write(`${refusal}\n`);
  process.exit(2);
}
const run = spawnSync(process.execPath, [join(PINNED_CLI_DIR, 'bin', 'cdk'), ...argv], { stdio: 'inherit' });
if (run.error !== undefined) throw run.error;
process.exit(run.status ?? 1);
