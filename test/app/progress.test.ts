import { progress } from '../../lib/app/progress';

/** A stand-in for process.stderr: records writes, with or without a terminal. */
function stream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  return { stream: { isTTY, write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream, written };
}

describe('GIVEN a long synth WHEN it reports its stages', () => {
  test('THEN a terminal gets one line per stage with the time since start and the resident memory', () => {
    const s = stream(true);
    const p = progress(s.stream, Date.now() - 2500);
    p.stage('synthesizing and validating');
    expect(s.written).toEqual([expect.stringMatching(/^\[rampart 2\.\d s, \d+ MiB\] synthesizing and validating\n$/)]);
  });

  test('THEN output that is not a terminal (pipeline, bench, file) stays quiet', () => {
    const s = stream(false);
    progress(s.stream).stage('building every stack');
    expect(s.written).toEqual([]);
  });
});
