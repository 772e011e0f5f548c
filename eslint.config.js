// Lint rules that keep the house shape of ../shared/STYLE.md: dependencies point one way
// (app -> features -> ui; features -> worker client; worker -> core; core -> core only),
// no import cycles, tfjs only inside the engine.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

const src = (dir) => `./src/${dir}`;

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] }),
      ],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: src('core'),
              from: [src('worker'), src('features'), src('ui'), src('app'), src('cli')],
              message: 'src/core is pure: it imports nothing of ours outside core.',
            },
            {
              target: src('worker'),
              from: [src('features'), src('ui'), src('app'), src('cli')],
              message: 'The worker imports core only.',
            },
            {
              target: src('ui'),
              from: [
                src('worker'),
                src('features'),
                src('app'),
                src('cli'),
                src('core/models'),
                src('core/train'),
              ],
              message: 'ui holds presentational components only.',
            },
            {
              target: src('features'),
              from: [
                src('app'),
                src('cli'),
                src('core/models'),
                src('core/train'),
                src('worker/engine.worker.ts'),
              ],
              message:
                'features talk to the engine through worker/engine-client and worker/protocol only.',
            },
            {
              target: src('cli'),
              from: [src('features'), src('ui'), src('app'), src('worker')],
              message: 'The CLI runs over core only.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'src/core runs in Node: no DOM.' },
        { name: 'document', message: 'src/core runs in Node: no DOM.' },
        { name: 'self', message: 'src/core runs in Node: no worker globals.' },
        { name: 'localStorage', message: 'src/core runs in Node: no DOM.' },
      ],
    },
  },
  {
    files: [
      'src/app/**',
      'src/features/**',
      'src/ui/**',
      'src/core/data/**',
      'src/core/eval/**',
      'src/core/io/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*'],
              message: 'tfjs lives in core/models, core/train and the worker only.',
            },
          ],
        },
      ],
    },
  },
);
