// Lint: strict TypeScript, and the arrows between layers (see the README's folder map); test/boundaries.test.ts proves each rule bites.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const REACT = ['react', 'react-dom', 'react/*', 'react-dom/*', 'react-data-grid', 'recharts'];
const NODE = ['node:*', 'fs', 'path', 'os', 'child_process'];
const hyperformula = { group: ['hyperformula', 'hyperformula/*'], message: 'Only src/model/workbook/ talks to HyperFormula.' };
const noReact = (layer) => ({ group: REACT, message: `${layer} has no React: the page is src/ui.` });
const noLayers = (layer, layers) => ({
  regex: `^(\\.\\.?/)+(${layers.join('|')})(/.*)?$`,
  message: `${layer} imports none of ${layers.join(', ')}: arrows point ui -> shared -> model, io; engine -> shared, model, io; cli -> model, io.`,
});
/** Values from model (beyond its address vocabulary, which imports nothing) or io would pull the engine's code into the page. */
const typesOnly = (layer, allowed) => {
  const except = (folder) => allowed.filter((path) => path.startsWith(`${folder}/`)).map((path) => `(?!${path.slice(folder.length)}$)`).join('');
  return {
    regex: `^(\\.\\.?/)+(model${except('model')}|io${except('io')})(/.*)?$`,
    allowTypeImports: true,
    message: `${layer} imports only types from model and io (values only from ${allowed.join(', ')}).`,
  };
};
const restrict = (...patterns) => ['error', { patterns }];
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage'];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'bench/out', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-restricted-imports': restrict(hyperformula),
    },
  },
  {
    files: ['src/model/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(hyperformula, noReact('src/model'), { group: NODE, message: 'src/model runs in the browser too: no Node built-ins.' }, noLayers('src/model', ['ui', 'cli', 'io', 'engine', 'shared'])),
      'no-restricted-globals': ['error', ...DOM_GLOBALS, 'indexedDB', 'process'],
    },
  },
  {
    files: ['src/model/workbook/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(noReact('src/model'), { group: NODE, message: 'src/model runs in the browser too: no Node built-ins.' }, noLayers('src/model', ['ui', 'cli', 'io', 'engine', 'shared'])),
    },
  },
  {
    files: ['src/io/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(hyperformula, noReact('src/io'), noLayers('src/io', ['ui', 'cli', 'engine', 'shared'])),
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(hyperformula, noReact('src/shared'), noLayers('src/shared', ['ui', 'cli', 'engine']), typesOnly('src/shared', ['model/address'])),
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
  {
    // The worker: tsconfig.engine.json type-checks it against the WebWorker library, so the DOM is a compile error too.
    files: ['src/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(hyperformula, noReact('src/engine'), noLayers('src/engine', ['ui', 'cli'])),
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
  {
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(hyperformula, noLayers('src/ui', ['engine', 'cli']), typesOnly('src/ui', ['model/address', 'io/csv'])),
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(hyperformula, noReact('src/cli'), noLayers('src/cli', ['ui', 'engine', 'shared'])),
    },
  },
  {
    // A test that dereferences a missing value fails loudly, which is what a test should do.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
