/**
 * One line per stage of a long synth (`[rampart 3.2 s] synthesizing and validating 12 stacks`), on
 * stderr and only when stderr is a terminal: pipelines, the bench and redirected output stay quiet
 * and stdout stays the report.
 */
export interface Progress {
  stage(what: string): void;
}

export function progress(stream: NodeJS.WriteStream = process.stderr, started: number = Date.now()): Progress {
  const tty = stream.isTTY === true;
  return {
    stage(what: string): void {
      if (tty) stream.write(`[rampart ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}\n`);
    },
  };
}
