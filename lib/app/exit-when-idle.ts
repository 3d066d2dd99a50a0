/**
 * Ends the process with `code` once its event loop has nothing left to do, or at the latest `graceMs`
 * after stdout and stderr have taken everything written to them, instead of at once with process.exit.
 *
 * Why: tsx keeps the JavaScript it transpiles in a disk cache (os.tmpdir()/tsx-<uid>) and writes each
 * entry asynchronously as a module loads. A job that runs synchronously from its first import to a
 * final process.exit never lets those writes finish: the files are created and left empty (427 of the
 * 614 entries on the machine that measured it), so every run transpiled most of its modules again,
 * about 0.7 s of esbuild in a one-tenant `npm run synth -- --only` (profiled). The writes take a few
 * milliseconds (263 entries from an empty cache, none left empty, with 30 ms). The grace timer is
 * unreferenced: it ends the process only when a handle left open would keep it alive, and it bounds
 * how long the cache writes may take. Output to a pipe is flushed first, so a slow reader loses none.
 * (`npm run synth` now runs the main job from its bundle, bin/run-bundled.cjs, without tsx: there the
 * wait only lets output to a pipe drain. `npx tsx bin/main-job.ts` and `npm run review` still use tsx.)
 */
export function exitWhenIdle(code: number, graceMs = 100): void {
  process.exitCode = code;
  let unflushed = 2;
  const flushed = (): void => {
    unflushed -= 1;
    if (unflushed === 0) setTimeout(() => process.exit(code), graceMs).unref();
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}
