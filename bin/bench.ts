#!/usr/bin/env node
/**
 * Benchmarks of the main job as a whole process (never a timed test), printed as Markdown.
 *
 *   npm run bench                                  tenant scaling: generated configs with 1, 10, 50, 100, 200 tenants
 *   npm run bench -- --sizes 1,10 --runs 5         other sizes / number of runs (default 3)
 *   npm run bench -- --config config/default.yaml  given config files instead (repeatable)
 *
 * Each run is `tsx bin/main-job.ts --config <file> --outdir <tmp>` with every validator on; wall
 * time from the outside, peak RSS from /usr/bin/time -v. Tenant configs are config/default.yaml with
 * N generated tenants (lib/bench/tenant-configs.ts). Scaling mode also checks the targets (100
 * tenants ≤ 60 s and ≤ 2 GiB, 200 tenants ≤ 2.1 × the time of 100) and exits 1 when a run fails or
 * a target is missed. Progress goes to stderr, the report to stdout.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseArgs } from 'util';
import { median, RunSample, runMainJob } from '../lib/bench/measure';
import { writeTenantBenchConfig } from '../lib/bench/tenant-configs';
import { DEFAULT_SIZES, scalingReport, SizeResult } from '../lib/bench/tenant-scaling';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run bench -- [--runs N] [--sizes 1,10,50] | [--config FILE ...]\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: { runs: { type: 'string', default: '3' }, sizes: { type: 'string' }, config: { type: 'string', multiple: true } },
  });
} catch (error) {
  usage((error as Error).message);
}
const { values } = parsed;
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) usage(`--runs: expected a whole number >= 1, got "${values.runs}"`);
if (values.config !== undefined && values.sizes !== undefined) usage('--config and --sizes are alternatives; give one of them');

function sample(configPath: string, label: string): RunSample[] {
  return Array.from({ length: runs }, (_, i) => {
    const s = runMainJob(configPath);
    process.stderr.write(
      `${label} run ${i + 1}/${runs}: ${s.seconds.toFixed(1)} s, ${s.peakMiB.toFixed(0)} MiB, ${s.stacks} stacks, exit ${s.exitCode}\n`,
    );
    if (s.exitCode !== 0) process.stderr.write(`${s.tail}\n`);
    return s;
  });
}

if (values.config !== undefined) {
  const rows = [
    '| config | runs | median wall (s) | min / max (s) | median peak RSS (MiB) | median verifier + review files (s) | share of wall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  let failed = false;
  for (const configPath of values.config) {
    const samples = sample(configPath, configPath);
    const secs = samples.map((s) => s.seconds);
    failed ||= samples.some((s) => s.exitCode !== 0);
    const review = median(samples.map((s) => s.reviewSeconds));
    rows.push(
      `| ${configPath} | ${runs} | ${median(secs).toFixed(2)} | ${Math.min(...secs).toFixed(2)} / ${Math.max(...secs).toFixed(2)} | ` +
        `${median(samples.map((s) => s.peakMiB)).toFixed(0)} | ${review.toFixed(2)} | ${((100 * review) / median(secs)).toFixed(1)} % |`,
    );
  }
  process.stdout.write(`${rows.join('\n')}\n`);
  process.exit(failed ? 1 : 0);
}

const sizes = values.sizes === undefined ? DEFAULT_SIZES : values.sizes.split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 0)) usage(`--sizes: expected comma-separated tenant counts, got "${values.sizes}"`);

const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-configs-'));
try {
  const results: SizeResult[] = sizes.map((tenants) => {
    const generated = writeTenantBenchConfig(tenants, dir);
    return { tenants, pinned: generated.pinned.length, samples: sample(generated.path, `${tenants} tenants`) };
  });
  const report = scalingReport(results);
  process.stdout.write(report.markdown);
  process.exitCode = report.ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
