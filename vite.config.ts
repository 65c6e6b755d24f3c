import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { pagePreloads } from './scripts/page-preloads.ts'
import { phoneBuild } from './scripts/phone-build.ts'
import { precompress } from './scripts/precompress.ts'

/**
 * One config for the client build and for vitest.
 * The client lives in `client/` and is built to `dist/client`, which the Node server serves,
 * with a document per page that preloads the page's code (scripts/page-preloads.ts), the phone
 * page built once more on its own with Preact (scripts/phone-build.ts), and brotli and gzip
 * copies of its scripts and styles beside them (scripts/precompress.ts).
 * What this file loads names its `.ts` files in full: Vite's coming native config loader runs it
 * with Node's own module resolution, which does not guess extensions.
 */

/** The build's options, which the phone page's own build shares. */
const build = {
  outDir: '../dist/client',
  emptyOutDir: true,
  sourcemap: true,
  chunkSizeWarningLimit: 4000,
  rollupOptions: {
    treeshake: {
      // The phone page needs tldraw's signals (@tldraw/state), which import a few helpers from
      // @tldraw/utils' index; taken as having side effects, that index brings every helper and
      // the four lodash packages it wraps into the chunk the phone shares with the board (about
      // 9 KB of brotli on mobile data). Neither has side effects but one: the index registers
      // its version for tldraw's duplicate-package warning, which a phone build goes without.
      moduleSideEffects: (id: string) => !/node_modules\/(@tldraw\/utils|lodash\.[a-z]+)\//.test(id),
    },
  },
}

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [react(), pagePreloads(), phoneBuild({ build }), precompress()],
  build,
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/sync': { target: 'ws://localhost:8080', ws: true },
      '/tldraw-assets': 'http://localhost:8080',
      '/healthz': 'http://localhost:8080',
    },
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    globalSetup: ['tests/setup/global-setup.ts'],
  },
})
