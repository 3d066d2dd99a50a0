import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { buildApp } from '../../lib/app/build-app';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';

/**
 * The documented selection patterns (README, "Naming"), checked against the CDK CLI's own matching
 * (node_modules/aws-cdk, the version package.json pins) on a synthesized assembly: `cdk ls -a <dir>`
 * reads the assembly without running the app, so each call is the CLI alone.
 */
const CLI = join(__dirname, '..', '..', 'node_modules', 'aws-cdk', 'bin', 'cdk');

describe('GIVEN tenants acme and acme-eu side by side WHEN stacks are selected with the CDK CLI', () => {
  const document = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  const config = parseConfig({
    ...document,
    pipeline: undefined,
    tenants: [
      { id: 'acme', plan: 'starter', residency: 'us' },
      { id: 'acme-eu', plan: 'pro', residency: 'eu' },
      { id: 'acme-eu2', plan: 'pro', residency: 'us' },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'rampart-cli-'));
  buildApp(config, { outdir: dir, nagPacks: false, builtinCloudFormationValidation: false }).synth();
  const ls = (pattern: string): string[] =>
    execFileSync(process.execPath, [CLI, 'ls', pattern, '-a', dir, '--no-notices', '--no-version-reporting'], {
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(' ')[0]);

  test("THEN '*/tenant-<id>' selects exactly that tenant's stack, for each id", () => {
    expect(ls('*/tenant-acme')).toEqual(['prod-us-east-1/tenant-acme']);
    expect(ls('*/tenant-acme-eu')).toEqual(['prod-eu-west-1/tenant-acme-eu']);
    expect(ls('*/tenant-acme-eu2')).toEqual(['prod-us-east-1/tenant-acme-eu2']);
  });

  test("THEN '<stage>/*' selects one region's stacks, and the former '*<id>*' selects nothing (a '*' does not cross '/')", () => {
    expect(ls('prod-eu-west-1/*').sort()).toEqual(['prod-eu-west-1/platform', 'prod-eu-west-1/tenant-acme-eu']);
    expect(ls('*acme*')).toEqual([]);
  });
});
