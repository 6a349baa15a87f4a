// One linter for the whole tree. Type-aware rules catch what review misses: promises nobody
// awaits, switches that forget a case, `any` leaking in.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Test files of the client and the portal: the only files outside the server that may use its test helpers. */
/** The client and the portal reach the server over HTTP, never through its code. */
const HTTP_ONLY = 'the client and the portal talk to the server over HTTP only.';
const overHttpOnly = {
  paths: [{ name: '@nimbus/server', message: HTTP_ONLY }],
  patterns: [
    { group: ['@nimbus/server/*'], message: HTTP_ONLY },
    { regex: '^(\\.\\./)+server/', message: HTTP_ONLY },
  ],
};
const TEST_FILES_OUTSIDE_SERVER = [
  'client/src/**/*.test.ts',
  'client/src/**/*.test-helpers.ts',
  'web/test/**',
  'web/src/**/*.test.ts',
];

/** Another module's files, but its index.js, seen from a file `up` below the modules folder. */
function moduleThroughIndex(up) {
  return {
    regex: `^${up.replaceAll('.', '\\.')}[\\w-]+/(?!index\\.js$)`,
    message: 'a module imports another module only through its index.ts (../other/index.js).',
  };
}

export default tseslint.config(
  { ignores: ['**/dist/', '**/node_modules/', 'data/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // `interface Tables extends AccountsTables {}`: how a module adds to what core declares.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // The layers stay apart. A module reaches another only through its index.ts (its typed API);
  // core, which every module builds on, names no module; the portal and the client take nothing
  // from the server's sources but the test-helper home, and that in tests only.
  {
    files: ['server/src/modules/*/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [moduleThroughIndex('../')] }],
    },
  },
  {
    files: ['server/src/modules/*/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [moduleThroughIndex('../../')] }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(\\.\\./)+modules/', message: 'core never imports a module: modules build on core.' }],
        },
      ],
    },
  },
  {
    files: TEST_FILES_OUTSIDE_SERVER,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server/(?!src/test/index\\.js$)',
              message:
                'tests outside the server take what they need from its test-helper home, server/src/test/index.js.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts', 'web/**/*.{ts,tsx}'],
    ignores: TEST_FILES_OUTSIDE_SERVER,
    rules: {
      'no-restricted-imports': ['error', overHttpOnly],
    },
  },
  {
    // The one upload algorithm runs in the CLI and in browsers: what needs Node is injected.
    files: ['client/src/uploads/**/*.ts'],
    ignores: TEST_FILES_OUTSIDE_SERVER,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...overHttpOnly,
          patterns: [
            ...overHttpOnly.patterns,
            {
              regex: '^(node:|(fs|path|os|crypto|stream|http|https|net|child_process)(/|$))',
              message: 'the shared upload algorithm runs in browsers too: take what needs Node as an injected port.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
