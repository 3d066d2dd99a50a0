/**
 * One line per stage of a long synth (`[rampart 3.2 s, 812 MiB] synthesizing and validating`), on
 * stderr and only when stderr is a terminal: pipelines, the bench and redirected output stay quiet
 * and stdout stays the report. The resident memory shows where a large config spends it.
 */
export interface Progress {
  stage(what: string): void;
}

export function progress(stream: NodeJS.WriteStream = process.stderr, started: number = Date.now()): Progress {
  const tty = stream.isTTY === true;
  return {
    stage(what: string): void {
      if (!tty) return;
      const mib = Math.round(process.memoryUsage.rss() / 2 ** 20);
      stream.write(`[rampart ${((Date.now() - started) / 1000).toFixed(1)} s, ${mib} MiB] ${what}\n`);
    },
  };
}
