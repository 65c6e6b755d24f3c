/**
 * Download tokens for a board's files (see server/roles/download-tokens.ts):
 *   POST /api/boards/:id/downloads { path }  with `Authorization: Bearer <link token>`
 *     -> 201 { token, url, expiresAt } (`url`: `path?d=<token>`, `expiresAt` in ISO 8601)
 *     -> 400 for a path that is not one of the board's downloads, 403 for a link that may not
 *        take it, 404 for an unknown board.
 */
import type { DownloadTokens } from '../features/access/download-tokens'
import type { BoardStorage } from '../storage/board-storage'
import { findBoard } from '../features/boards/boards-api'
import { readJsonBody } from './read-json'
import { sendJson } from './respond'
import type { Router } from './router'

export function registerDownloadRoutes(router: Router, { storage, downloads }: { storage: BoardStorage; downloads: DownloadTokens }): void {
  router.post('/api/boards/:id/downloads', async ({ req, res, params }) => {
    const body = await readJsonBody(req)
    // Read after the body, so that the links checked are the board's as of now.
    const board = findBoard(storage, params.id!)
    const issued = downloads.issue(req, board, (body as { path?: unknown } | null)?.path)
    sendJson(res, 201, { token: issued.token, url: issued.url, expiresAt: new Date(issued.expiresAt).toISOString() })
  })
}
