// @ts-check
/**
 * Lint rules: typescript-eslint's recommended set, React's hook rules, and the import boundaries
 * between the server's layers and between the client's folders (docs/architecture.md).
 */
import { readdirSync } from 'node:fs'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Import patterns (of `no-restricted-imports`) for the server's layers, below. */
const NO_FEATURES = { group: ['**/features/**', '**/app', '**/config'], message: 'only app.ts wires the features in' }
const NO_TRANSPORT = { group: ['**/sync/**', './sync/*'], message: 'the transport implements this; it does not depend on it' }

/**
 * The client's folders, lowest first: a folder imports only from those before it (folders in one
 * entry not from each other), so no two import each other. The same inside board/, whose page
 * (the files at its top) comes last.
 */
const CLIENT_LAYERS = [['session'], ['i18n'], ['app'], ['sync'], ['question-map'], ['ui'], ['account'], ['start', 'capture', 'join', 'series', 'commitment', 'public-pages', 'meetings'], ['board'], ['stage']]
const BOARD_LAYERS = [['context'], ['queries'], ['shapes'], ['commands'], ['tldraw'], ['export'], ['facilitation'], ['dialogs'], ['panels']]
/**
 * The folders the start, join code and phone pages are built from: they must not load tldraw's editor (about
 * 1.8 MB of JavaScript) nor board/. tests/browser/bundle-split.test.ts checks what they really fetch.
 */
const WITHOUT_TLDRAW = ['session', 'i18n', 'app', 'sync', 'question-map', 'ui', 'account', 'start', 'capture', 'join', 'series', 'commitment', 'public-pages', 'meetings']
/** The page's own modules, at board/'s top: no folder of board/ imports them. */
const BOARD_PAGE_FILES = readdirSync(new URL('client/board', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
  .map((entry) => entry.name.replace(/\.tsx?$/, ''))

/** The folders of the entries from `layers[index]` on, but `folder` itself: those `folder` may not import. */
const notBelow = (layers, index, folder) => layers.slice(index).flat().filter((name) => name !== folder)
/** A relative import that climbs up into one of `names` (followed by `end`). Names are plain words and dashes. */
const climbingInto = (names, end, message) => ({ regex: `^(\\.\\./)+(${names.join('|')})${end}`, message })
const intoFolders = (folders, message) => climbingInto(folders, '/', message)

const TLDRAW_MESSAGE = 'the start and phone pages load this folder: tldraw only in board/, stage/ and sync/tldraw/'
const NO_TLDRAW_PATHS = [
  { name: 'tldraw', message: TLDRAW_MESSAGE },
  { name: '@tldraw/editor', message: TLDRAW_MESSAGE },
]
const NO_TLDRAW_PATTERNS = [
  { regex: '^(tldraw|@tldraw/editor)/', message: TLDRAW_MESSAGE },
  { regex: '^(\\./|(\\.\\./)+sync/)tldraw/', message: 'sync/tldraw/ binds the tldraw store: only board/ and stage/ use it' },
]
const TOP_PAGES = intoFolders(['stage', 'capture', 'start', 'join', 'series', 'commitment', 'public-pages', 'meetings'], 'board/ is below the stage and knows neither the start, the join code, the phone, the series, the commitment nor the public and meetings pages')

/** One `no-restricted-imports` per file (a later config object for the same file would replace it, not add to it). */
function clientLayerRules() {
  const configs = []
  const restrict = (files, patterns, paths = []) =>
    configs.push({ files, rules: { 'no-restricted-imports': ['error', paths.length > 0 ? { paths, patterns } : { patterns }] } })
  CLIENT_LAYERS.forEach((entry, index) => {
    for (const folder of entry) {
      const higher = notBelow(CLIENT_LAYERS, index, folder)
      if (higher.length === 0 || folder === 'board') continue
      const layer = intoFolders(higher, `client/${folder} is below these folders (docs/architecture.md): it may not import them`)
      if (folder === 'sync') {
        restrict(['client/sync/*.{ts,tsx}'], [layer, ...NO_TLDRAW_PATTERNS], NO_TLDRAW_PATHS)
        restrict(['client/sync/tldraw/**/*.{ts,tsx}'], [layer])
      } else if (WITHOUT_TLDRAW.includes(folder)) {
        restrict([`client/${folder}/**/*.{ts,tsx}`], [layer, ...NO_TLDRAW_PATTERNS], NO_TLDRAW_PATHS)
      } else {
        restrict([`client/${folder}/**/*.{ts,tsx}`], [layer])
      }
    }
  })
  restrict(['client/board/*.{ts,tsx}'], [TOP_PAGES])
  const page = climbingInto(BOARD_PAGE_FILES, '$', "board/'s top is the page, which imports its folders, not the other way round")
  BOARD_LAYERS.forEach(([folder], index) => {
    const higher = notBelow(BOARD_LAYERS, index, folder)
    const layer = intoFolders(higher, `board/${folder} is below these folders of board/ (docs/architecture.md): it may not import them`)
    restrict([`client/board/${folder}/**/*.{ts,tsx}`], [...(higher.length > 0 ? [layer] : []), page, TOP_PAGES])
  })
  return configs
}

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
  // what the servers share (cluster/), the generic HTTP pieces, the rate limits and the hook
  // contract (hooks.ts) know neither the features nor the transport, which implements that contract.
  {
    files: ['server/sync/**', 'server/log.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FEATURES] }] },
  },
  {
    files: ['server/hooks.ts', 'server/http/**', 'server/storage/**', 'server/cluster/**', 'server/limits/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FEATURES, NO_TRANSPORT] }] },
  },
  ...clientLayerRules(),
)
