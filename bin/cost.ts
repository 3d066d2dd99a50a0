#!/usr/bin/env node
/**
 * `npm run cost -- [--assembly DIR] [--backup-gb N] [--out DIR]`: the monthly fixed cost of a build,
 * read from its synthesized CloudFormation templates (run `npm run synth` first), priced from
 * lib/cost/price-table.ts. Prints the summary tables; writes rampart-cost.md and rampart-cost.json
 * into --out (default: the assembly directory). Exit codes: 0 written, 2 bad arguments or no assembly.
 */
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';
import { costMarkdown, costSummaryMarkdown } from '../lib/cost/cost-markdown';
import { costReport } from '../lib/cost/cost-report';
import { readAssembly } from '../lib/verify/read-assembly';

const USAGE = 'usage: npm run cost -- [--assembly DIR] [--backup-gb N] [--out DIR]';

function fail(message: string): never {
  process.stderr.write(`cost: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { assembly?: string; 'backup-gb'?: string; out?: string };
try {
  values = parseArgs({
    options: { assembly: { type: 'string', default: 'cdk.out' }, 'backup-gb': { type: 'string', default: '0' }, out: { type: 'string' } },
    allowPositionals: false,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
const assemblyDir = values.assembly ?? 'cdk.out';
if (!existsSync(join(assemblyDir, 'manifest.json'))) fail(`${assemblyDir} holds no cloud assembly; run npm run synth first`);
const backupGbPerVault = Number(values['backup-gb']);
if (!Number.isFinite(backupGbPerVault) || backupGbPerVault < 0)
  fail(`--backup-gb must be a number of GB >= 0, got ${JSON.stringify(values['backup-gb'])}`);

let report: ReturnType<typeof costReport>;
try {
  report = costReport(readAssembly({ awsDir: assemblyDir }), { backupGbPerVault });
} catch (error) {
  fail((error as Error).message);
}
const out = values.out ?? assemblyDir;
writeFileSync(join(out, 'rampart-cost.md'), costMarkdown(report));
writeFileSync(join(out, 'rampart-cost.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(
  `${costSummaryMarkdown(report).join('\n')}\n\nTotal ${report.total} ${report.currency} per month; details in ${join(out, 'rampart-cost.md')} and .json\n`,
);
