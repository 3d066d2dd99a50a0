import { readFileSync } from 'fs';
import { join } from 'path';
import { ownChecks } from '../../lib/checks/own-checks';
import { CONTROLS_DOC_COMMAND, CONTROLS_DOC_PATH, renderControlsDoc } from '../../lib/docs/controls-doc';
import { CATALOG } from '../../lib/promises/catalog';
import { CONTROL_IDS } from '../../lib/promises/control-ids';
import { PUBLISHED_POLICY } from '../../lib/promises/policy-numbers';

const ROOT = join(__dirname, '..', '..');

/** One control's section: from its anchor to the next anchor (or the checks index). */
function section(doc: string, id: string): string {
  const start = doc.indexOf(`<a id="${id.toLowerCase()}"></a>`);
  if (start < 0) throw new Error(`docs/controls.md has no section for ${id}`);
  const next = doc.slice(start + 1).search(/<a id="|^## /m);
  return next < 0 ? doc.slice(start) : doc.slice(start, start + 1 + next);
}

describe('docs/controls.md (lib/docs/controls-doc.ts)', () => {
  const checks = ownChecks();
  const doc = renderControlsDoc(CATALOG, checks, PUBLISHED_POLICY);

  test('GIVEN the catalog THEN the file on disk is exactly what renderControlsDoc produces', () => {
    const onDisk = readFileSync(join(ROOT, CONTROLS_DOC_PATH), 'utf8');
    if (onDisk !== doc) throw new Error(`${CONTROLS_DOC_PATH} is stale: run \`${CONTROLS_DOC_COMMAND}\` and commit the result`);
  });

  test('GIVEN the same inputs THEN the output is identical and carries no date', () => {
    expect(renderControlsDoc(CATALOG, checks, PUBLISHED_POLICY)).toBe(doc);
    expect(doc).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  });

  test('GIVEN the summary THEN it has one row per control, linking to its section, in catalog order', () => {
    const rows = doc.split('\n').filter((line) => /^\| \[[A-Z-]+\]\(#/.test(line));
    expect(rows.map((row) => /^\| \[([A-Z-]+)\]/.exec(row)![1])).toEqual([...CONTROL_IDS]);
    for (const id of CONTROL_IDS) expect(doc).toContain(`<a id="${id.toLowerCase()}"></a>`);
  });

  test('GIVEN ERASURE THEN its section quotes the deadline, shows the numbers, the exception, the shared responsibility and every check declaring it', () => {
    const erasure = section(doc, 'ERASURE');
    expect(erasure).toContain('including backups, within 30 days.');
    expect(erasure).toContain('`voice-ai-saas-on-aws.md`, section "Data Retention Policies"');
    expect(erasure).toContain(`| \`deadlineDays\` | \`${PUBLISHED_POLICY.erasure.deadlineDays}\` |`);
    expect(erasure).toContain('`ERASURE-PHI-ACCESS-LOGS`');
    expect(erasure).not.toContain('`ERASURE-SHARED-PLATFORM-STORES`');
    expect(erasure).toContain('**Shared responsibility (what the application must do)**');
    expect(erasure).toContain('record key store');
    const declaring = checks.filter((check) => check.controls.includes('ERASURE'));
    expect(declaring.map((check) => check.id)).toContain('GCP-ERASURE');
    for (const check of declaring) expect(erasure).toContain(`\`${check.id}\` (`);
    for (const check of declaring) expect(erasure).toContain(`\`${check.file}\``);
  });

  test('GIVEN every own check THEN it is listed in the section of each control it declares, and pack rules in theirs', () => {
    for (const check of checks) {
      for (const id of check.controls) {
        expect({ id, check: check.id, listed: section(doc, id).includes(`\`${check.id}\``) }).toEqual({ id, check: check.id, listed: true });
      }
    }
    expect(section(doc, 'KEY-ROTATE')).toContain('`Rampart-KeyRotation`');
    expect(section(doc, 'KEY-ROTATE')).toContain('`AwsSolutions-KMS5`');
    expect(section(doc, 'BYOK')).toContain('`Verify-AWS-BYOK` (evidence verifier');
    expect(section(doc, 'TLS-HOPS')).toContain('`Verify-AWS-TLS-HOPS` (evidence verifier');
    expect(section(doc, 'IAC-REVIEW')).toContain('`Verify-AWS-IAC-REVIEW` (evidence verifier');
  });

  test('GIVEN other policy numbers THEN the document shows them (numbers come from the argument)', () => {
    const other = renderControlsDoc(CATALOG, checks, { ...PUBLISHED_POLICY, erasure: { deadlineDays: 11, includesBackups: false } });
    expect(section(other, 'ERASURE')).toContain('| `deadlineDays` | `11` |');
    expect(section(other, 'ERASURE')).toContain('| `includesBackups` | `false` |');
  });
});
