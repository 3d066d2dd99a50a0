#!/usr/bin/env node
/**
 * `npm run tenant:offboard -- <tenant-id> [--config FILE] [--out FILE]`: prints the offboarding
 * (crypto-shredding) procedure for one tenant as Markdown, with exact commands; writes it to FILE
 * with --out. Computes everything from the config; never calls AWS.
 *
 * `npm run tenant:offboard -- --assembly DIR --tenant ID`: the same from a cloud assembly (the
 * pipeline's last deployed one, once the tenant has left the config): lib/offboarding/assembly-tenant.ts.
 * `npm run tenant:offboard -- --assembly DEPLOYED --absent-from NEW`: the procedure of every tenant
 * of DEPLOYED that NEW no longer has (the pipeline's offboarding step); a line saying so when none.
 * With --tenants-out FILE it also writes their ids, `acme,globex` or `none`, for the pipeline's
 * OFFBOARDED_TENANTS variable (lib/plan/departing-tenants.ts).
 * Exit codes: 0 printed, 2 usage or config error (including an unknown tenant id).
 */
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';
import { exitOnConfigError } from '../lib/app/exit-on-config-error';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { tenantFromAssembly, tenantIdsInAssembly } from '../lib/offboarding/assembly-tenant';
import { departingTenantsVariable } from '../lib/plan/departing-tenants';
import { renderOffboardingPlan } from '../lib/offboarding/offboarding-markdown';
import { offboardingPlan, offboardingPlanOf, OffboardingConfigError } from '../lib/offboarding/offboarding-plan';
import { missingTemplatesProblem } from '../lib/verify/read-assembly';

const USAGE = [
  'usage: npm run tenant:offboard -- <tenant-id> [--config FILE] [--out FILE]',
  '       npm run tenant:offboard -- --assembly DIR --tenant ID [--out FILE]',
  '       npm run tenant:offboard -- --assembly DEPLOYED --absent-from NEW [--out FILE] [--tenants-out FILE]',
].join('\n');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      assembly: { type: 'string' },
      tenant: { type: 'string' },
      'absent-from': { type: 'string' },
      out: { type: 'string' },
      'tenants-out': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
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
const absentFrom = values['absent-from'];
const ids = [...positionals, ...(values.tenant === undefined ? [] : [values.tenant])];
const problems = [
  ...(absentFrom === undefined && ids.length !== 1 ? [`expected exactly one tenant id, got ${ids.length === 0 ? 'none' : ids.join(' ')}`] : []),
  ...(absentFrom !== undefined && ids.length > 0 ? [`--absent-from selects the tenants itself; got also ${ids.join(' ')}`] : []),
  ...(absentFrom !== undefined && values.assembly === undefined ? ['--absent-from needs --assembly (the deployed assembly)'] : []),
  ...(values['tenants-out'] !== undefined && absentFrom === undefined ? ['--tenants-out needs --absent-from (it lists the tenants that left)'] : []),
  ...(values.assembly !== undefined && values.config !== undefined
    ? ['--assembly and --config exclude each other: the assembly holds what the config held']
    : []),
];
// An assembly to read tenants from must hold its templates (`cdk ls` writes none: lib/app/names-only-listing.ts).
for (const [flag, dir] of [
  ['--assembly', values.assembly],
  ['--absent-from', absentFrom],
] as const) {
  if (dir === undefined) continue;
  const problem = existsSync(join(dir, 'manifest.json'))
    ? missingTemplatesProblem(flag, dir)
    : `${flag} ${JSON.stringify(dir)}: no manifest.json there (not a cloud assembly)`;
  if (problem !== undefined) problems.push(problem);
}
if (problems.length > 0) fail(`${problems.join('\n')}\n${USAGE}`);

let markdown: string;
let source: string;
try {
  if (values.assembly !== undefined) {
    const assembly = values.assembly;
    source = assembly;
    if (absentFrom !== undefined) {
      const kept = new Set(tenantIdsInAssembly(absentFrom));
      const removed = tenantIdsInAssembly(assembly).filter((id) => !kept.has(id));
      if (values['tenants-out'] !== undefined) writeFileSync(values['tenants-out'], `${departingTenantsVariable(removed)}\n`);
      markdown =
        removed.length === 0
          ? `No tenant of ${assembly} is absent from ${absentFrom}: nothing to offboard.\n`
          : removed.map((id) => renderOffboardingPlan(offboardingPlanOf(tenantFromAssembly(assembly, id)))).join('\n');
    } else {
      markdown = renderOffboardingPlan(offboardingPlanOf(tenantFromAssembly(assembly, ids[0])));
    }
  } else {
    const configPath = values.config ?? DEFAULT_CONFIG_PATH;
    source = configPath;
    const config = exitOnConfigError(() => loadConfig(configPath));
    markdown = renderOffboardingPlan(offboardingPlan(config, ids[0]));
  }
} catch (error) {
  if (error instanceof OffboardingConfigError) fail(`${source!}: ${error.message}`);
  throw error;
}
if (values.out !== undefined) writeFileSync(values.out, markdown);
process.stdout.write(markdown);
