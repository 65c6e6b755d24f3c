// @ts-check
/**
 * Lint rules: typescript-eslint's recommended set, React's hook rules, and the import boundaries
 * between the server's layers. Those between the client's folders (which pages may load tldraw)
 * are added with the client's layout.
 */
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Import patterns (of `no-restricted-imports`) for the server's layers, below. */
const NO_FEATURES = { group: ['**/features/**', '**/app', '**/config'], message: 'only app.ts wires the features in' }
const NO_TRANSPORT = { group: ['**/sync/**', './sync/*'], message: 'the transport implements this; it does not depend on it' }

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
  // The server's layers (docs/architecture.md): the transport (sync/) knows no feature; storage,
  // the generic HTTP pieces, the rate limits and the hook contract (hooks.ts) know neither the
  // features nor the transport, which implements that contract.
  {
    files: ['server/sync/**', 'server/log.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FEATURES] }] },
  },
  {
    files: ['server/hooks.ts', 'server/http/**', 'server/storage/**', 'server/limits/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FEATURES, NO_TRANSPORT] }] },
  },
)
