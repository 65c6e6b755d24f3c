import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { openPage } from '../../tests/helpers/browser'

/** One JavaScript file of the production build. */
export interface Chunk {
  file: string
  bytes: number
  /** Gzip at zlib's default level, as a server compresses on the fly. */
  gzipBytes: number
  /** Whether tldraw's code is in it (its source map lists files of tldraw's packages). */
  hasTldraw: boolean
}

/** The JS a page loads: which chunks, and their sizes summed. */
export interface PageLoad {
  chunks: string[]
  bytes: number
  gzipBytes: number
  tldrawLoaded: boolean
}

export interface BundleReport {
  chunks: Chunk[]
  totalBytes: number
  totalGzipBytes: number
  startPage: PageLoad
  boardRoute: PageLoad
  /** The start page loads no chunk with tldraw in it. */
  boardSplitFromStart: boolean
}

const TLDRAW_SOURCE = /node_modules\/(tldraw|@tldraw)\//

/** Every JS file under `<distDir>/assets`, with its sizes and whether it holds tldraw. */
export function readChunks(distDir: string): Chunk[] {
  const assets = join(distDir, 'assets')
  return readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const code = readFileSync(join(assets, file))
      const map = join(assets, `${file}.map`)
      const sources = existsSync(map) ? ((JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources ?? []) : []
      return { file, bytes: code.length, gzipBytes: gzipSync(code).length, hasTldraw: sources.some((source) => TLDRAW_SOURCE.test(source)) }
    })
    .sort((a, b) => b.bytes - a.bytes)
}

/** The build's chunks that a fresh browser fetches for `url` until the network is idle. */
async function chunksLoadedBy(browser: Browser, origin: string, url: string): Promise<string[]> {
  const { context, page } = await openPage(browser, origin)
  const loaded = new Set<string>()
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname
    if (path.startsWith('/assets/') && path.endsWith('.js')) loaded.add(basename(path))
  })
  try {
    await page.goto(url, { waitUntil: 'networkidle' })
    return [...loaded].sort()
  } finally {
    await context.close()
  }
}

function pageLoad(chunks: readonly Chunk[], files: readonly string[]): PageLoad {
  const picked = chunks.filter((chunk) => files.includes(chunk.file))
  return {
    chunks: picked.map((chunk) => chunk.file),
    bytes: picked.reduce((sum, chunk) => sum + chunk.bytes, 0),
    gzipBytes: picked.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
    tldrawLoaded: picked.some((chunk) => chunk.hasTldraw),
  }
}

/**
 * Sizes of the production JS and what the start page and a board page each load. The start page
 * must not load tldraw: the board route is its own chunk (client/main.tsx).
 */
export async function measureBundle(browser: Browser, distDir: string, origin: string, boardLink: string): Promise<BundleReport> {
  const chunks = readChunks(distDir)
  const startPage = pageLoad(chunks, await chunksLoadedBy(browser, origin, `${origin}/`))
  const boardRoute = pageLoad(chunks, await chunksLoadedBy(browser, origin, boardLink))
  return {
    chunks,
    totalBytes: chunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
    totalGzipBytes: chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
    startPage,
    boardRoute,
    boardSplitFromStart: !startPage.tldrawLoaded && boardRoute.tldrawLoaded,
  }
}
