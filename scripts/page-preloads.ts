/**
 * A Vite plugin: writes `pages/<page>.html` beside `index.html` for every page of the app
 * (shared/routes.ts), the same document with that page's own chunk, the chunks it imports and
 * their styles named in `<link rel="modulepreload">` and `<link rel="stylesheet">`. The server
 * sends it for the page's paths (server/http/static-client.ts).
 *
 * Why: each page is a lazy chunk, which the browser only learns about once the main script has
 * arrived and run. On a phone with a 400 ms round trip that is one round trip plus the main
 * script's download before the page's own code even starts to load; named in the document, all
 * of it loads at once.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin, Rollup } from 'vite'
import type { Route } from '../shared/routes.ts'

/**
 * The module of each page, as client/main.tsx imports it lazily. Not the phone page's: it has a
 * build and a document of its own (scripts/phone-build.ts).
 */
const PAGE_MODULES: Readonly<Record<Exclude<Route['page'], 'not-found' | 'capture'>, string>> = {
  start: 'start/StartPage.tsx',
  board: 'board/BoardPage.tsx',
  stage: 'stage/StagePage.tsx',
  join: 'join/JoinPage.tsx',
  public: 'public-pages/PublicPage.tsx',
  meetings: 'meetings/MyMeetingsPage.tsx',
  series: 'series/SeriesPage.tsx',
  commitment: 'commitment/CommitmentPage.tsx',
}

/** Where the server looks for them (server/http/static-client.ts). */
const PAGES_DIR = 'pages'

/** The chunk and every chunk it imports statically, transitively, without the entry (the document loads that). */
function chunksOf(bundle: Rollup.OutputBundle, first: Rollup.OutputChunk): Rollup.OutputChunk[] {
  const found = new Map<string, Rollup.OutputChunk>()
  const visit = (chunk: Rollup.OutputChunk) => {
    if (found.has(chunk.fileName) || chunk.isEntry) return
    found.set(chunk.fileName, chunk)
    for (const name of chunk.imports) {
      const imported = bundle[name]
      if (imported?.type === 'chunk') visit(imported)
    }
  }
  visit(first)
  return [...found.values()]
}

export function pagePreloads(): Plugin {
  let outDir = ''
  let root = ''
  return {
    name: 'gatherboard-page-preloads',
    apply: 'build',
    configResolved(config) {
      root = config.root
      outDir = path.resolve(config.root, config.build.outDir)
    },
    // After Vite wrote index.html, whose final text is in the bundle by then.
    async writeBundle(_options, bundle) {
      const index = bundle['index.html']
      if (index?.type !== 'asset') throw new Error('page preloads: the build has no index.html')
      const html = String(index.source)
      const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk')
      await mkdir(path.join(outDir, PAGES_DIR), { recursive: true })
      for (const [page, module] of Object.entries(PAGE_MODULES)) {
        // Not always the chunk's facade: the board's module shares a chunk with what the stage imports of it.
        const chunk = chunks.find((candidate) => candidate.moduleIds.includes(path.join(root, module)))
        if (!chunk) throw new Error(`page preloads: no chunk for ${module}`)
        const files = chunksOf(bundle, chunk)
        const links = [
          ...files.map((file) => `<link rel="modulepreload" crossorigin href="/${file.fileName}">`),
          ...files.flatMap((file) => [...(file.viteMetadata?.importedCss ?? [])]).map((css) => `<link rel="stylesheet" crossorigin href="/${css}">`),
        ]
        await writeFile(path.join(outDir, PAGES_DIR, `${page}.html`), html.replace('</head>', `  ${[...new Set(links)].join('\n    ')}\n  </head>`))
      }
    },
  }
}
