import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { DEFERRED_PACKAGES } from './scripts/deferred-modules.mjs'

const deferredMessage =
  'bundled as a string compiled at first use (scripts/deferred-modules.mjs): require it inside lazy() (src/platform/lazy.ts); a static import compiles it at every cold start. `import type` is fine.'

export default tseslint.config(
  { ignores: ['node_modules/**', '.botpress/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-namespace': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: DEFERRED_PACKAGES.map((name) => ({ name, allowTypeImports: true, message: deferredMessage })),
          patterns: [
            { group: DEFERRED_PACKAGES.map((name) => `${name}/*`), allowTypeImports: true, message: deferredMessage },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
