#!/usr/bin/env node
/**
 * `npm run access:report [-- --assembly DIR] [--json]`
 *
 * ACCESS-REVIEW: lists, from a synthesized cloud assembly alone (default cdk.out), every role, user
 * and permission set, who can assume it and its boundary: the population sampled at the quarterly
 * access review. Markdown on stdout (or JSON with --json). Exit code 2 on bad arguments or no assembly.
 */
import { parseArgs } from 'util';
import { accessReportMarkdown, accessRows } from '../lib/report/access-report';
import { readAssembly } from '../lib/verify/read-assembly';

const USAGE = 'usage: npm run access:report -- [--assembly DIR] [--json]';

function main(): void {
  let values: { assembly?: string; json?: boolean };
  try {
    values = parseArgs({ options: { assembly: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: false }).values;
  } catch (error) {
    process.stderr.write(`access:report: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const dir = values.assembly ?? 'cdk.out';
  let rows;
  try {
    rows = accessRows(readAssembly({ awsDir: dir }));
  } catch (error) {
    process.stderr.write(`access:report: ${(error as Error).message}; run npm run synth first\n${USAGE}\n`);
    process.exit(2);
  }
  process.stdout.write(values.json === true ? `${JSON.stringify(rows, null, 2)}\n` : accessReportMarkdown(rows));
}

main();
