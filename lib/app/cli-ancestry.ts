import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { basename } from 'path';

/**
 * The command line of the CDK CLI that started this app, found by walking up the parent
 * processes. The CLI gives the app neither its command nor its patterns (lib/app/bare-diff-guard.ts),
 * but it is an ancestor: `cdk` runs the cdk.json "app" command in a child process (possibly through a
 * shell, npx or tsx), so its arguments are readable where the operating system shows them:
 * /proc/<pid>/stat and /proc/<pid>/cmdline on Linux, `ps -o ppid=,args=` elsewhere (macOS, BSD).
 */

export interface ProcessEntry {
  readonly ppid: number;
  /** The process's arguments; from `ps` they are split on spaces (quoting is lost). */
  readonly argv: readonly string[];
}

/** Reads one process; undefined when it cannot (gone, not permitted, no /proc and no ps). */
export type ReadProcess = (pid: number) => ProcessEntry | undefined;

export type CliAncestry =
  /** The CLI's arguments after the `cdk` executable, e.g. `['diff', '-c', 'config=x.yaml']`. */
  | { readonly found: true; readonly pid: number; readonly args: readonly string[] }
  /** No CLI among the ancestors (the main job, a test, `tsx bin/app.ts`), or they could not be read. */
  | { readonly found: false; readonly reason: string };

/** More than the few levels between the CLI and the app (CLI, shell, npx, tsx, app). */
const MAX_DEPTH = 16;

/** Linux: the parent id is the field after the parenthesized command name (which may hold spaces). */
export function readProcfs(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    return Number.isInteger(ppid) ? { ppid, argv } : undefined;
  } catch {
    return undefined;
  }
}

/** Elsewhere: `ps`, whose args column joins the arguments with spaces. */
function readPs(pid: number): ProcessEntry | undefined {
  try {
    const line = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const match = /^(\d+)\s+(.*)$/.exec(line);
    return match === null ? undefined : { ppid: Number(match[1]), argv: match[2].split(/\s+/) };
  } catch {
    return undefined;
  }
}

/** The reader for this platform: /proc where it exists, `ps` otherwise (none on Windows). */
export function platformReader(): ReadProcess | undefined {
  if (process.platform === 'win32') return undefined;
  return readProcfs(process.pid) !== undefined ? readProcfs : readPs;
}

/**
 * Where `cdk` sits in a process's arguments: the executable itself (`cdk diff`) or the script node
 * runs (`node .../node_modules/.bin/cdk diff`, `node .../aws-cdk/bin/cdk diff`, a global install).
 */
function cliIndex(argv: readonly string[]): number {
  const isCdk = (arg: string | undefined) => arg !== undefined && ['cdk', 'cdk.js'].includes(basename(arg));
  if (isCdk(argv[0])) return 0;
  return /^node(\.exe)?$|^nodejs$/.test(basename(argv[0] ?? '')) && isCdk(argv[1]) ? 1 : -1;
}

/** Walks up from `startPid`'s parent to the first CDK CLI process. */
export function findCliAncestor(read: ReadProcess | undefined = platformReader(), startPid: number = process.pid): CliAncestry {
  if (read === undefined) return { found: false, reason: `the parent processes cannot be read on ${process.platform}` };
  let pid = startPid;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const entry = read(pid);
    if (entry === undefined) return { found: false, reason: `process ${pid} cannot be read` };
    if (pid !== startPid) {
      const at = cliIndex(entry.argv);
      if (at >= 0) return { found: true, pid, args: entry.argv.slice(at + 1) };
    }
    if (entry.ppid <= 1 || entry.ppid === pid) return { found: false, reason: 'no CDK CLI among the parent processes' };
    pid = entry.ppid;
  }
  return { found: false, reason: `no CDK CLI within ${MAX_DEPTH} parent processes` };
}
