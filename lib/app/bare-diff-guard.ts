/**
 * `cdk diff` without a stack pattern is a false green in Rampart: the CLI then diffs only the
 * app's top-level stacks (the pipeline stacks, or none without `pipeline:`), while every workload
 * stack sits in a Stage (`prod-us-east-1/platform`, ...); it prints "Number of stacks with
 * differences: 0" and exits 0 for any change to them.
 *
 * The app cannot refuse it: for `diff` the CLI (aws-cdk 2.1148.1, lib/cli/user-configuration.js)
 * passes the context `aws:cdk:bundling-stacks` = ['**'] with or without a pattern (the patterns
 * only with --exclusively), and the environment it gives the app (CDK_OUTDIR, CDK_CONTEXT_JSON,
 * CDK_CLI_VERSION, CDK_CLI_ASM_VERSION, CDK_DEFAULT_ACCOUNT/REGION) names neither the command nor
 * the patterns; selection happens after synthesis, on the assembly. So `npm run cdk` (bin/cdk.ts)
 * checks the command line before the CLI runs, and the app reads the command line of the CLI that
 * started it from its parent processes (lib/app/refuse-bare-cli-diff.ts, lib/app/cli-ancestry.ts).
 */
import { readFileSync } from 'fs';
import { join } from 'path';

/** How the pinned CLI declares its options (node_modules/aws-cdk/lib/cli/cli-type-registry.json). */
export interface CliTypeRegistry {
  readonly globalOptions: Record<string, CliOption>;
  readonly commands: Record<string, { readonly options?: Record<string, CliOption>; readonly aliases?: readonly string[] }>;
}
/** node_modules/aws-cdk, the CLI `npm run cdk` runs and package.json pins. */
export const PINNED_CLI_DIR = join(__dirname, '..', '..', 'node_modules', 'aws-cdk');
/** The pinned CLI's option registry (the parser's own declarations, not a copy). */
export function pinnedCliRegistry(): CliTypeRegistry {
  return JSON.parse(readFileSync(join(PINNED_CLI_DIR, 'lib', 'cli', 'cli-type-registry.json'), 'utf8')) as CliTypeRegistry;
}
interface CliOption {
  readonly type: string;
  readonly alias?: string | readonly string[];
}

/** The patterns that replace a bare diff (README, "Naming"). */
const DIFF_PATTERNS = [
  ["'**'", 'every stack, the pipelines included'],
  ["'<environment>-*/*'", 'the stacks of every stage'],
  ["'<environment>-<region>/*'", 'one stage'],
  ["'*/tenant-<id>'", 'one tenant'],
] as const;

function valueOptions(options: Record<string, CliOption>): Set<string> {
  const names = new Set<string>();
  for (const [name, option] of Object.entries(options)) {
    // Every non-boolean option of the CLI takes exactly one value per occurrence (yargs nargs: 1).
    if (option.type === 'boolean') continue;
    const aliases = option.alias === undefined ? [] : typeof option.alias === 'string' ? [option.alias] : option.alias;
    for (const n of [name, ...aliases]) names.add(n.length === 1 ? `-${n}` : `--${n}`);
  }
  return names;
}

/** The command and its positional arguments, read as the CLI's parser reads them. */
export function positionals(argv: readonly string[], registry: CliTypeRegistry): { command?: string; args: string[] } {
  const globals = valueOptions(registry.globalOptions);
  const out: string[] = [];
  let takes = globals;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      if (!arg.includes('=') && takes.has(arg)) i++;
      continue;
    }
    out.push(arg);
    if (out.length === 1) {
      const command = Object.entries(registry.commands).find(([name, c]) => name === arg || (c.aliases ?? []).includes(arg));
      takes = new Set([...globals, ...valueOptions(command?.[1].options ?? {})]);
    }
  }
  const [command, ...args] = out;
  return { command, args };
}

/**
 * The refusal of a bare `cdk diff` (exit 2), or undefined when the command line may run. `cli` is
 * how the examples call the CLI: `npm run cdk --` (the wrapper) or `npx cdk` (the app's own guard).
 */
export function bareDiffRefusal(argv: readonly string[], registry: CliTypeRegistry, cli = 'npm run cdk --'): string | undefined {
  const { command, args } = positionals(argv, registry);
  if (command !== 'diff' || args.length > 0) return undefined;
  return [
    'cdk diff without a stack pattern diffs only the top-level stacks (the pipeline), never the stacks in',
    "Rampart's stages, and reports 0 differences for them: name what to diff, for example",
    ...DIFF_PATTERNS.map(([pattern, what]) => `  ${cli} diff ${pattern}   (${what})`),
  ].join('\n');
}
