import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MAIN_JOB_NODE_ARGS } from '../../lib/bench/measure';

const ROOT = join(__dirname, '..', '..');

function mainJob(configPath: string, out = mkdtempSync(join(tmpdir(), 'rampart-job-')), ...args: string[]) {
  return spawnSync(
    process.execPath,
    [...MAIN_JOB_NODE_ARGS, '--config', configPath, '--outdir', join(out, 'cdk.out'), '--gcp-outdir', join(out, 'cdktf.out'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_VALIDATION: 'false' },
    },
  );
}

describe('main job (bin/main-job.ts) as a user runs it', () => {
  test('GIVEN a config with a misspelled key and a bad account id WHEN run THEN it exits 2 naming both paths and values, without a stack trace', () => {
    const run = mainJob('test/fixtures/config/bad/misspelled-key-and-bad-account.yaml');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('accounts.platfrom: unknown key; did you mean "platform"?');
    expect(run.stderr).toContain('accounts.hipaa: expected 12 digits, got "12ab"');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });

  test.each([
    [['--out', 'x'], "Unknown option '--out'"],
    [['--config'], "Option '--config <value>' argument missing"],
    [['cdk.out'], "Unexpected argument 'cdk.out'"],
  ])('GIVEN the command line %p WHEN run THEN it exits 2 naming the argument, with the usage and without a stack trace', (args, message) => {
    const run = spawnSync(process.execPath, [...MAIN_JOB_NODE_ARGS, ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`synth: ${message}`);
    expect(run.stderr).toContain('usage: npm run synth -- [--config FILE]');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });

  // tree.json repeats every resource's properties for tools that browse an assembly; nothing deployed or reviewed reads it.
  test('GIVEN one tenant of the default config WHEN run THEN its assembly holds the stack and no tree.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'rampart-job-tree-'));
    // Exit 1 here: with CDK_VALIDATION=false no validator ran, which the job does not pass.
    const run = mainJob('config/default.yaml', out, '--only', '*/tenant-acme');
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(out, 'cdk.out', 'manifest.json'))).toBe(true);
    expect(readdirSync(join(out, 'cdk.out', 'assembly-prod-us-east-1')).filter((f) => f.endsWith('.template.json'))).toHaveLength(1);
    expect(existsSync(join(out, 'cdk.out', 'tree.json'))).toBe(false);
  });

  test('GIVEN the screen-recording profile (Google Cloud only) WHEN run THEN it synthesizes its one US stack clean and says there is no AWS part', () => {
    const run = mainJob('config/examples/screen-recording-gcp.yaml');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('AWS: none (a Google-Cloud-only config has no accounts');
    expect(run.stdout).toMatch(/screenrec-prod-recordings-us\s+\d+ resources\s+0 policy findings/);
    expect(run.stdout).not.toContain('Service control policy documents');
    expect(run.stdout).toContain('OK: zero unacknowledged findings.');
  });
});
