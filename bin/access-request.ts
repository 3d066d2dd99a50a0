#!/usr/bin/env node
/**
 * `npm run access:request -- --account ID --permission-set Operator|PlatformAdministrator --user USER_ID --minutes N --reason TEXT [--config FILE]`
 *
 * ACCESS-JIT: prints the exact API steps of one just-in-time elevation (the approver's
 * start-execution with its input, how to watch it, how it ends). Exit codes: 0 printed,
 * 2 bad arguments, a config without identityCenter, or an invalid request (every problem listed).
 */
import { parseArgs } from 'util';
import { exitOnConfigError } from '../lib/app/exit-on-config-error';
import { awsPart } from '../lib/config/aws-part';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { accessRequestSteps } from '../lib/plan/access-request';
import { identityPlan } from '../lib/plan/identity-plans';

const USAGE =
  'usage: npm run access:request -- --account ID --permission-set Operator|PlatformAdministrator --user USER_ID --minutes N --reason TEXT [--config FILE]';

function fail(errors: readonly string[]): never {
  process.stderr.write(`${errors.map((e) => `access:request: ${e}`).join('\n')}\n${USAGE}\n`);
  process.exit(2);
}

let values: Record<string, string | undefined>;
try {
  values = parseArgs({
    options: {
      account: { type: 'string' },
      'permission-set': { type: 'string' },
      user: { type: 'string' },
      minutes: { type: 'string' },
      reason: { type: 'string' },
      config: { type: 'string', default: DEFAULT_CONFIG_PATH },
    },
    allowPositionals: false,
  }).values;
} catch (error) {
  fail([(error as Error).message]);
}
const missing = ['account', 'permission-set', 'user', 'minutes', 'reason'].filter((k) => values[k] === undefined).map((k) => `--${k} is required`);
if (missing.length > 0) fail(missing);

const config = exitOnConfigError(() => loadConfig(values.config ?? DEFAULT_CONFIG_PATH));
const aws = awsPart(config);
const plan = aws === undefined ? undefined : identityPlan(aws);
if (plan === undefined)
  fail([`${values.config}: no identityCenter section, so there is no just-in-time state machine (README, "People and access")`]);
const result = accessRequestSteps(plan, {
  account: values.account ?? '',
  permissionSet: values['permission-set'] ?? '',
  userId: values.user ?? '',
  minutes: Number(values.minutes),
  reason: values.reason ?? '',
});
if (result.errors.length > 0) fail(result.errors);
process.stdout.write(`${result.steps.join('\n')}\n`);
