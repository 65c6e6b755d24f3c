// @ts-check
/**
 * Lint rules: typescript-eslint's recommended set and React's hook rules. The import boundaries
 * between the client's folders (which pages may load tldraw) are added with the client's layout.
 */
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'tests/artifacts/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The hook rules proper. The React Compiler's rules in the plugin's recommended set (purity,
      // refs, set-state-in-effect…) are left out: we do not compile with it, and they forbid
      // patterns the app relies on (a ref to the latest selector for useSyncExternalStore).
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
)
