#!/usr/bin/env node
/**
 * Benchmark of the main job as a whole process (never a timed test): runs
 * `tsx bin/main-job.ts --config <file>` several times per config and prints the median wall time
 * and peak resident memory (from /usr/bin/time) as a Markdown table.
 *
 *   npm run bench -- [--runs 5] [--config config/default.yaml ...]
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseArgs } from 'util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, config: { type: 'string', multiple: true, default: ['config/default.yaml'] } },
});
const runs = Number(values.runs);
const TIME = '/usr/bin/time';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function once(configPath: string): { seconds: number; peakMiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  const timeFile = join(dir, 'time.txt');
  const command = ['node_modules/.bin/tsx', 'bin/main-job.ts', '--config', configPath, '--outdir', join(dir, 'cdk.out')];
  const useTime = existsSync(TIME);
  const started = process.hrtime.bigint();
  const run = useTime
    ? spawnSync(TIME, ['-f', '%M', '-o', timeFile, ...command], { encoding: 'utf8' })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`main job failed for ${configPath} (exit ${run.status}):\n${run.stderr}`);
  const peakKiB = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : NaN;
  return { seconds, peakMiB: peakKiB / 1024 };
}

const rows = ['| config | runs | median wall (s) | min / max (s) | median peak RSS (MiB) |', '| --- | ---: | ---: | ---: | ---: |'];
for (const configPath of values.config ?? []) {
  const samples = Array.from({ length: runs }, () => once(configPath));
  const secs = samples.map((s) => s.seconds);
  rows.push(
    `| ${configPath} | ${runs} | ${median(secs).toFixed(2)} | ${Math.min(...secs).toFixed(2)} / ${Math.max(...secs).toFixed(2)} | ${median(samples.map((s) => s.peakMiB)).toFixed(0)} |`,
  );
}
process.stdout.write(`${rows.join('\n')}\n`);
