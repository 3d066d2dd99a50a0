/**
 * Ends the process with `code` once its event loop has nothing left to do, or after `graceMs` at the
 * latest, instead of at once with process.exit.
 *
 * Why: tsx keeps the JavaScript it transpiles in a disk cache (os.tmpdir()/tsx-<uid>) and writes each
 * entry asynchronously as a module loads. A job that runs synchronously from its first import to a
 * final process.exit never lets those writes finish: the files are created and left empty (427 of the
 * 614 entries on the machine that measured it), so every run transpiled most of its modules again,
 * about 0.7 s of esbuild in a one-tenant `npm run synth -- --only` (profiled). The writes take a few
 * milliseconds (263 entries from an empty cache, none left empty, with 30 ms). The timer is
 * unreferenced: it ends the process only when something else (a worker, a socket) keeps it alive.
 */
export function exitWhenIdle(code: number, graceMs = 100): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), graceMs).unref();
}
