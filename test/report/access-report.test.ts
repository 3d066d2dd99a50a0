import { accessReportMarkdown, accessRows } from '../../lib/report/access-report';
import { synthesized } from '../verify/synthesized';

describe('access report (npm run access:report)', () => {
  const assembly = synthesized('config/default.yaml', { gcp: false }).assembly;
  const rows = accessRows(assembly);

  test('GIVEN the default output THEN every role of every AWS stack is listed with who can assume it and its boundary', () => {
    const roles = assembly.stacks.flatMap((s) =>
      Object.values(s.template.Resources as Record<string, { Type: string }>).filter((r) => r.Type === 'AWS::IAM::Role'),
    );
    expect(rows.filter((r) => r.kind === 'role')).toHaveLength(roles.length);
    expect(rows.filter((r) => r.boundary === 'none')).toEqual([]);
    expect(rows).toContainEqual({
      stack: 'prod-us-east-1/tenant-umbrella',
      account: '111111111111',
      kind: 'role',
      name: 'NetworkFlowLogRole4C0B2D1D',
      assumableBy: ['Service:vpc-flow-logs.amazonaws.com if aws:SourceAccount StringEquals 111111111111'],
      boundary: 'example-saas-prod-platform-boundary-us-east-1',
    });
    expect(rows.find((r) => r.stack === 'prod-us-east-1/enclave' && r.name.endsWith('-service'))?.boundary).toBe(
      'example-saas-prod-hipaa-boundary-us-east-1',
    );
  });

  test('THEN the Markdown has one table row per principal and counts those without a boundary', () => {
    const md = accessReportMarkdown(rows);
    expect(md.split('\n').filter((l) => l.startsWith('| prod-'))).toHaveLength(rows.length);
    expect(md).toContain(`${rows.length} principals; 0 without a boundary.`);
  });
});
