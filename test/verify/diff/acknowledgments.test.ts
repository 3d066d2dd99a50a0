import { parseAcknowledgments } from '../../../lib/verify/diff/security-diff';

const FILE = 'review/acknowledgments.yaml';

describe('parseAcknowledgments', () => {
  test('GIVEN a list of resource and control acknowledgments THEN each is read, trimmed, with no error', () => {
    const text = [
      '# Offboarding acme (TICKET-42)',
      '- stack: prod-us-east-1/tenant-acme',
      '  resource: Data',
      '  reason: " acme offboarded; data exported to the archive account "',
      '- stack: prod-us-east-1/platform',
      '  control: WAF',
      '  reason: Lb2 moves behind CloudFront next sprint (RAMP-77)',
    ].join('\n');
    expect(parseAcknowledgments(text, FILE)).toEqual({
      acknowledgments: [
        { stack: 'prod-us-east-1/tenant-acme', resource: 'Data', reason: 'acme offboarded; data exported to the archive account' },
        { stack: 'prod-us-east-1/platform', control: 'WAF', reason: 'Lb2 moves behind CloudFront next sprint (RAMP-77)' },
      ],
      errors: [],
    });
  });

  test('GIVEN an empty file THEN nothing is acknowledged and nothing is wrong', () => {
    expect(parseAcknowledgments('', FILE)).toEqual({ acknowledgments: [], errors: [] });
    expect(parseAcknowledgments('# nothing yet\n', FILE)).toEqual({ acknowledgments: [], errors: [] });
  });

  test('GIVEN several bad entries THEN every error is reported at once, naming the file, the index and the field', () => {
    const text = [
      '- stack: prod-us-east-1/tenant-acme', // 0: no reason, no resource/control
      '- stack: prod-us-east-1/platform', // 1: blank reason, unknown control, a typo'd field
      '  control: WAFF',
      '  reason: "  "',
      '  resouce: Data',
      '- resource: Data', // 2: no stack; both resource and control
      '  control: WAF',
      '  reason: because',
      '- just a string', // 3: not a mapping
      '- stack: prod-us-east-1/platform', // 4: fine
      '  resource: Data',
      '  reason: 42',
    ].join('\n');
    const { acknowledgments, errors } = parseAcknowledgments(text, FILE);
    expect(errors).toEqual([
      `${FILE}: [0].reason: required, a non-empty string`,
      `${FILE}: [0]: give resource (data loss) or control (weakening)`,
      `${FILE}: [1].resouce: unknown field (expected stack, resource, control, reason)`,
      `${FILE}: [1].reason: expected a non-empty string, got "  "`,
      `${FILE}: [1].control: unknown control "WAFF" (see lib/promises/control-ids.ts)`,
      `${FILE}: [2].stack: required, a non-empty string`,
      `${FILE}: [2]: give resource (data loss) or control (weakening), not both`,
      `${FILE}: [3]: expected a mapping with stack, resource or control, and reason`,
      `${FILE}: [4].reason: expected a non-empty string, got 42`,
    ]);
    expect(acknowledgments).toEqual([]);
  });

  test('GIVEN a mapping instead of a list, or broken YAML THEN the error names the file', () => {
    expect(parseAcknowledgments('stack: prod-us-east-1/platform\nreason: x\n', FILE).errors).toEqual([
      `${FILE}: expected a list of acknowledgments ({ stack, resource or control, reason })`,
    ]);
    const broken = parseAcknowledgments('- stack: [unclosed\n  reason: x\n', FILE);
    expect(broken.acknowledgments).toEqual([]);
    expect(broken.errors.length).toBeGreaterThan(0);
    expect(broken.errors[0]).toMatch(new RegExp(`^${FILE}: not valid YAML: `));
  });
});
