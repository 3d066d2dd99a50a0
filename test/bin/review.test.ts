import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { removeListingTemplates } from '../../lib/app/names-only-listing';
import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { synthesized } from '../verify/synthesized';

/**
 * `npm run review` as a pipeline runs it: on a copy of a build in another folder it gives the same
 * verdicts and writes the four files; on a copy weakened the way an escape hatch would, it exits 1
 * naming the control and the logical id; bad arguments exit 2 without a stack trace.
 */
const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const review = (...args: string[]) => spawnSync(TSX, ['bin/review.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

const build = synthesized();
const elsewhere = mkdtempSync(join(tmpdir(), 'rampart-review-copy-'));
cpSync(build.awsDir, join(elsewhere, 'cdk.out'), { recursive: true });
cpSync(build.gcpDir, join(elsewhere, 'cdktf.out'), { recursive: true });

function weakenCopy(edit: (template: { Resources: Record<string, { Properties: Record<string, unknown> }> }) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-review-weak-'));
  cpSync(build.awsDir, dir, { recursive: true });
  const stage = join(dir, 'assembly-prod-us-east-1');
  const file = join(stage, readdirSync(stage).find((f) => /^produseast1platform.*\.template\.json$/.test(f)) as string);
  const template = JSON.parse(readFileSync(file, 'utf8'));
  edit(template);
  writeFileSync(file, JSON.stringify(template));
  return dir;
}

describe('npm run review', () => {
  test('GIVEN a copied build in another folder WHEN reviewed THEN it passes with the verdicts of the in-process verifier and writes four files', () => {
    const out = mkdtempSync(join(tmpdir(), 'rampart-review-out-'));
    const run = review('--assembly', join(elsewhere, 'cdk.out'), '--gcp', join(elsewhere, 'cdktf.out'), '--out', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['rampart-review.json', 'rampart-review.md', 'rampart-review.oscal.json', 'rampart-review.sarif']);
    const doc = JSON.parse(readFileSync(join(out, 'rampart-review.json'), 'utf8'));
    expect(doc.ok).toBe(true);
    expect(doc.controls.filter((c: { verdict: string }) => c.verdict === 'missing' || c.verdict === 'contradicted')).toEqual([]);
    // 12 AWS (the deployment account's three baselines included; no pipeline stacks in this build), 2 Google Cloud
    expect(doc.stacks).toHaveLength(14);
    const inProcess = verifyAssembly(build.assembly).controls.map((c) => [c.control, c.verdict, c.counts]);
    expect(doc.controls.map((c: { control: string; verdict: string; counts: unknown }) => [c.control, c.verdict, c.counts])).toEqual(inProcess);
    const markdown = readFileSync(join(out, 'rampart-review.md'), 'utf8');
    expect(markdown).toContain('```mermaid');
    expect(markdown).toContain('prod-us-east-1/account-baseline-444444444444<br/>covers PHI');
    expect(markdown).toContain('prod-us-east-1/tenant-initech<br/>holds PHI');
  });

  test('GIVEN a copy marked as written by a listing (`cdk metadata`, say) WHEN reviewed THEN it exits 1 saying no validator ran on it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-review-listing-'));
    cpSync(build.awsDir, dir, { recursive: true });
    writeFileSync(join(dir, 'rampart-validator-runs.json'), JSON.stringify({ schemaVersion: '1.0.0', plugins: [], guards: [], listing: true }));
    const out = mkdtempSync(join(tmpdir(), 'rampart-review-listing-out-'));
    const run = review('--assembly', dir, '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'was written by a listing (a CDK CLI command that bundles nothing, such as `cdk metadata`): no validator and neither rendered-template guard ran on it',
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // Every file it writes says so, not only the exit code.
    expect(JSON.parse(readFileSync(join(out, 'rampart-review.json'), 'utf8')).ok).toBe(false);
    expect(readFileSync(join(out, 'rampart-review.sarif'), 'utf8')).toContain('"verificationOk": false');
    expect(readFileSync(join(out, 'rampart-review.oscal.json'), 'utf8')).toContain('Verification failed.');
    expect(readFileSync(join(out, 'rampart-review.md'), 'utf8')).toContain('Result: **FAIL**');
  });

  test('GIVEN a copy without its templates, as `cdk ls` leaves an assembly WHEN reviewed THEN it exits 2 naming them, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-review-names-only-'));
    cpSync(build.awsDir, dir, { recursive: true });
    expect(removeListingTemplates(dir).removed).toBeGreaterThan(10);
    const out = mkdtempSync(join(tmpdir(), 'rampart-review-names-only-out-'));
    const run = review('--assembly', dir, '--out', out);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^review: --assembly .*: the manifests name files that are not there \(assembly-prod-[\w-]+\/\w+\.template\.json, /m);
    expect(run.stderr).toContain("a folder `cdk ls` wrote (it keeps only the stacks' names) or an incomplete copy");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(out)).toEqual([]);
  });

  test('GIVEN a copy with a single-region trail WHEN reviewed THEN it exits 1 naming AUDIT and the Trail', () => {
    const run = review(
      '--assembly',
      weakenCopy((t) => (t.Resources.Trail.Properties.IsMultiRegionTrail = false)),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/AUDIT CONTRADICTED prod-us-east-1\/platform Trail \/Resources\/Trail\/Properties/);
  });

  test('GIVEN a copy whose database was renamed WHEN diffed against the original THEN the data loss blocks, naming the cluster', () => {
    const dir = weakenCopy((t) => {
      t.Resources.DatabaseClusterRenamed = t.Resources.DatabaseCluster;
      delete t.Resources.DatabaseCluster;
    });
    const run = review('--assembly', dir, '--base', build.awsDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('BLOCKING data-loss prod-us-east-1/platform DatabaseCluster');
    expect(readFileSync(join(dir, 'rampart-security-diff.md'), 'utf8')).toContain('DatabaseCluster');
  });

  test('GIVEN an unknown option or a folder that is not a build THEN it exits 2 naming it, without a stack trace', () => {
    const unknown = review('--assembly', build.awsDir, '--bogus');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("review: Unknown option '--bogus'");
    const notBuild = review('--assembly', '/nonexistent');
    expect(notBuild.status).toBe(2);
    expect(notBuild.stderr).toContain('review: --assembly "/nonexistent": no manifest.json there');
    expect(notBuild.stderr).not.toMatch(/^\s+at /m);
  });
});
