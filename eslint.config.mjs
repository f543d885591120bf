// Lint rules run by `npm test`: typescript-eslint's recommended set, plus no import cycles and the
// layer rule that src/core never reaches into the extension, the CLI or VS Code.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'test/fixtures/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The commit-msg hook runs compiled by the vm module (no import()) and loads Node parts only when
    // needed, for its start-up time; the bench loads its freshly bundled code the same way.
    files: ['src/cli/hook/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode'], message: 'src/core never imports vscode.' },
            {
              group: ['**/extension/**', '**/cli/**'],
              message: 'src/core does not depend on the extension or the CLI.',
            },
          ],
        },
      ],
    },
  },
);
