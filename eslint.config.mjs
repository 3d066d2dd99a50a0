// House style, run by `npm test`: typescript-eslint's recommended rules (no type information, so it
// stays fast) and a 150-character line limit, the same width prettier formats to.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'cdktf.out/**', 'snapshots/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'max-len': ['error', { code: 150, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: false, ignoreUrls: true, ignoreRegExpLiterals: true }],
      // Tests and the rendered-template walkers read untyped CloudFormation JSON on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS on purpose (bin/run-bundled.cjs runs before any TypeScript loader): `require` is its import.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
