/**
 * Access by link, as a feature: every sync connection gets the role of its link (`onAuthenticate`
 * in board-access.ts, unless an embedder authenticates connections itself), and two endpoints:
 *
 * Renewing a board's links (facilitator only).
 *   POST /api/boards/:id/links/:role/renew  (role: facilitator | participant | viewer | stage)
 *     -> 200 { links, tokens } with the new token for that role. The old one stops working at once;
 *        connections that used it are closed with 4401 and told why. Renewing the participant
 *        link replaces the board's join code too (the old code answers 404 at once).
 *     403 without a facilitator link, 404 for an unknown board or role.
 *
 * Download tokens for a board's files (see download-tokens.ts):
 *   POST /api/boards/:id/downloads { path }  with `Authorization: Bearer <link token>`
 *     -> 201 { token, url, expiresAt } (`url`: `path?d=<token>`, `expiresAt` in ISO 8601)
 *     -> 400 for a path that is not one of the board's downloads, 403 for a link that may not
 *        take it, 404 for an unknown board.
 */
import { isLinkRole } from '../../../shared/model/roles'
import type { BoardSessions } from '../../hooks'
import { originOf } from '../../http/public-origin'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { BoardStorage } from '../../storage/board-storage'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import { linksOf, type BoardAccess } from './board-access'
import type { DownloadTokens } from './download-tokens'

export interface AccessFeatureOptions {
  storage: BoardStorage
  access: BoardAccess
  downloads: DownloadTokens
  publicUrl: string | null
  /** False when an embedder's own `onAuthenticate` decides who a connection is instead of its link. */
  authenticates: boolean
  /** Told the new facilitator token after a renewal (signed-in facilitators open the board with it). */
  onFacilitatorRenewed(boardId: string, token: string): Promise<void>
}

export function accessFeature(options: AccessFeatureOptions): ServerFeature {
  return {
    ...(options.authenticates ? { hooks: options.access.hooks } : {}),
    registerRoutes(router, sessions) {
      registerLinkRoutes(router, options, sessions)
      registerDownloadRoutes(router, options)
    },
  }
}

/** `sessions`: the boards' open connections; renewing a link closes those that used the old one. */
function registerLinkRoutes(router: Router, { storage, access, publicUrl, onFacilitatorRenewed }: AccessFeatureOptions, sessions: BoardSessions): void {
  router.post('/api/boards/:id/links/:role/renew', async ({ req, res, params }) => {
    const board = await findBoard(storage, params.id!)
    const role = params.role!
    if (!isLinkRole(role)) throw new HttpError(404, 'no such role')
    const tokens = await access.renew(req, board, role, sessions)
    if (role === 'facilitator') await onFacilitatorRenewed(board.id, tokens.facilitator)
    sendJson(res, 200, { links: linksOf(originOf(req, publicUrl), board.id, tokens), tokens })
  })
}

function registerDownloadRoutes(router: Router, { storage, downloads }: AccessFeatureOptions): void {
  router.post('/api/boards/:id/downloads', async ({ req, res, params }) => {
    const body = await readJsonBody(req)
    // Read after the body, so that the links checked are the board's as of now.
    const board = await findBoard(storage, params.id!)
    const issued = downloads.issue(req, board, (body as { path?: unknown } | null)?.path)
    sendJson(res, 201, { token: issued.token, url: issued.url, expiresAt: new Date(issued.expiresAt).toISOString() })
  })
}
