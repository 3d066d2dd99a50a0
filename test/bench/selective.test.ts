import { selectiveReport } from '../../lib/bench/selective';

const run = (seconds: number, peakMiB: number, stacks: number, exitCode = 0) => ({
  seconds,
  peakMiB,
  stacks,
  exitCode,
  tail: '',
  reviewSeconds: NaN,
});

describe('selective synthesis report (lib/bench/selective.ts)', () => {
  test('GIVEN runs within their targets WHEN reported THEN each row shows its median, min/max, peak and "met", and it is ok', () => {
    const report = selectiveReport([
      { label: 'one tenant', samples: [run(4, 500, 1), run(4.5, 520, 1), run(3.5, 510, 1)], targetSeconds: 5 },
      { label: 'cdk ls', samples: [run(2, 200, 12)], targetSeconds: 3 },
    ]);
    expect(report.markdown).toContain('| one tenant | 1 | 3 | 4.00 | 3.50 / 4.50 | 520 | ≤ 5 s: met |');
    expect(report.markdown).toContain('| cdk ls | 12 | 1 | 2.00 | 2.00 / 2.00 | 200 | ≤ 3 s: met |');
    expect(report.ok).toBe(true);
  });

  test('GIVEN a slow, too large or failed run WHEN reported THEN it says MISSED or FAILED and is not ok', () => {
    const slow = selectiveReport([{ label: 'full', samples: [run(70, 2500, 1012)], targetSeconds: 60, targetMiB: 2048 }]);
    expect(slow.markdown).toContain('≤ 60 s: **MISSED**, ≤ 2048 MiB: **MISSED**');
    expect(slow.ok).toBe(false);
    const failed = selectiveReport([{ label: 'x', samples: [run(1, 100, 0, 2)] }]);
    expect(failed.markdown).toContain('FAILED (1, exit 2)');
    expect(failed.ok).toBe(false);
  });
});
