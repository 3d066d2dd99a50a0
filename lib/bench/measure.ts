import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as cdkJson from '../../cdk.json';
import { summarizeAssembly } from '../report/assembly-summary';

/**
 * One run of the real main job as a separate process (`npm run synth`'s command, MAIN_JOB_NODE_ARGS
 * below, with `--config <file>` and every validator on), timed from the outside. Peak memory comes
 * from GNU time (`/usr/bin/time -v`, "Maximum resident set size"): the kernel's ru_maxrss over the
 * process and every descendant it waited for, i.e. the largest single process, which is what has to
 * fit in the machine's memory.
 */

export const GNU_TIME = '/usr/bin/time';

/**
 * How much a WebAssembly function runs (V8's rough count of bytes executed) before V8 compiles it
 * again with its optimizing compiler: 1,000 times Node 20's default, on the command line of the main
 * job and of the CDK app (cdk.json). CloudFormation Validate's engine (9 MB of WebAssembly) runs
 * about two seconds of start-up code once per process; with the default, V8 optimized much of it
 * while it ran, on the other core, for code that never runs again: one tenant of 1,000 took 4.45-5.02
 * s instead of 5.64-6.07 s (about 2 CPU-s less), and the 1,000-tenant job 69.4 and 73.5 s against
 * 72.3 and 74.9 s, where the validation's hot loops still get optimized (docs/benchmarks.md, Round
 * 10). A V8 flag, not a Node option: it changes V8's cachedDataVersionTag, so it cannot be set from
 * inside the job without invalidating the launcher's code cache (bin/v8-code-cache.cjs).
 */
export const WASM_TIERING_BUDGET = '--wasm-tiering-budget=1800000000';

/**
 * What `npm run synth` gives node before the job's own arguments (package.json "synth", checked by
 * test/bench/main-job-command.test.ts), so the bench runs the job exactly as users do: the job from
 * its bundle (bin/run-bundled.cjs, about a second less per run than tsx: docs/benchmarks.md, Round 8).
 * `--max-semi-space-size=32` (MiB, V8's young generation per semi-space; Node 20's default is 16):
 * building a thousand tenants' constructs keeps most of what it allocates; with the default, V8
 * scavenged the main thread 1,317 times for 12.9 s (`--trace-gc`), at 32 666 times for 10.4 s, and
 * the peak memory of six runs was 1,698-1,747 MiB against 1,638-2,020 MiB in seven without it
 * (docs/benchmarks.md, round 6). V8 reads the flag when the process starts: setting it from inside the
 * job (v8.setFlagsFromString) does not resize the young generation. `--expose-gc` for the job's full
 * collection between synthesis and review: set from inside the job instead, it changed V8's flags
 * during the run, and the launcher's code cache, stamped with the flags at exit, was rejected at every
 * next start (455 of the 746 package modules of a one-tenant run; docs/benchmarks.md, Round 9).
 */
export const MAIN_JOB_NODE_ARGS: readonly string[] = [
  '--max-semi-space-size=32',
  '--expose-gc',
  WASM_TIERING_BUDGET,
  'bin/run-bundled.cjs',
  'bin/main-job.ts',
];

/**
 * Makes the bundles of the main job and the CDK app current (`bin/run-bundled.cjs --build-only`) before
 * anything is timed: a run after a change to the code would otherwise include building its bundle
 * (about a second) in one sample. Throws with the launcher's message when one cannot be built.
 */
export function prepareBundles(root: string = process.cwd()): void {
  // The entries as the two commands name them: the last word of each (cdk.json's "app" ends in `bin/run-bundled.cjs bin/app.ts`).
  const entries = [MAIN_JOB_NODE_ARGS[MAIN_JOB_NODE_ARGS.length - 1], cdkJson.app.slice(cdkJson.app.lastIndexOf(' ') + 1)];
  for (const entry of entries) {
    const run = spawnSync(process.execPath, [join(root, 'bin', 'run-bundled.cjs'), '--build-only', entry], { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bin/run-bundled.cjs --build-only ${entry} failed (exit ${run.status}): ${run.stderr}`);
  }
}

export interface RunSample {
  readonly seconds: number;
  /** NaN when /usr/bin/time is missing. */
  readonly peakMiB: number;
  readonly exitCode: number | null;
  /** Stacks in the synthesized assembly (AWS), 0 if the job failed before writing it. */
  readonly stacks: number;
  /** Last lines of the job's output, kept when it failed. */
  readonly tail: string;
  /** Seconds the evidence verifier and the review files took inside the job (its own summary line); NaN if absent. */
  readonly reviewSeconds: number;
}

/** Parses the main job's `Evidence verifier (... ) in 1.23 s` line; NaN when absent. */
export function reviewSecondsFrom(stdout: string): number {
  const match = /^Evidence verifier .* in (\d+(?:\.\d+)?) s\b/m.exec(stdout);
  return match === null ? NaN : Number(match[1]);
}

function tail(text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Parses `Maximum resident set size (kbytes): 123456` from `time -v` output; NaN if absent. */
export function peakKiBFromTimeV(report: string): number {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  return match === null ? NaN : Number(match[1]);
}

/** `extraArgs` go to the main job after its own, e.g. `['--only', '*\/tenant-t0500']`. */
export function runMainJob(configPath: string, root: string = process.cwd(), extraArgs: readonly string[] = []): RunSample {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  try {
    const outdir = join(dir, 'cdk.out');
    const timeFile = join(dir, 'time.txt');
    const command = [
      process.execPath,
      ...MAIN_JOB_NODE_ARGS,
      '--config',
      configPath,
      '--outdir',
      outdir,
      '--gcp-outdir',
      join(dir, 'cdktf.out'),
      ...extraArgs,
    ];
    const useTime = existsSync(GNU_TIME);
    const started = process.hrtime.bigint();
    const run = useTime
      ? spawnSync(GNU_TIME, ['-v', '-o', timeFile, ...command], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      : spawnSync(command[0], command.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakKiB = useTime && existsSync(timeFile) ? peakKiBFromTimeV(readFileSync(timeFile, 'utf8')) : NaN;
    let stacks = 0;
    try {
      stacks = summarizeAssembly(outdir).stacks.length;
    } catch {
      stacks = 0;
    }
    return {
      seconds,
      peakMiB: peakKiB / 1024,
      exitCode: run.status,
      stacks,
      tail: run.status === 0 ? '' : tail(`${run.stdout}\n${run.stderr}`),
      reviewSeconds: reviewSecondsFrom(run.stdout ?? ''),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
