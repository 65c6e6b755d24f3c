/**
 * `GET /tldraw-assets/*`: tldraw's fonts, icons, translations and embed icons, served from the
 * installed `@tldraw/assets` package, so the app never fetches them from another host. The package
 * has no precompressed files: its translations and icons are compressed on the fly, once.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import type { CompressedBodies } from './compressed-bodies'
import { sendError } from './respond'
import type { Router } from './router'
import { resolveBelow } from './safe-path'
import { sendFile } from './send-content'

const ASSET_FOLDERS = new Set(['fonts', 'icons', 'translations', 'embed-icons'])
/** URLs are not versioned, but the package only changes with an upgrade: cache for a day. */
const HEADERS = { 'Cache-Control': 'public, max-age=86400' }

/** The directory of the installed `@tldraw/assets` package. */
export function tldrawAssetsDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('@tldraw/assets/package.json'))
}

export function registerTldrawAssets(router: Router, compressed: CompressedBodies, root: string = tldrawAssetsDir()): void {
  router.get('/tldraw-assets/*', async ({ req, res, params }) => {
    const rest = params['*']!
    const file = ASSET_FOLDERS.has(rest.split('/')[0]!) ? resolveBelow(root, rest) : null
    if (!file || !(await sendFile(req, res, file, HEADERS, compressed))) sendError(res, 404, 'not found')
  })
}
