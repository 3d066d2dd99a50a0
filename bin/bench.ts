#!/usr/bin/env node
/**
 * Benchmarks of the main job as a whole process (never a timed test), printed as Markdown.
 *
 *   npm run bench                                  tenant scaling: generated configs with 1, 10, 50, 100, 200 tenants
 *   npm run bench -- --sizes 1,10 --runs 5         other sizes / number of runs (default 3)
 *   npm run bench -- --config config/default.yaml  given config files instead (repeatable)
 *   npm run bench -- --selective [--with-full]     selective synthesis (issue 13): one tenant out of 1,000
 *                                                  (`--only '*\/tenant-t0500'`), `cdk ls` at the default
 *                                                  config, and with --with-full the whole 1,000-tenant main job
 *
 * Each main-job run is `npm run synth`'s command (node with MAIN_JOB_NODE_ARGS, lib/bench/measure.ts)
 * with `--config <file> --outdir <tmp>`, every validator on; wall time from the outside, peak RSS
 * from /usr/bin/time -v. Tenant configs are config/default.yaml with N generated tenants
 * (lib/bench/tenant-configs.ts). Scaling mode also checks the targets (100 tenants ≤ 60 s and ≤ 2 GiB,
 * 200 tenants ≤ 2.1 × the time of 100) and exits 1 when a run fails or a target is missed.
 * The `cdk ls` row runs the CDK CLI, which starts cdk.json's app (lib/bench/selective.ts).
 * Progress goes to stderr, the report to stdout.
 */
import { mkdtempSync, rmSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { parseArgs } from 'util';
import { median, prepareBundles, RunSample, runMainJob } from '../lib/bench/measure';
import { generatedTenantId, writeTenantBenchConfig } from '../lib/bench/tenant-configs';
import { runCdkLs, SELECTIVE_TARGETS, SELECTIVE_TENANTS, selectiveReport, SelectiveRow } from '../lib/bench/selective';
import { DEFAULT_SIZES, SCALING_TARGETS, scalingReport, SizeResult } from '../lib/bench/tenant-scaling';
import { DEFAULT_CONFIG_PATH } from '../lib/config/loader';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run bench -- [--runs N] [--sizes 1,10,50] | [--config FILE ...] | [--selective [--with-full]]\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      sizes: { type: 'string' },
      config: { type: 'string', multiple: true },
      selective: { type: 'boolean', default: false },
      'with-full': { type: 'boolean', default: false },
    },
  });
} catch (error) {
  usage((error as Error).message);
}
const { values } = parsed;
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) usage(`--runs: expected a whole number >= 1, got "${values.runs}"`);
if (values.config !== undefined && values.sizes !== undefined) usage('--config and --sizes are alternatives; give one of them');

// Built before the first timed run, not inside it.
prepareBundles();

function sample(configPath: string, label: string, run: () => RunSample = () => runMainJob(configPath)): RunSample[] {
  return Array.from({ length: runs }, (_, i) => {
    const s = run();
    process.stderr.write(
      `${label} run ${i + 1}/${runs}: ${s.seconds.toFixed(1)} s, ${s.peakMiB.toFixed(0)} MiB, ${s.stacks} stacks, exit ${s.exitCode}\n`,
    );
    if (s.exitCode !== 0) process.stderr.write(`${s.tail}\n`);
    return s;
  });
}

if (values.selective) {
  // The machine may be shared: medians of several runs, and the load average printed beside them.
  let ok = false;
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-configs-'));
  try {
    const generated = writeTenantBenchConfig(SELECTIVE_TENANTS, dir);
    const one = `*/tenant-${generatedTenantId(SELECTIVE_TENANTS / 2)}`;
    const rows: SelectiveRow[] = [
      {
        label: `npm run synth -- --only '${one}' (${SELECTIVE_TENANTS} tenants)`,
        samples: sample(generated.path, `only ${one}`, () => runMainJob(generated.path, process.cwd(), ['--only', one])),
        targetSeconds: SELECTIVE_TARGETS.oneTenantOf1000Seconds,
      },
      {
        label: `cdk ls (${DEFAULT_CONFIG_PATH})`,
        samples: sample(DEFAULT_CONFIG_PATH, 'cdk ls', () => runCdkLs(DEFAULT_CONFIG_PATH)),
        targetSeconds: SELECTIVE_TARGETS.cdkLsSeconds,
      },
    ];
    if (values['with-full']) {
      rows.push({
        label: `npm run synth (${SELECTIVE_TENANTS} tenants, everything)`,
        samples: sample(generated.path, `${SELECTIVE_TENANTS} tenants`),
        targetSeconds: SCALING_TARGETS.secondsAt100,
        targetMiB: SCALING_TARGETS.peakMiBAt100,
      });
    }
    const report = selectiveReport(rows);
    process.stdout.write(
      `${report.markdown}\nLoad average during the runs (1, 5, 15 min): ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} on ${cpus().length} cores.\n`,
    );
    ok = report.ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
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
