// Lint rules that keep the house shape of ../shared/STYLE.md: dependencies point one way
// (app -> features -> ui; features -> worker client; worker -> core; core -> core only) and
// tfjs stays inside the engine. Import cycles and the same direction rules are also checked
// by tests/unit/architecture.test.ts over the real import graph. (eslint-plugin-import-x would
// do both, but its native resolver's optional platform packages are not all on the registry
// here, which breaks `npm ci`.)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const tfjs = {
  group: ['@tensorflow/*'],
  message: 'tfjs lives in core/models, core/train and the worker only.',
};
const layer = (dirs, message) => ({
  group: dirs.flatMap((d) => [`**/${d}`, `**/${d}/**`]),
  message,
});

/** Files under `files` may not import from the listed folders (relative imports). */
const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

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
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
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
  restrict(
    ['src/core/**'],
    [
      layer(
        ['worker', 'features', 'ui', 'app', 'cli'],
        'src/core is pure: it imports nothing of ours outside core.',
      ),
    ],
  ),
  restrict(['src/core/data/**', 'src/core/eval/**', 'src/core/io/**'], [tfjs]),
  restrict(
    ['src/worker/**'],
    [layer(['features', 'ui', 'app', 'cli'], 'The worker imports core only.')],
  ),
  restrict(
    ['src/ui/**'],
    [
      layer(
        ['worker', 'features', 'app', 'cli', 'core/models', 'core/train'],
        'ui holds presentational components only.',
      ),
      tfjs,
    ],
  ),
  restrict(
    ['src/features/**'],
    [
      {
        ...layer(
          ['app', 'cli', 'core/models', 'core/train'],
          'features talk to the engine through worker/engine-client and worker/protocol only (and read the tfjs-free model registry).',
        ),
        // the models' folder, bar its registry (a parent that is excluded cannot be re-included)
        group: [
          ...layer(['app', 'cli', 'core/train'], '').group,
          '**/core/models/**',
          '!**/core/models/registry',
          '!**/core/models/sequence-registry',
        ],
      },
      {
        group: ['**/engine.worker', '**/dataset-session', '**/training-session', '**/read-file'],
        message: 'features use worker/engine-client and worker/protocol only.',
      },
      tfjs,
    ],
  ),
  restrict(
    ['src/app/**'],
    [
      layer(
        ['cli', 'core/models', 'core/train'],
        'app composes features; the engine is reached through the worker client.',
      ),
      tfjs,
    ],
  ),
  restrict(
    ['src/cli/**'],
    [layer(['features', 'ui', 'app', 'worker'], 'The CLI runs over core only.')],
  ),
);
