/**
 * Benchmark of the GCP app as a whole process: `npx tsx bin/bench-gcp.ts [--runs N] [--config FILE]`.
 * Runs `npx tsx bin/gcp-app.ts` N times (default 5) after one untimed warm-up (tsx's transform
 * cache), and prints the median, min and max wall time and the peak RSS of the whole process tree
 * (`/usr/bin/time -v` when present; otherwise the children's rusage, which covers the node process
 * tree that `npx` waits for).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

function argument(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
}

interface Run {
  ms: number;
  peakRssMb: number;
}

const TIME = '/usr/bin/time';

function runOnce(config: string, outdir: string): Run {
  const command = ['npx', 'tsx', 'bin/gcp-app.ts', '--config', config, '--outdir', outdir];
  const useTime = existsSync(TIME);
  const started = process.hrtime.bigint();
  const child = useTime ? spawnSync(TIME, ['-v', ...command], { encoding: 'utf8' }) : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) {
    throw new Error(`gcp-app exited with ${child.status}:\n${child.stdout}\n${child.stderr}`);
  }
  let peakRssMb: number;
  if (useTime) {
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1];
    peakRssMb = kb === undefined ? NaN : Number(kb) / 1024;
  } else {
    // maxRSS of the largest terminated, waited-for descendant (kilobytes on Linux).
    peakRssMb = process.resourceUsage().maxRSS / 1024;
  }
  return { ms, peakRssMb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main(): void {
  const runs = Number(argument('runs', '5'));
  const config = argument('config', 'config/default.yaml');
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, got ${argument('runs', '5')}`);
  const outdir = mkdtempSync(join(tmpdir(), 'rampart-bench-gcp-'));
  try {
    runOnce(config, outdir); // warm-up, not counted
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const run = runOnce(config, outdir);
      results.push(run);
      console.log(`run ${i + 1}/${runs}: ${Math.round(run.ms)} ms, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
    }
    const times = results.map((r) => r.ms);
    const rss = results.map((r) => r.peakRssMb);
    console.log(
      `GCP app (npx tsx bin/gcp-app.ts --config ${config}), ${runs} runs: median ${Math.round(median(times))} ms ` +
        `(min ${Math.round(Math.min(...times))}, max ${Math.round(Math.max(...times))}); ` +
        `peak RSS median ${median(rss).toFixed(0)} MB (max ${Math.max(...rss).toFixed(0)} MB)` +
        `${existsSync(TIME) ? ' [/usr/bin/time -v]' : ' [process.resourceUsage]'}`,
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main();
