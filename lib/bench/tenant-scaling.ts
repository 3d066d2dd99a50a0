import { median, RunSample } from './measure';

/**
 * The tenant-scaling targets and the Markdown report of `npm run bench`. Pure: takes the samples,
 * returns the table and the verdicts, so the formatting is testable without running anything.
 */
export const SCALING_TARGETS = {
  /** 100 tenants synthesize, with every validator on, in at most this many seconds (median). */
  secondsAt100: 60,
  /** ... within this peak resident memory. */
  peakMiBAt100: 2048,
  /** Time for 200 tenants at most this multiple of the time for 100 (close to linear). */
  ratio200To100: 2.1,
} as const;

export const DEFAULT_SIZES: readonly number[] = [1, 10, 50, 100, 200];

export interface SizeResult {
  readonly tenants: number;
  readonly samples: readonly RunSample[];
  /** Tenants whose CIDR the generator pinned after a hash collision. */
  readonly pinned: number;
}

export interface ScalingReport {
  readonly markdown: string;
  /** False when a run failed or a target that could be evaluated was missed. */
  readonly ok: boolean;
}

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function scalingReport(results: readonly SizeResult[]): ScalingReport {
  const lines = [
    '| tenants | stacks | runs | median wall (s) | min / max (s) | peak RSS (MiB) | CIDRs pinned |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  let ok = true;
  const medians = new Map<number, { seconds: number; peakMiB: number }>();
  for (const r of results) {
    const failed = r.samples.filter((s) => s.exitCode !== 0);
    const secs = r.samples.map((s) => s.seconds);
    const peak = Math.max(...r.samples.map((s) => s.peakMiB));
    const stacks = Math.max(...r.samples.map((s) => s.stacks));
    if (failed.length > 0) ok = false;
    else medians.set(r.tenants, { seconds: median(secs), peakMiB: peak });
    lines.push(
      `| ${r.tenants} | ${stacks} | ${r.samples.length} | ${failed.length > 0 ? `FAILED (${failed.length} of ${r.samples.length}, exit ${failed[0].exitCode})` : fmt(median(secs), 2)} | ${fmt(Math.min(...secs), 2)} / ${fmt(Math.max(...secs), 2)} | ${fmt(peak, 0)} | ${r.pinned} |`,
    );
  }
  lines.push('');
  const at100 = medians.get(100);
  const at200 = medians.get(200);
  const verdict = (pass: boolean) => {
    if (!pass) ok = false;
    return pass ? 'met' : '**MISSED**';
  };
  const t = SCALING_TARGETS;
  if (at100 !== undefined && at200 !== undefined) {
    const ratio = at200.seconds / at100.seconds;
    lines.push(`200/100 time ratio: ${ratio.toFixed(2)} (target ≤ ${t.ratio200To100}: ${verdict(ratio <= t.ratio200To100)})`);
  } else {
    lines.push(`200/100 time ratio: not measured (needs successful runs at 100 and 200 tenants; target ≤ ${t.ratio200To100})`);
  }
  if (at100 !== undefined) {
    lines.push(`100 tenants: ${at100.seconds.toFixed(1)} s (target ≤ ${t.secondsAt100} s: ${verdict(at100.seconds <= t.secondsAt100)})`);
    lines.push(
      Number.isFinite(at100.peakMiB)
        ? `100 tenants: ${at100.peakMiB.toFixed(0)} MiB peak RSS (target ≤ ${t.peakMiBAt100} MiB: ${verdict(at100.peakMiB <= t.peakMiBAt100)})`
        : `100 tenants: peak RSS not measured (/usr/bin/time missing; target ≤ ${t.peakMiBAt100} MiB)`,
    );
  } else {
    lines.push(`100 tenants: not measured (targets ≤ ${t.secondsAt100} s and ≤ ${t.peakMiBAt100} MiB)`);
  }
  return { markdown: `${lines.join('\n')}\n`, ok };
}
