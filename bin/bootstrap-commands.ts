#!/usr/bin/env node
/**
 * `npm run bootstrap-commands [-- --config FILE] [--assembly DIR] [--out DIR]`: prints the `cdk bootstrap`
 * commands for every account and region of the synthesized assembly (run `npm run synth` first), with
 * trust for accounts.deployment, a CloudFormation execution policy limited to the services of the
 * account's resource types and a permissions boundary on every bootstrap role; writes the policy
 * documents to --out (default <assembly>/bootstrap). Never calls AWS.
 * Exit codes: 0 printed, 2 usage, config or assembly error.
 */
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';
import { exitOnConfigError } from '../lib/app/exit-on-config-error';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { namePrefix } from '../lib/plan/naming';
import { bootstrapCommands } from '../lib/report/bootstrap/bootstrap-commands';
import { missingTemplatesProblem } from '../lib/verify/read-assembly';
import {
  accountBootstraps,
  bootstrapPolicyNames,
  boundaryPolicy,
  executionPolicy,
  UnmappedResourceTypes,
} from '../lib/report/bootstrap/bootstrap-policies';

const USAGE = 'usage: npm run bootstrap-commands -- [--config FILE] [--assembly DIR] [--out DIR]';

function fail(message: string): never {
  process.stderr.write(`bootstrap-commands: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { config?: string; assembly?: string; out?: string };
try {
  values = parseArgs({ options: { config: { type: 'string' }, assembly: { type: 'string' }, out: { type: 'string' } } }).values;
} catch (error) {
  fail((error as Error).message);
}
const configPath = values.config ?? DEFAULT_CONFIG_PATH;
const assembly = values.assembly ?? 'cdk.out';
const out = values.out ?? join(assembly, 'bootstrap');
const config = exitOnConfigError(() => loadConfig(configPath));
const deployment = config.accounts?.deployment;
// Every problem at once: the config's and the assembly's.
const problems: string[] = [];
if (deployment === undefined) problems.push(`${configPath}: accounts.deployment is not set (the account every other account trusts)`);
if (!existsSync(join(assembly, 'manifest.json')))
  problems.push(`--assembly ${JSON.stringify(assembly)}: no manifest.json there; run npm run synth first`);
else {
  // A folder `cdk ls` wrote holds no template (lib/app/names-only-listing.ts).
  const problem = missingTemplatesProblem('--assembly', assembly);
  if (problem !== undefined) problems.push(problem);
}
if (deployment === undefined || problems.length > 0) fail(problems.join('\nbootstrap-commands: '));

let bootstraps: ReturnType<typeof accountBootstraps>;
try {
  bootstraps = accountBootstraps(assembly);
} catch (error) {
  if (error instanceof UnmappedResourceTypes) fail(error.message);
  throw error;
}
const names = bootstrapPolicyNames(namePrefix(config));
mkdirSync(out, { recursive: true });
const policyFile = (kind: 'execution' | 'boundary', account: string) =>
  join(out, `${kind === 'execution' ? names.execution : names.boundary}-${account}.json`);
for (const b of bootstraps) {
  writeFileSync(policyFile('execution', b.account), `${JSON.stringify(executionPolicy(b), null, 2)}\n`);
  writeFileSync(policyFile('boundary', b.account), `${JSON.stringify(boundaryPolicy(b, names), null, 2)}\n`);
}
process.stdout.write(`${bootstrapCommands({ bootstraps, deploymentAccount: deployment, names, policyFile }).join('\n')}\n`);
