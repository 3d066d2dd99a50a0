import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Provenance } from './provenance';

/** The file `npm run synth` leaves next to the templates so a later review reports the build, not itself. */
export const PROVENANCE_FILE = 'rampart-provenance.json';

const ROOT = join(__dirname, '..', '..');
const TOOLS = ['aws-cdk-lib', 'cdk-nag', 'cdktf', '@cdktf/provider-google', 'constructs'];

function versionOf(packageDir: string): string | undefined {
  const file = join(packageDir, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version : undefined;
}

function gitCommit(): string | undefined {
  try {
    const run = (args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = run(['rev-parse', 'HEAD']);
    return run(['status', '--porcelain', '--untracked-files=no']) === '' ? head : `${head}-dirty`;
  } catch {
    return undefined; // not a git checkout (e.g. an unpacked release): say so rather than guess
  }
}

export function buildProvenance(input: {
  readonly generator: string;
  readonly configFile?: string;
  readonly awsDir?: string;
  readonly gcpDir?: string;
  readonly selection?: Provenance['selection'];
}): Provenance {
  const tools: Record<string, string> = { node: process.version, rampart: versionOf(ROOT) ?? 'unknown' };
  for (const tool of TOOLS) tools[tool] = versionOf(join(ROOT, 'node_modules', tool)) ?? 'not installed';
  const commit = gitCommit();
  return {
    generatedAt: new Date().toISOString(),
    generator: input.generator,
    ...(input.configFile === undefined
      ? {}
      : { configFile: input.configFile, configSha256: createHash('sha256').update(readFileSync(input.configFile)).digest('hex') }),
    ...(commit === undefined ? {} : { commit }),
    ...(input.selection === undefined ? {} : { selection: input.selection }),
    assembly: { ...(input.awsDir === undefined ? {} : { awsDir: input.awsDir }), ...(input.gcpDir === undefined ? {} : { gcpDir: input.gcpDir }) },
    tools,
  };
}

export function writeProvenance(dir: string, provenance: Provenance): void {
  writeFileSync(join(dir, PROVENANCE_FILE), `${JSON.stringify(provenance, null, 2)}\n`);
}

/**
 * The provenance of a reviewed build: the one its synth recorded (config, hash, commit and tools of
 * the build), with this review's time, command and directories; without a record, this run's own.
 */
export function reviewedProvenance(generator: string, dirs: { readonly awsDir?: string; readonly gcpDir?: string }): Provenance {
  const recorded = [dirs.awsDir, dirs.gcpDir].flatMap((d) =>
    d !== undefined && existsSync(join(d, PROVENANCE_FILE)) ? [join(d, PROVENANCE_FILE)] : [],
  )[0];
  const built = recorded === undefined ? undefined : (JSON.parse(readFileSync(recorded, 'utf8')) as Provenance);
  // The synth that just built it: one provenance, not two (and no second look at git).
  if (built?.generator === generator) return built;
  const own = buildProvenance({ generator, ...dirs });
  if (built === undefined) return own;
  return {
    ...built,
    generatedAt: own.generatedAt,
    generator: `${generator} (build: ${built.generator} at ${built.generatedAt})`,
    assembly: own.assembly,
  };
}
