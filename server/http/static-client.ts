/**
 * The built client (`dist/client`): files as they are, with the SPA fallback to `index.html`
 * for paths without a file extension (`/`, `/b/<id>`, later routes).
 *
 * Vite puts content-hashed files under `/assets/`; those never change and are cached for a
 * year. Everything else (index.html above all) is revalidated on each load so that a new
 * deployment is picked up at once. Without a build, pages answer 503 with instructions.
 *
 * A path of one of the app's pages (shared/routes.ts) gets that page's document, which preloads
 * the page's code (`pages/<page>.html`, scripts/page-preloads.ts), or `index.html` in a build
 * without those. Every HTML page carries the page security headers (security-headers.ts). Scripts, styles and
 * the like go out compressed (send-content.ts), from the `.br`/`.gz` files the build writes.
 */
import path from 'node:path'
import { routeFromPath } from '../../shared/routes'
import type { CompressedBodies } from './compressed-bodies'
import { sendError } from './respond'
import type { Router } from './router'
import type { PageHeaders } from './security-headers'
import { resolveBelow } from './safe-path'
import { sendFile } from './send-content'

/** Where the build puts the document of each page (scripts/page-preloads.ts). */
const PAGES_DIR = 'pages'

const IMMUTABLE = { 'Cache-Control': 'public, max-age=31536000, immutable' }
const REVALIDATE = { 'Cache-Control': 'no-cache' }

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>gatherboard: client not built</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>The client has not been built yet</h1>
<p>The server is running, but there is no built client to serve. Build it with
<code>npm run build</code> (or start everything with <code>npm start</code>) and reload this page.</p>
</body></html>
`

export function registerStaticClient(
  router: Router,
  staticDir: string | null,
  pageHeaders: PageHeaders,
  compressed: CompressedBodies,
): void {
  const page = { ...REVALIDATE, ...pageHeaders }
  router.get('/*', async ({ req, res, params }) => {
    const urlPath = params['*']!
    if (staticDir !== null) {
      const file = resolveBelow(staticDir, urlPath)
      if (file === null) {
        sendError(res, 404, 'not found')
        return
      }
      const headers = urlPath.startsWith('assets/') ? IMMUTABLE : path.extname(file) === '.html' ? page : REVALIDATE
      if (file !== path.resolve(staticDir) && (await sendFile(req, res, file, headers, compressed))) return
      if (path.extname(urlPath) !== '') {
        sendError(res, 404, 'not found')
        return
      }
      const route = routeFromPath(`/${urlPath}`)
      if (route.page !== 'not-found') {
        const preloading = path.join(staticDir, PAGES_DIR, `${route.page}.html`)
        if (await sendFile(req, res, preloading, page, compressed)) return
      }
      if (await sendFile(req, res, path.join(staticDir, 'index.html'), page, compressed)) return
    }
    res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...pageHeaders })
    res.end(NOT_BUILT_PAGE)
  })
}
