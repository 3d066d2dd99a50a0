import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hipaaServiceAllowlistScp, regionDenyScp } from '../../lib/organization-policies/service-control-policies';
import { writePolicyDocuments } from '../../lib/organization-policies/write-policy-documents';

describe('writePolicyDocuments', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rampart-policies-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('GIVEN the enclave enabled WHEN written THEN both SCPs land in <outdir>/policies and their paths are returned', () => {
    const written = writePolicyDocuments({ outdir, euRegion: 'eu-west-1', hipaaEnabled: true });
    expect(written).toEqual([
      path.join(outdir, 'policies', 'hipaa-service-allowlist.scp.json'),
      path.join(outdir, 'policies', 'eu-region-deny.scp.json'),
    ]);
    expect(JSON.parse(fs.readFileSync(written[0], 'utf8'))).toEqual(hipaaServiceAllowlistScp());
    expect(JSON.parse(fs.readFileSync(written[1], 'utf8'))).toEqual(regionDenyScp('eu-west-1'));
  });

  test('GIVEN the enclave disabled afterwards WHEN written THEN only the region deny is written and the stale allowlist is removed', () => {
    const written = writePolicyDocuments({ outdir, euRegion: 'eu-central-1', hipaaEnabled: false });
    expect(written).toEqual([path.join(outdir, 'policies', 'eu-region-deny.scp.json')]);
    expect(fs.readdirSync(path.join(outdir, 'policies'))).toEqual(['eu-region-deny.scp.json']);
    expect(fs.readFileSync(written[0], 'utf8')).toContain('"eu-central-1"');
  });

  test('GIVEN an invalid EU region WHEN written THEN it throws before writing anything', () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'rampart-policies-'));
    expect(() => writePolicyDocuments({ outdir: fresh, euRegion: 'europe', hipaaEnabled: true })).toThrow(
      'regionDenyScp: allowedRegion must be an AWS region',
    );
    expect(fs.existsSync(path.join(fresh, 'policies'))).toBe(false);
    fs.rmSync(fresh, { recursive: true, force: true });
  });
});
