#!/usr/bin/env node
/**
 * `npm run cdk -- <command> [...]`: the pinned CDK CLI (node_modules/aws-cdk), except that a bare
 * `cdk diff` is refused with exit 2 and the patterns to use (lib/app/bare-diff-guard.ts says why
 * the app itself cannot tell). Everything else runs unchanged, with the CLI's exit code.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { bareDiffRefusal, type CliTypeRegistry } from '../lib/app/bare-diff-guard';

const CLI_DIR = join(__dirname, '..', 'node_modules', 'aws-cdk');
const registry = JSON.parse(readFileSync(join(CLI_DIR, 'lib', 'cli', 'cli-type-registry.json'), 'utf8')) as CliTypeRegistry;
const argv = process.argv.slice(2);
const refusal = bareDiffRefusal(argv, registry);
if (refusal !== undefined) {
  process.stderr.write(`${refusal}\n`);
  process.exit(2);
}
const run = spawnSync(process.execPath, [join(CLI_DIR, 'bin', 'cdk'), ...argv], { stdio: 'inherit' });
if (run.error !== undefined) throw run.error;
process.exit(run.status ?? 1);
