import { peakKiBFromTimeV, reviewSecondsFrom } from '../../lib/bench/measure';
import { scalingReport, SizeResult } from '../../lib/bench/tenant-scaling';

const ok = (seconds: number, peakMiB: number, stacks: number) => ({ seconds, peakMiB, stacks, exitCode: 0, tail: '', reviewSeconds: NaN });
const size = (tenants: number, ...samples: ReturnType<typeof ok>[]): SizeResult => ({ tenants, samples, pinned: 0 });

describe('tenant scaling report (lib/bench/tenant-scaling.ts)', () => {
  test('GIVEN runs within the targets WHEN reported THEN the table shows medians, min/max, peak and the ratio, and it is ok', () => {
    const report = scalingReport([
      size(100, ok(30, 900, 103), ok(32, 950, 103), ok(31, 920, 103)),
      size(200, ok(60, 1500, 203), ok(62, 1600, 203), ok(61, 1550, 203)),
    ]);
    expect(report.markdown).toContain('| 100 | 103 | 3 | 31.00 | 30.00 / 32.00 | 950 | 0 |');
    expect(report.markdown).toContain('200/100 time ratio: 1.97 (target ≤ 2.1: met)');
    expect(report.markdown).toContain('100 tenants: 31.0 s (target ≤ 60 s: met)');
    expect(report.ok).toBe(true);
  });

  test('GIVEN a missed target or a failed run WHEN reported THEN it says so and is not ok', () => {
    const slow = scalingReport([size(100, ok(70, 900, 103)), size(200, ok(160, 1500, 203))]);
    expect(slow.markdown).toContain('200/100 time ratio: 2.29 (target ≤ 2.1: **MISSED**)');
    expect(slow.markdown).toContain('100 tenants: 70.0 s (target ≤ 60 s: **MISSED**)');
    expect(slow.ok).toBe(false);
    const failed = scalingReport([size(1, { ...ok(5, 500, 0), exitCode: 1 })]);
    expect(failed.markdown).toContain('FAILED (1 of 1, exit 1)');
    expect(failed.ok).toBe(false);
  });

  test('GIVEN /usr/bin/time -v output WHEN parsed THEN the peak RSS is read in KiB', () => {
    expect(peakKiBFromTimeV('\tMaximum resident set size (kbytes): 614400\n\tAverage ...')).toBe(614400);
    expect(peakKiBFromTimeV('')).toBeNaN();
  });

  test('GIVEN the main job output WHEN parsed THEN the verifier seconds are read from its summary line, NaN without one', () => {
    expect(reviewSecondsFrom('x\nEvidence verifier (9 stacks, read from the output) in 0.42 s: 10 controls hold\n')).toBe(0.42);
    expect(reviewSecondsFrom('OK: zero unacknowledged findings.')).toBeNaN();
  });
});
