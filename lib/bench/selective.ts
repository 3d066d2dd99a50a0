import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { GNU_TIME, median, peakKiBFromTimeV, RunSample } from './measure';

/**
 * The selective-synthesis targets of `npm run bench -- --selective` (issue 13, item 5) and the
 * timing of `cdk ls` as a user runs it (the CLI starting the app, which builds every stack as an
 * empty shell: lib/app/names-only-listing.ts). Wall time from the outside, peak RSS from GNU time.
 */
export const SELECTIVE_TARGETS = {
  /** `npm run synth -- --only '*\/tenant-<id>'` on a 1,000-tenant config, every validator on. */
  oneTenantOf1000Seconds: 5,
  /** `cdk ls` at the default config. */
  cdkLsSeconds: 3,
} as const;

export const SELECTIVE_TENANTS = 1000;

/** One `cdk ls` (node_modules/aws-cdk, cdk.json's app) with `-c config=<file>`, into a temporary outdir. */
export function runCdkLs(configPath: string, root: string = process.cwd()): RunSample {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-ls-'));
  try {
    const timeFile = join(dir, 'time.txt');
    const command = [
      process.execPath,
      join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk'),
      'ls',
      '-c',
      `config=${configPath}`,
      '-o',
      join(dir, 'cdk.out'),
    ];
    const args = [...command, '--no-notices', '--no-version-reporting'];
    const env = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' };
    const useTime = existsSync(GNU_TIME);
    const started = process.hrtime.bigint();
    const run = useTime
      ? spawnSync(GNU_TIME, ['-v', '-o', timeFile, ...args], { cwd: root, encoding: 'utf8', env })
      : spawnSync(args[0], args.slice(1), { cwd: root, encoding: 'utf8', env });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakKiB = useTime && existsSync(timeFile) ? peakKiBFromTimeV(readFileSync(timeFile, 'utf8')) : NaN;
    const stacks = (run.stdout ?? '').split('\n').filter((l) => l.trim() !== '').length;
    return {
      seconds,
      peakMiB: peakKiB / 1024,
      exitCode: run.status,
      stacks,
      tail: run.status === 0 ? '' : `${run.stdout}\n${run.stderr}`.trimEnd().split('\n').slice(-25).join('\n'),
      reviewSeconds: NaN,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SelectiveRow {
  readonly label: string;
  readonly samples: readonly RunSample[];
  /** Target in seconds (median wall), if any. */
  readonly targetSeconds?: number;
  readonly targetMiB?: number;
}

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The Markdown table of `--selective` and whether every run passed and every target was met. */
export function selectiveReport(rows: readonly SelectiveRow[]): { readonly markdown: string; readonly ok: boolean } {
  const lines = [
    '| run | stacks | runs | median wall (s) | min / max (s) | peak RSS (MiB) | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  let ok = true;
  for (const row of rows) {
    const secs = row.samples.map((s) => s.seconds);
    const failed = row.samples.filter((s) => s.exitCode !== 0);
    const wall = median(secs);
    const peak = Math.max(...row.samples.map((s) => s.peakMiB));
    const targets: string[] = [];
    if (row.targetSeconds !== undefined) targets.push(`≤ ${row.targetSeconds} s: ${wall <= row.targetSeconds ? 'met' : '**MISSED**'}`);
    if (row.targetMiB !== undefined) targets.push(`≤ ${row.targetMiB} MiB: ${peak <= row.targetMiB ? 'met' : '**MISSED**'}`);
    if (
      failed.length > 0 ||
      (row.targetSeconds !== undefined && wall > row.targetSeconds) ||
      (row.targetMiB !== undefined && !(peak <= row.targetMiB))
    ) {
      ok = false;
    }
    const stacks = Math.max(...row.samples.map((s) => s.stacks));
    lines.push(
      `| ${row.label} | ${stacks} | ${row.samples.length} | ${failed.length > 0 ? `FAILED (${failed.length}, exit ${failed[0].exitCode})` : fmt(wall, 2)} | ` +
        `${fmt(Math.min(...secs), 2)} / ${fmt(Math.max(...secs), 2)} | ${fmt(peak, 0)} | ${targets.join(', ') || '-'} |`,
    );
  }
  return { markdown: `${lines.join('\n')}\n`, ok };
}
