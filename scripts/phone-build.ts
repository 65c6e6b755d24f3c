/**
 * A Vite plugin: builds the phone page (`/b/<id>/capture`, what the join QR code opens, often on
 * mobile data outdoors) once more, on its own, with Preact's React compatibility layer in place of
 * React, from index.html with the phone page's entry (client/capture/main.tsx) in place of the
 * app's and a first script before it that opens the sync socket while the rest downloads
 * (client/capture/connect-early.ts), and writes that document as `pages/capture.html`, which the
 * server sends for the phone page's paths (server/http/static-client.ts).
 *
 * Why: react-dom is most of what a phone downloads on its first visit (about 60 KB of the phone
 * page's 130 KB in brotli, 1.2 s at 400 kbit/s), and the phone page uses nothing of React that
 * Preact's layer lacks (no tldraw there: eslint.config.js and tests/browser/bundle-split.test.ts
 * keep it so). The board, whose editor needs React itself, and every other page keep React. The
 * React build of the phone page stays: the development server opens it.
 *
 * Runs after the main build has written its files, into the same directory, before the compressed
 * copies are made (scripts/precompress.ts runs last).
 */
import path from 'node:path'
import react from '@vitejs/plugin-react'
import { build, type Plugin, type ResolvedConfig, type UserConfig } from 'vite'

/** Where the phone page's document goes in the build (static-client.ts and public/sw.js look there). */
const PHONE_DOCUMENT = 'pages/capture.html'
/** The app's entry in index.html, and the phone page's that replaces it. */
const APP_ENTRY = 'src="./main.tsx"'
const PHONE_ENTRY = 'src="./capture/main.tsx"'
/** The phone page's first script, which opens the sync socket while the rest downloads. */
const CONNECT_EARLY = 'capture/connect-early.ts'

/** The phone page's scripts and styles, beside the main build's. */
const PHONE_FILES_STEM = 'assets/capture-[hash]'
const PHONE_FILES = `${PHONE_FILES_STEM}.js`

/** React's modules as Preact's compatibility layer provides them, matched exactly. */
const PREACT_ALIASES = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
]

/** In the phone page's build: index.html with the phone page's entry, written as its own document. */
function phoneDocument(): Plugin {
  return {
    name: 'gatherboard-phone-document',
    enforce: 'post',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(APP_ENTRY)) throw new Error(`phone build: index.html no longer loads ${APP_ENTRY}`)
        return html.replace(APP_ENTRY, PHONE_ENTRY)
      },
    },
    generateBundle(_options, bundle) {
      const index = bundle['index.html']
      if (index?.type !== 'asset') throw new Error('phone build: no index.html was built')
      const early = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry && file.facadeModuleId?.endsWith(CONNECT_EARLY))
      if (early?.type !== 'chunk') throw new Error(`phone build: no chunk for ${CONNECT_EARLY}`)
      // Before the page's own script: module scripts run in the document's order. What it
      // imports is preloaded with it (Vite names what the page's script imports, often the same).
      const html = String(index.source)
      const tags = [
        ...early.imports.map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`).filter((link) => !html.includes(link)),
        `<script type="module" crossorigin src="/${early.fileName}"></script>`,
      ]
      const firstScript = html.indexOf('<script type="module"')
      if (firstScript < 0) throw new Error('phone build: the document has no module script')
      delete bundle['index.html']
      const source = `${html.slice(0, firstScript)}${tags.join('\n    ')}\n    ${html.slice(firstScript)}`
      this.emitFile({ type: 'asset', fileName: PHONE_DOCUMENT, source })
    },
  }
}

/**
 * `shared`: the main build's options that hold for this one too (tree shaking, source maps);
 * the plugins are this build's own.
 */
export function phoneBuild(shared: Pick<UserConfig, 'build'>): Plugin {
  let main: ResolvedConfig
  return {
    name: 'gatherboard-phone-build',
    apply: 'build',
    configResolved(config) {
      main = config
    },
    closeBundle: {
      order: 'pre',
      sequential: true,
      async handler() {
        await build({
          configFile: false,
          root: main.root,
          publicDir: false,
          logLevel: 'warn',
          plugins: [react(), phoneDocument()],
          resolve: { alias: PREACT_ALIASES },
          build: {
            ...shared.build,
            outDir: path.resolve(main.root, main.build.outDir),
            emptyOutDir: false,
            rollupOptions: {
              ...shared.build?.rollupOptions,
              input: { capture: path.join(main.root, 'index.html'), connect: path.join(main.root, CONNECT_EARLY) },
              // Named for the page, not after index.html, whose name the main build's files carry.
              output: { entryFileNames: PHONE_FILES, chunkFileNames: PHONE_FILES, assetFileNames: `${PHONE_FILES_STEM}[extname]` },
            },
          },
        })
      },
    },
  }
}
