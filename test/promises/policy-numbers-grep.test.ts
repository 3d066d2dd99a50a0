import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

/**
 * The policy's numbers live in one place (lib/promises/policy-numbers.ts) and reach code only
 * through the resolved policy. This test fails on a line of code in lib/ outside lib/promises that
 * writes a distinctive published number (a tier, the erasure deadline, the audit lock, the HIPAA
 * six years) next to a word that makes it a policy number. A number that is a service limit or a
 * unit says so on its line with `not a policy number`.
 */
const ROOT = join(__dirname, '..', '..');
const NUMBERS = /(?<![\w.])(28|30|365|400|2192)(?![\w.])/;
const POLICY_WORDS = /keep|retention|retain|lock|rotation|rotate|erasure|erase|deadline|tier|audit/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line: text` for every code line (comments skipped) writing a policy number. */
export function policyNumberLines(files: readonly { readonly file: string; readonly text: string }[]): string[] {
  return files.flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, index) => {
      const code = line.trim();
      if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/*') || line.includes('not a policy number')) return [];
      return NUMBERS.test(code) && POLICY_WORDS.test(code) ? [`${file}:${index + 1}: ${code}`] : [];
    }),
  );
}

describe('policy numbers are written only in lib/promises', () => {
  test('GIVEN lib/ outside lib/promises THEN no line of code writes a published policy number', () => {
    const files = filesUnder(join(ROOT, 'lib'))
      .filter((file) => !file.includes(`${join('lib', 'promises')}/`))
      .map((file) => ({ file: relative(ROOT, file), text: readFileSync(file, 'utf8') }));
    expect(policyNumberLines(files)).toEqual([]);
  });

  test('GIVEN a construct hard-coding the monthly tier or the erasure deadline THEN the line is reported (the check can fail)', () => {
    const fake = [
      {
        file: 'lib/constructs/fake.ts',
        text: "const tier = { name: 'monthly', keepDays: 365 };\n// keepDays: 365 in a comment is fine\nconst port = 365;",
      },
      { file: 'lib/nag/rules/Fake.ts', text: 'const MAX_ERASURE_DAYS = 30;\nconst lockDays = 7; // not a policy number' },
    ];
    expect(policyNumberLines(fake)).toEqual([
      "lib/constructs/fake.ts:1: const tier = { name: 'monthly', keepDays: 365 };",
      'lib/nag/rules/Fake.ts:1: const MAX_ERASURE_DAYS = 30;',
    ]);
  });
});
