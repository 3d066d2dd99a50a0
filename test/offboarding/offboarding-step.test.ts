import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { buildApp } from '../../lib/app/build-app';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';
import { renderOffboardingPlan } from '../../lib/offboarding/offboarding-markdown';
import { offboardingPlan } from '../../lib/offboarding/offboarding-plan';

/**
 * bin/offboarding-step.sh as the pipeline's CodeBuild project runs it (lib/stacks/pipeline/
 * offboarding-stages.ts), with `aws` replaced by a stub that keeps "S3" in a directory and answers
 * list-action-executions with a recorded approval: detect, sign-off and keep on real assemblies.
 */
const ROOT = join(__dirname, '..', '..');
const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
const AWS_STUB = `#!/usr/bin/env bash
set -euo pipefail
local_path() { case "$1" in s3://*) echo "$FAKE_S3/\${1#s3://}" ;; *) echo "$1" ;; esac; }
case "$1 $2" in
  "s3 sync")
    src="$(local_path "$3")" dst="$(local_path "$4")"
    if [ "\${5:-}" = --delete ]; then rm -rf "$dst"; fi
    mkdir -p "$dst"; if [ -d "$src" ]; then cp -R "$src/." "$dst/"; fi ;;
  "s3 cp") dst="$(local_path "$4")"; mkdir -p "$dst"; cp -R "$3/." "$dst/" ;;
  "codepipeline list-action-executions") echo "$FAKE_APPROVAL" ;;
  *) echo "aws stub: unexpected $*" >&2; exit 3 ;;
esac
`;

function synth(document: Record<string, unknown>, dir: string): void {
  buildApp(parseConfig(document), { outdir: dir, nagPacks: false, builtinCloudFormationValidation: false }).synth();
}

describe('GIVEN the deployed assembly of the default config AND a new one without acme WHEN bin/offboarding-step.sh runs', () => {
  const base = mkdtempSync(join(tmpdir(), 'rampart-offboarding-step-'));
  const s3 = join(base, 's3');
  const deployedUri = 's3://artifacts/deployed/example-saas-prod-deploy/cdk.out';
  const deployedDir = join(s3, 'artifacts/deployed/example-saas-prod-deploy/cdk.out');
  synth(DEFAULT_DOC, deployedDir);
  const pipeline = DEFAULT_DOC.pipeline as { canaryTenants: string[] };
  const withoutAcme = {
    ...DEFAULT_DOC,
    tenants: (DEFAULT_DOC.tenants as { id: string }[]).filter((t) => t.id !== 'acme'),
    pipeline: { ...pipeline, canaryTenants: pipeline.canaryTenants.filter((id) => id !== 'acme') },
  };
  const newAssembly = join(base, 'new-cdk.out');
  synth(withoutAcme, newAssembly);
  const stubs = join(base, 'stubs');
  mkdirSync(stubs);
  writeFileSync(join(stubs, 'aws'), AWS_STUB);
  chmodSync(join(stubs, 'aws'), 0o755);
  const approved = JSON.stringify([{ actionName: 'offboarding-approve', status: 'Succeeded', updatedBy: 'arn:aws:iam::555555555555:user/approver' }]);

  /** A fresh build directory, as CodeBuild checks out the source and links the assembly. */
  function run(mode: string, env: Record<string, string> = {}) {
    const work = mkdtempSync(join(base, 'build-'));
    for (const name of ['package.json', 'bin', 'lib', 'node_modules', 'tsconfig.json']) symlinkSync(join(ROOT, name), join(work, name));
    symlinkSync(newAssembly, join(work, 'cdk.out'));
    const r = spawnSync('bash', ['bin/offboarding-step.sh', mode], {
      cwd: work,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${stubs}:${process.env.PATH ?? ''}`,
        FAKE_S3: s3,
        FAKE_APPROVAL: approved,
        DEPLOYED_ASSEMBLY: deployedUri,
        OFFBOARDING_RECORDS: 's3://artifacts/offboarding/',
        PIPELINE_NAME: 'example-saas-prod-deploy',
        PIPELINE_EXECUTION_ID: 'exec-1',
        APPROVAL_ACTION: 'offboarding-approve',
        ...env,
      },
    });
    const tenants = join(work, 'offboarding', 'tenants.txt');
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, tenants: existsSync(tenants) ? readFileSync(tenants, 'utf8') : undefined };
  }
  const runbook = renderOffboardingPlan(offboardingPlan(parseConfig(DEFAULT_DOC), 'acme'));

  test('THEN detect names acme (the check exports it) and prints its runbook', () => {
    const detect = run('detect');
    expect(detect.stderr).toBe('');
    expect(detect.status).toBe(0);
    expect(detect.tenants).toBe('acme\n');
    expect(detect.stdout).toContain(runbook);
    expect(detect.stdout).toContain('tenants leaving: acme');
  });

  test('THEN sign-off of another tenant than the approved one fails and keeps nothing', () => {
    const wrong = run('sign-off', { APPROVED_TENANTS: 'globex' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("the approval named 'globex' but the assemblies now drop 'acme': nothing signed off");
    expect(existsSync(join(s3, 'artifacts/offboarding'))).toBe(false);
  });

  test('THEN sign-off of the approved tenant keeps the runbook, the approval and the ids under the execution id', () => {
    const signOff = run('sign-off', { APPROVED_TENANTS: 'acme' });
    expect(signOff.status).toBe(0);
    const records = join(s3, 'artifacts/offboarding/exec-1');
    expect(readdirSync(records).sort()).toEqual(['approval.json', 'runbook.md', 'tenants.txt']);
    expect(readFileSync(join(records, 'runbook.md'), 'utf8')).toBe(runbook);
    expect(readFileSync(join(records, 'approval.json'), 'utf8')).toContain('arn:aws:iam::555555555555:user/approver');
  });

  test('THEN sign-off without an approval that succeeded in this run fails', () => {
    const unapproved = run('sign-off', { APPROVED_TENANTS: 'acme', FAKE_APPROVAL: '[]', PIPELINE_EXECUTION_ID: 'exec-2' });
    expect(unapproved.status).toBe(1);
    expect(unapproved.stderr).toContain('no approved offboarding-approve in this run');
  });

  test('THEN keep makes the new assembly the deployed one, after which detect finds no tenant leaving', () => {
    expect(run('keep').status).toBe(0);
    expect(readFileSync(join(deployedDir, 'manifest.json'), 'utf8')).toBe(readFileSync(join(newAssembly, 'manifest.json'), 'utf8'));
    const again = run('detect');
    expect(again.status).toBe(0);
    expect(again.tenants).toBe('none\n');
    expect(again.stdout).toContain('the offboarding stage is skipped');
  });

  test('THEN without any deployed assembly (first run) detect finds no tenant leaving', () => {
    const first = run('detect', { DEPLOYED_ASSEMBLY: 's3://artifacts/deployed/other/cdk.out' });
    expect(first.status).toBe(0);
    expect(first.tenants).toBe('none\n');
  });
});
