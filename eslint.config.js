import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const notInModel = [
  { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'src/model is pure: no React.' },
  { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'src/model runs in the browser too: no Node built-ins.' },
  { group: ['**/ui/**', '**/cli/**', '**/io/**'], message: 'Dependencies point one way: model imports neither ui, cli nor io.' },
];
const hyperformulaOnlyInWorkbook = {
  name: 'hyperformula',
  message: 'Only src/model/workbook.ts talks to HyperFormula.',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'bench/out', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [hyperformulaOnlyInWorkbook] }],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', { paths: [hyperformulaOnlyInWorkbook], patterns: notInModel }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'process'],
    },
  },
  {
    files: ['src/model/workbook.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: notInModel }] },
  },
  {
    files: ['src/io/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [hyperformulaOnlyInWorkbook],
        patterns: [{ group: ['react', 'react-dom', '**/ui/**', '**/cli/**'], message: 'src/io has no DOM and imports neither ui nor cli.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document'],
    },
  },
  {
    // A test that dereferences a missing value fails loudly, which is what a test should do.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
